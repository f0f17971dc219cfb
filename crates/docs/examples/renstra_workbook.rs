//! Writes a large Renstra workbook for the import benchmark (scripts/bench):
//! every program, kegiatan and sub-kegiatan of the shipped nomenclature under
//! generated sasaran, each sasaran with five indicators, until `ROWS` rows.
//!
//! cargo run --release -p docs --example renstra_workbook -- OUT.xlsx START END ROWS

use docs::workbook::write_plan;
use domain::cascade::{ElementContent, IndicatorContent, Plan, PlanHeader};
use domain::planning::{
    Aggregation, ElementDraft, ElementKind, IndicatorDraft, Period, PlanKind, PlanStatus, Polarity, Target, ValueKind,
};
use rust_decimal::Decimal;

const NOMENCLATURE: &str = include_str!("../../store/data/nomenklatur/kepmendagri-900.1-861-2026.csv");

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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, out, start, end, rows] = args.as_slice() else {
        eprintln!("usage: renstra_workbook OUT.xlsx START END ROWS");
        std::process::exit(2);
    };
    let period = Period::parse(start, end).expect("period");
    let rows: usize = rows.parse().expect("rows");
    let indicator = |n: usize| IndicatorContent {
        id: None,
        draft: IndicatorDraft {
            name: format!("Indikator kinerja {n}"),
            definition: Some("Definisi operasional indikator".into()),
            formula: Some("realisasi / target × 100".into()),
            unit: "%".into(),
            polarity: Polarity::Higher,
            value_kind: ValueKind::Percent,
            aggregation: Aggregation::Last,
            data_source: Some("Data perangkat daerah".into()),
            responsible_opd: None,
            is_iku: n.is_multiple_of(7),
            baseline: Some(Target::Value { value: Decimal::new(605, 1) }),
            final_target: Some(Target::Value { value: Decimal::from(90) }),
            targets: period
                .years()
                .enumerate()
                .map(|(i, y)| (y, Target::Value { value: Decimal::from(65 + i as i64 * 5) }))
                .collect(),
            plausible_min: None,
            plausible_max: None,
        },
    };
    let mut elements = vec![element(ElementKind::Tujuan, "T1", None)];
    let mut count = 1;
    // The nomenclature's programs hang under the first sasaran.
    elements.push(element(ElementKind::Sasaran, "S1", Some("T1")));
    for line in NOMENCLATURE.lines().skip(1) {
        let mut fields = line.splitn(3, ',');
        let (Some(code), Some(level)) = (fields.next(), fields.next()) else { continue };
        let (kind, parent) = match level {
            "program" => (ElementKind::Program, "S1".to_owned()),
            "kegiatan" => (ElementKind::Kegiatan, code[..code.len() - 5].to_owned()),
            "sub_kegiatan" => (ElementKind::SubKegiatan, code[..code.len() - 5].to_owned()),
            _ => continue,
        };
        let mut e = element(kind, code, Some(&parent));
        if kind == ElementKind::SubKegiatan {
            e.budgets = period.years().map(|y| (y, Decimal::from(250_000_000))).collect();
        }
        elements.push(e);
        count += 1;
    }
    let mut n = 0;
    while count < rows {
        let code = format!("S{}", n + 2);
        let mut sasaran = element(ElementKind::Sasaran, &code, Some("T1"));
        for _ in 0..5.min(rows - count) {
            n += 1;
            sasaran.indicators.push(indicator(n));
        }
        count += sasaran.indicators.len().max(1);
        elements.push(sasaran);
    }
    let header = PlanHeader {
        id: 0,
        kind: PlanKind::Renstra,
        opd_id: None,
        opd_name: None,
        period,
        title: "Renstra benchmark".into(),
        visi: None,
        revision: 0,
        status: PlanStatus::Draft,
        superseded: false,
    };
    let bytes = write_plan(&Plan { header, elements }, &Default::default()).expect("workbook");
    std::fs::write(out, bytes).expect("write");
    println!("{out}: {count} rows");
}
