//! The content of plans as one value, and what is read from it: the
//! performance tree (pohon kinerja) from RPJMD tujuan down to sub-kegiatan,
//! and the consistency report. Elements refer to each other by code, which is
//! unique within a plan, so that a plan can be written to a workbook and read
//! back, and a Renstra sasaran keeps supporting an RPJMD sasaran across an
//! RPJMD revision.

use crate::planning::{ElementDraft, ElementKind, IndicatorDraft, Period, PlanKind, PlanStatus, Target};
use crate::{Locale, Reason};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What identifies a plan and its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanHeader {
    pub id: i64,
    pub kind: PlanKind,
    pub opd_id: Option<i64>,
    pub opd_name: Option<String>,
    pub period: Period,
    pub title: String,
    pub visi: Option<String>,
    /// 0 for the original plan, then 1, 2… for each revision (perubahan).
    pub revision: i32,
    pub status: PlanStatus,
    /// Replaced by a later revision: readable, no longer changeable.
    pub superseded: bool,
}

impl PlanHeader {
    pub fn label(&self, locale: Locale) -> String {
        let mut label = format!("{} {}–{}", self.kind.label(locale), self.period.start, self.period.end);
        if let Some(opd) = &self.opd_name {
            label = format!("{label} · {opd}");
        }
        if self.revision > 0 {
            label = format!("{label} ({} {})", locale.pick("Perubahan", "Revision"), self.revision);
        }
        label
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorContent {
    /// The stored row; `None` for content read from a workbook.
    pub id: Option<i64>,
    #[serde(flatten)]
    pub draft: IndicatorDraft,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ElementContent {
    pub id: Option<i64>,
    #[serde(flatten)]
    pub draft: ElementDraft,
    pub indicators: Vec<IndicatorContent>,
    /// Indicative budget (pagu) per year, for program, kegiatan and sub-kegiatan.
    pub budgets: Vec<(i32, Decimal)>,
    /// For a Renstra sasaran: the codes of the RPJMD sasaran it supports.
    pub supports: Vec<String>,
}

/// A plan with everything in it, elements parent first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub header: PlanHeader,
    pub elements: Vec<ElementContent>,
}

impl Plan {
    pub fn element(&self, code: &str) -> Option<&ElementContent> {
        self.elements.iter().find(|e| e.draft.code == code)
    }

    pub fn children<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a ElementContent> + 'a {
        self.elements.iter().filter(move |e| e.draft.parent_code.as_deref() == Some(code))
    }

    pub fn indicator_count(&self) -> usize {
        self.elements.iter().map(|e| e.indicators.len()).fold(0, usize::saturating_add)
    }

    /// The elements in tree order (each followed by its descendants), with depth.
    pub fn in_tree_order(&self) -> Vec<(usize, &ElementContent)> {
        let mut out = Vec::with_capacity(self.elements.len());
        let mut by_parent: HashMap<Option<&str>, Vec<&ElementContent>> = HashMap::new();
        for element in &self.elements {
            by_parent.entry(element.draft.parent_code.as_deref()).or_default().push(element);
        }
        let mut stack: Vec<(usize, &ElementContent)> =
            by_parent.get(&None).map(|roots| roots.iter().rev().map(|e| (0, *e)).collect()).unwrap_or_default();
        let mut seen = HashSet::new();
        while let Some((depth, element)) = stack.pop() {
            if !seen.insert(element.draft.code.as_str()) {
                continue;
            }
            out.push((depth, element));
            if let Some(children) = by_parent.get(&Some(element.draft.code.as_str())) {
                stack.extend(children.iter().rev().map(|c| (depth.saturating_add(1), *c)));
            }
        }
        // Elements whose parent is missing still show, at the top level.
        for element in &self.elements {
            if !seen.contains(element.draft.code.as_str()) {
                out.push((0, element));
            }
        }
        out
    }
}

/// Everything the tree and the consistency report read: the RPJMD in force
/// and the current Renstra of each OPD.
#[derive(Debug, Clone, Default)]
pub struct Cascade {
    pub rpjmd: Option<Plan>,
    pub renstra: Vec<Plan>,
}

/// A node of the performance tree.
#[derive(Debug, Clone, Serialize)]
pub struct TreeNode {
    /// Unique in the tree, for anchors and collapse state.
    pub key: String,
    /// The stored element, to hang figures (capaian) on.
    pub element_id: Option<i64>,
    pub kind: ElementKind,
    pub code: String,
    pub name: String,
    pub opd: Option<String>,
    /// Indicators with the target of the chosen year, displayed.
    pub indicators: Vec<TreeIndicator>,
    /// For a crosscutting Renstra sasaran: the other RPJMD sasaran it supports.
    pub also_supports: Vec<String>,
    pub children: Vec<TreeNode>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TreeIndicator {
    pub name: String,
    pub unit: String,
    pub target: Option<String>,
    pub is_iku: bool,
}

impl TreeNode {
    /// This node alone, without the subtree under it.
    pub fn leaf(&self) -> TreeNode {
        TreeNode {
            key: self.key.clone(),
            element_id: self.element_id,
            kind: self.kind,
            code: self.code.clone(),
            name: self.name.clone(),
            opd: self.opd.clone(),
            indicators: self.indicators.clone(),
            also_supports: self.also_supports.clone(),
            children: Vec::new(),
        }
    }

    pub fn count(&self) -> usize {
        self.children.iter().map(TreeNode::count).fold(1, usize::saturating_add)
    }

    /// Whether this node mentions `needle` (lower case) in its code, name,
    /// OPD or indicators.
    pub fn matches_self(&self, needle: &str) -> bool {
        let hit = |text: &str| text.to_lowercase().contains(needle);
        hit(&self.code)
            || hit(&self.name)
            || self.opd.as_deref().is_some_and(hit)
            || self.indicators.iter().any(|i| hit(&i.name))
    }

    /// Whether this node or one under it mentions `needle`.
    pub fn matches(&self, needle: &str) -> bool {
        self.matches_self(needle) || self.children.iter().any(|c| c.matches(needle))
    }
}

fn node(plan: &Plan, element: &ElementContent, key: String, year: i32, locale: Locale) -> TreeNode {
    TreeNode {
        key,
        element_id: element.id,
        kind: element.draft.kind,
        code: element.draft.code.clone(),
        name: element.draft.name.clone(),
        opd: plan.header.opd_name.clone(),
        indicators: element
            .indicators
            .iter()
            .map(|i| TreeIndicator {
                name: i.draft.name.clone(),
                unit: i.draft.unit.clone(),
                target: i.draft.targets.iter().find(|(y, _)| *y == year).map(|(_, t)| t.display(locale)),
                is_iku: i.draft.is_iku,
            })
            .collect(),
        also_supports: Vec::new(),
        children: Vec::new(),
    }
}

/// The subtree of a Renstra element: program → kegiatan → sub-kegiatan.
fn renstra_subtree(plan: &Plan, element: &ElementContent, key: String, year: i32, locale: Locale) -> TreeNode {
    let mut tree = node(plan, element, key.clone(), year, locale);
    tree.children = plan
        .children(&element.draft.code)
        .map(|child| renstra_subtree(plan, child, format!("{key}/{}", child.draft.code), year, locale))
        .collect();
    tree
}

/// The pohon kinerja for `year`: RPJMD tujuan → RPJMD sasaran → the Renstra
/// sasaran of every OPD that supports it → program → kegiatan → sub-kegiatan.
/// A Renstra sasaran supporting several RPJMD sasaran appears under each,
/// naming the others; those supporting none are gathered at the end.
pub fn performance_tree(cascade: &Cascade, year: i32, locale: Locale) -> (Vec<TreeNode>, Vec<TreeNode>) {
    let mut roots = Vec::new();
    let mut linked = HashSet::new();
    if let Some(rpjmd) = &cascade.rpjmd {
        for tujuan in rpjmd.elements.iter().filter(|e| e.draft.kind == ElementKind::Tujuan) {
            let key = format!("rpjmd/{}", tujuan.draft.code);
            let mut root = node(rpjmd, tujuan, key.clone(), year, locale);
            for sasaran in rpjmd.children(&tujuan.draft.code).filter(|e| e.draft.kind == ElementKind::Sasaran) {
                let key = format!("{key}/{}", sasaran.draft.code);
                let mut branch = node(rpjmd, sasaran, key.clone(), year, locale);
                for plan in &cascade.renstra {
                    for supporting in plan.elements.iter().filter(|e| e.supports.contains(&sasaran.draft.code)) {
                        linked.insert((plan.header.id, supporting.draft.code.as_str()));
                        let key = format!("{key}/{}/{}", plan.header.id, supporting.draft.code);
                        let mut child = renstra_subtree(plan, supporting, key, year, locale);
                        child.also_supports =
                            supporting.supports.iter().filter(|c| **c != sasaran.draft.code).cloned().collect();
                        branch.children.push(child);
                    }
                }
                root.children.push(branch);
            }
            roots.push(root);
        }
    }
    let unlinked = cascade
        .renstra
        .iter()
        .flat_map(|plan| {
            let linked = &linked;
            plan.elements
                .iter()
                .filter(move |e| {
                    e.draft.kind == ElementKind::Sasaran && !linked.contains(&(plan.header.id, e.draft.code.as_str()))
                })
                .map(move |e| {
                    renstra_subtree(plan, e, format!("lepas/{}/{}", plan.header.id, e.draft.code), year, locale)
                })
        })
        .collect();
    (roots, unlinked)
}

/// Whether a nomenclature code is in the version in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeStatus {
    Current,
    /// In an earlier version only.
    Retired,
    Unknown,
}

crate::org::keyed_enum! {
    /// The kinds of problem the consistency report lists.
    FindingKind {
        UnlinkedSasaran => "unlinked_sasaran", "Sasaran PD tidak terhubung ke sasaran RPJMD", "OPD sasaran linked to no RPJMD sasaran";
        BrokenLink => "broken_link", "Sasaran PD mendukung sasaran RPJMD yang tidak ada", "OPD sasaran supports an RPJMD sasaran that does not exist";
        UnsupportedSasaran => "unsupported_sasaran", "Sasaran RPJMD tidak didukung PD mana pun", "RPJMD sasaran no OPD supports";
        MissingTarget => "missing_target", "Indikator tanpa target pada tahun periode", "Indicator missing a target for a year";
        TargetOutsidePeriod => "target_outside_period", "Target di luar periode", "Target outside the period";
        PeriodOutsideRpjmd => "period_outside_rpjmd", "Periode Renstra di luar periode RPJMD", "Renstra period outside the RPJMD period";
        UnknownCode => "unknown_code", "Kode nomenklatur tidak dikenal", "Unknown nomenclature code";
        RetiredCode => "retired_code", "Kode nomenklatur sudah tidak berlaku", "Retired nomenclature code";
        BudgetMismatch => "budget_mismatch", "Pagu sub kegiatan/kegiatan tidak sama dengan induknya", "Budgets do not add up to their parent";
        DuplicateIndicator => "duplicate_indicator", "Indikator ganda", "Duplicate indicator";
        NoIndicator => "no_indicator", "Sasaran tanpa indikator", "Sasaran without an indicator";
    }
}

/// One problem, located at an element of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub plan_id: i64,
    pub plan: String,
    pub code: String,
    pub name: String,
    /// What exactly: a year, an indicator, the amounts that differ.
    pub detail: String,
}

/// Checks every rule of the consistency report (issue #3 §5).
pub fn consistency(cascade: &Cascade, code_status: &dyn Fn(&str) -> CodeStatus, locale: Locale) -> Vec<Finding> {
    let mut findings = Vec::new();
    let plans = cascade.rpjmd.iter().chain(&cascade.renstra);
    let rpjmd_sasaran: BTreeMap<&str, &ElementContent> = cascade
        .rpjmd
        .iter()
        .flat_map(|p| &p.elements)
        .filter(|e| e.draft.kind == ElementKind::Sasaran)
        .map(|e| (e.draft.code.as_str(), e))
        .collect();
    let supported: HashSet<&str> =
        cascade.renstra.iter().flat_map(|p| &p.elements).flat_map(|e| e.supports.iter().map(String::as_str)).collect();

    for plan in plans {
        let label = plan.header.label(locale);
        let mut push = |kind, element: &ElementContent, detail: String| {
            findings.push(Finding {
                kind,
                plan_id: plan.header.id,
                plan: label.clone(),
                code: element.draft.code.clone(),
                name: element.draft.name.clone(),
                detail,
            })
        };
        let period = plan.header.period;
        let mut seen_indicators: HashMap<(String, String), &str> = HashMap::new();
        for element in &plan.elements {
            let kind = element.draft.kind;
            if plan.header.kind == PlanKind::Renstra && kind == ElementKind::Sasaran {
                if element.supports.is_empty() {
                    push(FindingKind::UnlinkedSasaran, element, String::new());
                }
                for code in element
                    .supports
                    .iter()
                    .filter(|c| cascade.rpjmd.is_some() && !rpjmd_sasaran.contains_key(c.as_str()))
                {
                    push(FindingKind::BrokenLink, element, code.clone());
                }
            }
            if plan.header.kind == PlanKind::Rpjmd
                && kind == ElementKind::Sasaran
                && !supported.contains(element.draft.code.as_str())
            {
                push(FindingKind::UnsupportedSasaran, element, String::new());
            }
            if kind.has_indicators() && element.indicators.is_empty() && kind == ElementKind::Sasaran {
                push(FindingKind::NoIndicator, element, String::new());
            }
            for indicator in &element.indicators {
                let draft = &indicator.draft;
                let missing: Vec<String> = period
                    .years()
                    .filter(|y| !draft.targets.iter().any(|(year, _)| year == y))
                    .map(|y| y.to_string())
                    .collect();
                if !missing.is_empty() {
                    push(FindingKind::MissingTarget, element, format!("{}: {}", draft.name, missing.join(", ")));
                }
                for (year, _) in draft.targets.iter().filter(|(y, _)| !period.contains(*y)) {
                    push(FindingKind::TargetOutsidePeriod, element, format!("{}: {year}", draft.name));
                }
                let identity = (normalize(&draft.name), normalize(&draft.unit));
                if let Some(first) = seen_indicators.get(&identity) {
                    push(FindingKind::DuplicateIndicator, element, format!("{} ({first})", draft.name));
                } else {
                    seen_indicators.insert(identity, element.draft.code.as_str());
                }
            }
            if kind.code_level().is_some() {
                match code_status(&element.draft.code) {
                    CodeStatus::Current => {}
                    CodeStatus::Retired => push(FindingKind::RetiredCode, element, String::new()),
                    CodeStatus::Unknown => push(FindingKind::UnknownCode, element, String::new()),
                }
            }
            if matches!(kind, ElementKind::Program | ElementKind::Kegiatan) {
                for (year, pagu) in &element.budgets {
                    let children: Vec<Decimal> = plan
                        .children(&element.draft.code)
                        .filter_map(|c| c.budgets.iter().find(|(y, _)| y == year).map(|(_, b)| *b))
                        .collect();
                    let Some(sum) = crate::number::checked_sum(children.iter().copied()) else { continue };
                    if !children.is_empty() && sum != *pagu {
                        let show = |d: Decimal| crate::format::rupiah(d, locale);
                        push(
                            FindingKind::BudgetMismatch,
                            element,
                            format!("{year}: {} ≠ Σ {}", show(*pagu), show(sum)),
                        );
                    }
                }
            }
        }
        if let (PlanKind::Renstra, Some(rpjmd)) = (plan.header.kind, &cascade.rpjmd) {
            let outer = rpjmd.header.period;
            if !outer.contains(period.start) || !outer.contains(period.end) {
                findings.push(Finding {
                    kind: FindingKind::PeriodOutsideRpjmd,
                    plan_id: plan.header.id,
                    plan: label.clone(),
                    code: String::new(),
                    name: String::new(),
                    detail: format!("{}–{} / {}–{}", period.start, period.end, outer.start, outer.end),
                });
            }
        }
    }
    findings
}

fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The year's target of an indicator, for display.
pub fn target_of(draft: &IndicatorDraft, year: i32) -> Option<&Target> {
    draft.targets.iter().find(|(y, _)| *y == year).map(|(_, t)| t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::{Aggregation, Polarity, ValueKind};

    fn header(id: i64, kind: PlanKind, opd: Option<&str>) -> PlanHeader {
        PlanHeader {
            id,
            kind,
            opd_id: opd.map(|_| id),
            opd_name: opd.map(str::to_owned),
            period: Period { start: 2025, end: 2026 },
            title: String::new(),
            visi: None,
            revision: 0,
            status: PlanStatus::Draft,
            superseded: false,
        }
    }

    fn indicator(name: &str, years: &[i32]) -> IndicatorContent {
        IndicatorContent {
            id: None,
            draft: IndicatorDraft {
                name: name.into(),
                definition: None,
                formula: None,
                unit: "%".into(),
                polarity: Polarity::Higher,
                value_kind: ValueKind::Percent,
                aggregation: Aggregation::Last,
                data_source: None,
                responsible_opd: None,
                is_iku: false,
                baseline: None,
                final_target: None,
                targets: years.iter().map(|y| (*y, Target::Value { value: Decimal::from(*y - 2000) })).collect(),
                plausible_min: None,
                plausible_max: None,
            },
        }
    }

    fn element(kind: ElementKind, code: &str, parent: Option<&str>) -> ElementContent {
        ElementContent {
            id: None,
            draft: ElementDraft {
                kind,
                code: code.into(),
                name: format!("{} {code}", kind.key()),
                parent_code: parent.map(str::to_owned),
            },
            indicators: Vec::new(),
            budgets: Vec::new(),
            supports: Vec::new(),
        }
    }

    fn cascade() -> Cascade {
        let mut sasaran1 = element(ElementKind::Sasaran, "S1", Some("T1"));
        sasaran1.indicators.push(indicator("Angka harapan hidup", &[2025, 2026]));
        let mut sasaran2 = element(ElementKind::Sasaran, "S2", Some("T1"));
        sasaran2.indicators.push(indicator("Prevalensi stunting", &[2025]));
        let rpjmd = Plan {
            header: header(1, PlanKind::Rpjmd, None),
            elements: vec![
                element(ElementKind::Misi, "M1", None),
                element(ElementKind::Tujuan, "T1", Some("M1")),
                sasaran1,
                sasaran2,
            ],
        };
        let mut supporting = element(ElementKind::Sasaran, "SD1", Some("TD1"));
        supporting.supports = vec!["S1".into(), "S9".into()];
        supporting.indicators.push(indicator("Cakupan", &[2025, 2026, 2027]));
        let mut program = element(ElementKind::Program, "1.02.02", Some("SD1"));
        program.budgets = vec![(2025, Decimal::from(100))];
        let mut kegiatan = element(ElementKind::Kegiatan, "1.02.02.2.01", Some("1.02.02"));
        kegiatan.budgets = vec![(2025, Decimal::from(60))];
        let mut other = element(ElementKind::Kegiatan, "1.02.02.2.02", Some("1.02.02"));
        other.budgets = vec![(2025, Decimal::from(30))];
        let lone = element(ElementKind::Sasaran, "SD2", Some("TD1"));
        let renstra = Plan {
            header: header(2, PlanKind::Renstra, Some("Dinas Kesehatan")),
            elements: vec![element(ElementKind::Tujuan, "TD1", None), supporting, program, kegiatan, other, lone],
        };
        Cascade { rpjmd: Some(rpjmd), renstra: vec![renstra] }
    }

    #[test]
    fn tree_runs_from_tujuan_to_kegiatan_with_crosscutting_named() {
        let (roots, unlinked) = performance_tree(&cascade(), 2025, Locale::Id);
        assert_eq!(roots.len(), 1);
        let s1 = &roots[0].children[0];
        assert_eq!(s1.code, "S1");
        let supporting = &s1.children[0];
        assert_eq!((supporting.code.as_str(), supporting.opd.as_deref()), ("SD1", Some("Dinas Kesehatan")));
        assert_eq!(supporting.also_supports, ["S9"]);
        assert_eq!(supporting.children[0].children.len(), 2);
        assert_eq!(supporting.indicators[0].target.as_deref(), Some("25"));
        assert_eq!(roots[0].count(), 7);
        assert_eq!(unlinked.iter().map(|n| n.code.as_str()).collect::<Vec<_>>(), ["SD2"]);
        assert!(roots[0].matches("cakupan"));
        assert!(!roots[0].matches("jalan"));
    }

    #[test]
    fn consistency_finds_every_kind_of_problem() {
        let status = |code: &str| match code {
            "1.02.02" => CodeStatus::Current,
            "1.02.02.2.01" => CodeStatus::Retired,
            _ => CodeStatus::Unknown,
        };
        let findings = consistency(&cascade(), &status, Locale::Id);
        let found =
            |kind: FindingKind, code: &str| findings.iter().filter(|f| f.kind == kind && f.code == code).count();
        assert_eq!(found(FindingKind::UnlinkedSasaran, "SD2"), 1);
        assert_eq!(found(FindingKind::BrokenLink, "SD1"), 1);
        assert_eq!(found(FindingKind::UnsupportedSasaran, "S2"), 1);
        assert_eq!(found(FindingKind::UnsupportedSasaran, "S1"), 0);
        assert_eq!(found(FindingKind::MissingTarget, "S2"), 1);
        assert_eq!(found(FindingKind::TargetOutsidePeriod, "SD1"), 1);
        assert_eq!(found(FindingKind::RetiredCode, "1.02.02.2.01"), 1);
        assert_eq!(found(FindingKind::UnknownCode, "1.02.02.2.02"), 1);
        assert_eq!(found(FindingKind::BudgetMismatch, "1.02.02"), 1);
        assert_eq!(found(FindingKind::NoIndicator, "SD2"), 1);
        let mismatch = findings.iter().find(|f| f.kind == FindingKind::BudgetMismatch).unwrap();
        assert_eq!(mismatch.detail, "2025: Rp 100 ≠ Σ Rp 90");
    }

    #[test]
    fn duplicates_ignore_case_and_spacing() {
        let mut plans = cascade();
        let rpjmd = plans.rpjmd.as_mut().unwrap();
        rpjmd.elements[3].indicators.push(indicator("angka  Harapan hidup", &[2025, 2026]));
        let findings = consistency(&plans, &|_| CodeStatus::Current, Locale::Id);
        assert_eq!(findings.iter().filter(|f| f.kind == FindingKind::DuplicateIndicator).count(), 1);
    }

    #[test]
    fn tree_order_puts_children_after_parents() {
        let plan = &cascade().renstra[0];
        let order: Vec<(usize, &str)> = plan.in_tree_order().iter().map(|(d, e)| (*d, e.draft.code.as_str())).collect();
        assert_eq!(
            order,
            [(0, "TD1"), (1, "SD1"), (2, "1.02.02"), (3, "1.02.02.2.01"), (3, "1.02.02.2.02"), (1, "SD2")]
        );
    }
}
