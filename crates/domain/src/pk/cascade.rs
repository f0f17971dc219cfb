//! Coverage of the PK cascade for a year: every row of a subordinate's PK
//! points to the superior's row it supports, and every superior row should
//! be supported by someone below (PermenPAN-RB 89/2021, penjenjangan).

use super::{PkLevel, PkRow};
use std::collections::{HashMap, HashSet};

/// One agreement as the coverage check sees it: the current version's rows.
#[derive(Debug, Clone)]
pub struct Agreement<'a> {
    pub pk_id: i64,
    pub level: PkLevel,
    /// The PK of the superior position in the same year, if drafted.
    pub superior: Option<i64>,
    pub rows: &'a [PkRow],
}

/// A row of one agreement, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RowRef {
    pub pk_id: i64,
    pub row: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Rows of agreements that have subordinates, which none of them supports.
    pub unsupported: Vec<RowRef>,
    /// Rows of subordinate agreements whose parent is missing or unknown.
    pub orphans: Vec<RowRef>,
    /// Rows that point to their superior's row, by parent row.
    pub children: HashMap<RowRef, Vec<RowRef>>,
}

pub fn coverage(agreements: &[Agreement<'_>]) -> Coverage {
    let by_id: HashMap<i64, &Agreement<'_>> = agreements.iter().map(|a| (a.pk_id, a)).collect();
    let with_subordinates: HashSet<i64> = agreements.iter().filter_map(|a| a.superior).collect();
    let mut result = Coverage::default();
    for agreement in agreements {
        if agreement.level == PkLevel::KepalaDaerah {
            continue;
        }
        let superior = agreement.superior.and_then(|id| by_id.get(&id));
        for (index, row) in agreement.rows.iter().enumerate() {
            let this = RowRef { pk_id: agreement.pk_id, row: index };
            let parent = superior.and_then(|sup| {
                let key = row.parent_key.as_deref()?;
                sup.rows.iter().position(|r| r.key == key).map(|row| RowRef { pk_id: sup.pk_id, row })
            });
            match parent {
                Some(parent) => result.children.entry(parent).or_default().push(this),
                None => result.orphans.push(this),
            }
        }
    }
    for agreement in agreements.iter().filter(|a| with_subordinates.contains(&a.pk_id)) {
        for index in 0..agreement.rows.len() {
            let this = RowRef { pk_id: agreement.pk_id, row: index };
            if !result.children.contains_key(&this) {
                result.unsupported.push(this);
            }
        }
    }
    result
}
