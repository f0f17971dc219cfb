use super::*;
use calamine::{Data, Reader, Xlsx};
use domain::cascade::PlanHeader;
use domain::planning::{Aggregation, ElementKind, Polarity, Target, ValueKind};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::io::Cursor;

const PERIOD: Period = Period { start: 2025, end: 2029 };

fn header(kind: PlanKind) -> PlanHeader {
    crate::testing::plan_header(kind, PERIOD)
}

fn indicator(name: &str, polarity: Polarity, targets: Vec<(i32, Target)>) -> IndicatorContent {
    IndicatorContent {
        id: None,
        draft: IndicatorDraft {
            name: name.into(),
            definition: Some("=HYPERLINK(\"http://x\")".into()),
            formula: None,
            unit: "%".into(),
            polarity,
            value_kind: ValueKind::Percent,
            aggregation: Aggregation::Last,
            data_source: Some("BPS".into()),
            responsible_opd: Some(7),
            is_iku: true,
            baseline: Some(Target::Value { value: Decimal::new(1255, 2) }),
            final_target: None,
            targets,
            plausible_min: None,
            plausible_max: Some(Decimal::new(1_0125, 2)),
        },
    }
}

fn element(kind: ElementKind, code: &str, parent: Option<&str>) -> ElementContent {
    ElementContent {
        id: None,
        draft: ElementDraft {
            kind,
            code: code.into(),
            name: format!("Uraian {code}"),
            parent_code: parent.map(str::to_owned),
        },
        indicators: Vec::new(),
        budgets: Vec::new(),
        supports: Vec::new(),
    }
}

fn opds() -> Vec<(i64, String)> {
    vec![(7, "Dinas Kesehatan".into())]
}

fn names() -> HashMap<i64, String> {
    opds().into_iter().collect()
}

fn renstra() -> Plan {
    let mut sasaran = element(ElementKind::Sasaran, "SD1", Some("TD1"));
    sasaran.supports = vec!["S1.1".into(), "S2.1".into()];
    sasaran.indicators.push(indicator(
        "Prevalensi stunting",
        Polarity::Lower,
        vec![(2025, Target::Value { value: Decimal::new(185, 1) }), (2026, Target::Value { value: Decimal::from(17) })],
    ));
    sasaran.indicators.push(indicator(
        "Inflasi",
        Polarity::Range,
        vec![(2025, Target::Range { low: Decimal::new(15, 1), high: Decimal::new(35, 1) })],
    ));
    let mut program = element(ElementKind::Program, "1.02.02", Some("SD1"));
    program.budgets = vec![(2025, Decimal::new(125_000_000_050, 2)), (2026, Decimal::from(1_300_000_000))];
    Plan {
        header: header(PlanKind::Renstra),
        elements: vec![element(ElementKind::Tujuan, "TD1", None), sasaran, program],
    }
}

fn without_ids(mut elements: Vec<ElementContent>) -> Vec<ElementContent> {
    for e in &mut elements {
        e.id = None;
        for i in &mut e.indicators {
            i.id = None;
        }
    }
    elements
}

#[test]
fn export_imports_back_unchanged() {
    let plan = renstra();
    let bytes = write_plan(&plan, &names()).unwrap();
    let read = read_plan(&bytes, PlanKind::Renstra, PERIOD, &opds(), Locale::Id).unwrap();
    assert_eq!(read.elements, without_ids(plan.elements.clone()));
    assert_eq!(read.rows.get("SD1"), Some(&3));
    assert_eq!(read.row_count, 4);
}

#[test]
fn formula_like_text_stays_text() {
    let bytes = write_plan(&renstra(), &names()).unwrap();
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let formulas = workbook.worksheet_formula(SHEET).unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no cell holds a formula");
    let values = workbook.worksheet_range(SHEET).unwrap();
    assert_eq!(values.get_value((2, 6)), Some(&Data::String("=HYPERLINK(\"http://x\")".into())));
}

#[test]
fn every_error_is_located_and_nothing_is_returned() {
    let mut plan = renstra();
    plan.elements[1].indicators[0].draft.unit = "%".into();
    let bytes = write_plan(&plan, &names()).unwrap();
    // Re-read against another period: the header no longer fits.
    let wrong_period =
        read_plan(&bytes, PlanKind::Renstra, Period { start: 2026, end: 2030 }, &opds(), Locale::Id).unwrap_err();
    assert_eq!((wrong_period[0].row, wrong_period[0].column.as_str()), (1, "Target 2026"));
    assert!(wrong_period.iter().all(|e| e.reason == Reason::HeaderMismatch));
    // An OPD the pemda does not have, and an RPJMD read of a Renstra file.
    let unknown_opd = read_plan(&bytes, PlanKind::Renstra, PERIOD, &[], Locale::Id).unwrap_err();
    assert_eq!(
        unknown_opd.iter().map(|e| (e.row, e.column.as_str())).collect::<Vec<_>>(),
        [(3, "OPD Penanggung Jawab"), (4, "OPD Penanggung Jawab")]
    );
    let as_rpjmd = read_plan(&bytes, PlanKind::Rpjmd, PERIOD, &opds(), Locale::Id).unwrap_err();
    assert!(as_rpjmd.iter().any(|e| e.row == 2 && e.column == "Kode Induk"), "{as_rpjmd:?}");
    assert_eq!(
        read_plan(b"not a zip", PlanKind::Rpjmd, PERIOD, &[], Locale::Id).unwrap_err()[0].reason,
        Reason::NotAWorkbook
    );
}

#[test]
fn template_is_an_empty_plan_with_the_header() {
    let plan = Plan { header: header(PlanKind::Rpjmd), elements: Vec::new() };
    let bytes = write_plan(&plan, &HashMap::new()).unwrap();
    let read = read_plan(&bytes, PlanKind::Rpjmd, PERIOD, &[], Locale::Id).unwrap();
    assert!(read.elements.is_empty());
}

fn decimal() -> impl Strategy<Value = Decimal> {
    (-1_000_000_000i64..1_000_000_000, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s))
}

fn target(polarity: Polarity) -> impl Strategy<Value = Target> {
    (decimal(), 0i64..100_000).prop_map(move |(low, width)| match polarity {
        Polarity::Range => Target::Range { low, high: low + Decimal::new(width, 2) },
        _ => Target::Value { value: low },
    })
}

fn any_indicator() -> impl Strategy<Value = IndicatorContent> {
    let text = "[A-Za-z0-9=+@ -]{1,30}";
    (
        text,
        prop::sample::select(vec![Polarity::Higher, Polarity::Lower, Polarity::Range]),
        any::<bool>(),
        prop::sample::subsequence(vec![2025, 2026, 2027, 2028, 2029], 0..=5),
        prop::option::of(decimal()),
    )
        .prop_flat_map(|(name, polarity, iku, years, plausible_min)| {
            let n = years.len();
            (
                Just(name),
                Just(polarity),
                Just(iku),
                Just(years),
                prop::collection::vec(target(polarity), n),
                prop::option::of(target(polarity)),
                Just(plausible_min),
            )
        })
        .prop_filter("names are trimmed single-line text", |(name, ..)| name.trim() == name && !name.contains("  "))
        .prop_map(|(name, polarity, is_iku, years, targets, baseline, plausible_min)| IndicatorContent {
            id: None,
            draft: IndicatorDraft {
                name,
                definition: None,
                formula: Some("-(R/T)".into()),
                unit: "orang".into(),
                polarity,
                value_kind: ValueKind::Number,
                aggregation: Aggregation::Sum,
                data_source: None,
                responsible_opd: None,
                is_iku,
                baseline,
                final_target: None,
                targets: years.into_iter().zip(targets).collect(),
                plausible_min,
                plausible_max: None,
            },
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any Renstra, written and read back, is the same Renstra.
    #[test]
    fn round_trip_is_identity(
        indicators in prop::collection::vec(prop::collection::vec(any_indicator(), 0..3), 1..4),
        budgets in prop::collection::vec((0i64..10_000_000_000_000, 0u32..3), 1..4),
        english in any::<bool>(),
    ) {
        let mut elements = vec![element(ElementKind::Tujuan, "T1", None)];
        for (i, list) in indicators.into_iter().enumerate() {
            let code = format!("S{i}");
            let mut sasaran = element(ElementKind::Sasaran, &code, Some("T1"));
            sasaran.indicators = list;
            let program_code = format!("1.02.{:02}", i + 2);
            elements.push(sasaran);
            let mut program = element(ElementKind::Program, &program_code, Some(&code));
            program.budgets = budgets.iter().take(i + 1).enumerate().map(|(y, (m, s))| (2025 + y as i32, Decimal::new(*m, *s).normalize())).collect();
            elements.push(program);
        }
        let plan = Plan { header: header(PlanKind::Renstra), elements };
        let bytes = write_plan(&plan, &HashMap::new()).unwrap();
        // Whoever imports it, in either language, reads the same numbers (1.125 is never 1125).
        let locale = if english { Locale::En } else { Locale::Id };
        let read = read_plan(&bytes, PlanKind::Renstra, PERIOD, &[], locale).unwrap();
        prop_assert_eq!(read.elements, plan.elements);
    }
}
