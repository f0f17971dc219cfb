//! The Permendagri 90/2019 code of urusan, bidang urusan, program, kegiatan
//! and sub-kegiatan: `U.BB.PP.K.KK.SSSS`, e.g. `1.02.02.2.01.0001`
//! (sakip-rules.md §1). Program penunjang codes use `X` for the urusan and
//! `XX` for the bidang: `X.XX.01.2.07.0002`.

use crate::Reason;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeLevel {
    Urusan,
    BidangUrusan,
    Program,
    Kegiatan,
    SubKegiatan,
}

impl CodeLevel {
    pub fn key(self) -> &'static str {
        match self {
            CodeLevel::Urusan => "urusan",
            CodeLevel::BidangUrusan => "bidang_urusan",
            CodeLevel::Program => "program",
            CodeLevel::Kegiatan => "kegiatan",
            CodeLevel::SubKegiatan => "sub_kegiatan",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, Reason> {
        let all = [
            CodeLevel::Urusan,
            CodeLevel::BidangUrusan,
            CodeLevel::Program,
            CodeLevel::Kegiatan,
            CodeLevel::SubKegiatan,
        ];
        all.into_iter().find(|l| l.key() == raw.trim()).ok_or(Reason::UnknownOption)
    }
}

/// The width of each segment, left to right; `X` stands for any digit in
/// the urusan and bidang of a program penunjang.
const SEGMENTS: [usize; 6] = [1, 2, 2, 1, 2, 4];

/// A well-formed nomenclature code. Whether it exists in a version of the
/// reference list is for the store to say.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct NomenclatureCode(String);

impl NomenclatureCode {
    pub fn parse(raw: &str) -> Result<Self, Reason> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(Reason::Required);
        }
        let parts: Vec<&str> = raw.split('.').collect();
        // Four segments would be a kegiatan without its second part.
        if parts.len() > SEGMENTS.len() || parts.len() == 4 {
            return Err(Reason::CodeShape);
        }
        for (index, (part, width)) in parts.iter().zip(SEGMENTS).enumerate() {
            let placeholder = index < 2 && part.chars().all(|c| c == 'X' || c == 'x');
            if part.len() != width || !(placeholder || part.chars().all(|c| c.is_ascii_digit())) {
                return Err(Reason::CodeSegment { position: index.saturating_add(1) });
            }
        }
        Ok(NomenclatureCode(raw.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> CodeLevel {
        match self.0.split('.').count() {
            1 => CodeLevel::Urusan,
            2 => CodeLevel::BidangUrusan,
            3 => CodeLevel::Program,
            5 => CodeLevel::Kegiatan,
            _ => CodeLevel::SubKegiatan,
        }
    }

    /// The code one level up: a sub-kegiatan's kegiatan, a kegiatan's program.
    pub fn parent(&self) -> Option<NomenclatureCode> {
        let drop = match self.level() {
            CodeLevel::Urusan => return None,
            CodeLevel::Kegiatan => 2,
            _ => 1,
        };
        let parts: Vec<&str> = self.0.split('.').collect();
        Some(NomenclatureCode(parts.get(..parts.len().saturating_sub(drop))?.join(".")))
    }

    /// The bidang urusan (`1.02`), or `X.XX` for a program penunjang.
    pub fn bidang(&self) -> Option<&str> {
        self.0.get(..4).filter(|_| self.level() >= CodeLevel::BidangUrusan)
    }
}

impl std::fmt::Display for NomenclatureCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn levels_and_parents() {
        let sub = NomenclatureCode::parse("1.02.02.2.01.0001").unwrap();
        assert_eq!(sub.level(), CodeLevel::SubKegiatan);
        let kegiatan = sub.parent().unwrap();
        assert_eq!((kegiatan.as_str(), kegiatan.level()), ("1.02.02.2.01", CodeLevel::Kegiatan));
        assert_eq!(kegiatan.parent().unwrap().as_str(), "1.02.02");
        assert_eq!(sub.bidang(), Some("1.02"));
        assert_eq!(NomenclatureCode::parse("x.xx.01.2.07.0002").unwrap().as_str(), "X.XX.01.2.07.0002");
    }

    #[test]
    fn bad_codes_name_the_segment() {
        assert_eq!(NomenclatureCode::parse("1.2.02"), Err(Reason::CodeSegment { position: 2 }));
        assert_eq!(NomenclatureCode::parse("1.02.02.2"), Err(Reason::CodeShape));
        assert_eq!(NomenclatureCode::parse("1.02.02.2.01.001"), Err(Reason::CodeSegment { position: 6 }));
        assert_eq!(NomenclatureCode::parse("1.02.XX"), Err(Reason::CodeSegment { position: 3 }));
        assert_eq!(NomenclatureCode::parse("1.02.02.2.01.0001.1"), Err(Reason::CodeShape));
    }

    proptest! {
        #[test]
        fn parsing_never_panics(raw in "[0-9X.]{0,24}") {
            let _ = NomenclatureCode::parse(&raw);
        }

        #[test]
        fn every_parent_is_a_valid_code(u in 1u8..9, b in 1u8..40, p in 1u8..30, k in 1u8..3, kk in 1u8..20, s in 1u16..100) {
            let code = NomenclatureCode::parse(&format!("{u}.{b:02}.{p:02}.{k}.{kk:02}.{s:04}")).unwrap();
            let mut current = Some(code);
            while let Some(c) = current {
                prop_assert_eq!(NomenclatureCode::parse(c.as_str()), Ok(c.clone()));
                current = c.parent();
            }
        }
    }
}
