//! Bounded fuzzing of every reader of uploaded files: the plan, Renja and
//! realisation workbooks, any first sheet (nomenclature lists, `kinerja
//! capaian`) and evidence files. Inputs are real files with bytes flipped,
//! cut or spliced, and hand-written sheets with cells anywhere Excel allows
//! and beyond. Each reader must answer (a value or a reason) without a
//! panic, and the whole run must stay within bounded memory.
//!
//! `scripts/check` runs the default number of cases; `FUZZ_CASES=100000
//! cargo test -p docs --test fuzz_readers --release` runs a long campaign.

use docs::realisation_workbook::{TemplateBudget, TemplateLine, read_realisation, write_realisation};
use docs::renja_workbook::{read_renja, write_renja};
use docs::sheet::read_first_sheet;
use docs::testing::{raw_workbook, sheet_xml};
use docs::workbook::{read_plan, write_plan};
use domain::Locale;
use domain::cascade::Plan;
use domain::planning::{ElementKind, Period, PlanKind, RenjaItem};
use domain::realisation::{Entry, Subject};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

const PERIOD: Period = Period { start: 2025, end: 2029 };

fn cases() -> u32 {
    std::env::var("FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(400)
}

/// Real files each reader accepts, to mutate.
struct Seeds {
    plan: Vec<u8>,
    renja: Vec<u8>,
    realisation: Vec<u8>,
    pdf: Vec<u8>,
}

fn seeds() -> &'static Seeds {
    static SEEDS: OnceLock<Seeds> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let header = docs::testing::plan_header(PlanKind::Renstra, PERIOD);
        let plan = write_plan(&Plan { header, elements: Vec::new() }, &HashMap::new()).expect("plan template");
        let renja = write_renja("Dinas Kesehatan", 2026, &renja_items()).expect("renja workbook");
        let entry = Entry { actual: Some(Decimal::new(875, 1)), ..Entry::default() };
        let line = TemplateLine {
            subject: Subject::Indicator(7),
            element: "Sasaran",
            indicator: "Cakupan",
            unit: "%",
            target: Some(Decimal::from(90)),
            entry: Some(&entry),
        };
        let budget =
            TemplateBudget { code: "1.02.02.2.01.0001", name: "Sub", pagu: Some(Decimal::from(1000)), spent: None };
        let realisation =
            write_realisation("Dinas Kesehatan", 2026, "TW III", &[line], &[budget]).expect("realisation workbook");
        Seeds { plan, renja, realisation, pdf: docs::testing::sample_pdf() }
    })
}

fn renja_items() -> Vec<RenjaItem> {
    vec![RenjaItem {
        kind: ElementKind::SubKegiatan,
        code: "1.02.02.2.01.0001".into(),
        name: "Sub".into(),
        planned: None,
        pagu: Some(Decimal::from(1000)),
        pagu_perubahan: None,
    }]
}

/// Runs every reader over the bytes; any panic fails the case.
fn read_everything(bytes: &[u8]) {
    for locale in [Locale::Id, Locale::En] {
        let _ = read_plan(bytes, PlanKind::Renstra, PERIOD, &[(7, "Dinas Kesehatan".into())], locale);
        let known: HashMap<String, ElementKind> =
            [("1.02.02.2.01.0001".to_owned(), ElementKind::SubKegiatan)].into_iter().collect();
        let _ = read_renja(bytes, "Dinas Kesehatan", 2026, &known, locale);
        let subjects: HashSet<Subject> = [Subject::Indicator(7)].into_iter().collect();
        let codes: HashSet<String> = ["1.02.02.2.01.0001".to_owned()].into_iter().collect();
        let _ = read_realisation(bytes, "Dinas Kesehatan", 2026, "TW III", &subjects, &codes, locale);
        if let Ok(sheet) = read_first_sheet(bytes, locale) {
            for row in sheet.rows().take(50) {
                for col in 0..8 {
                    let _ = domain::number::parse(&sheet.entry(row, col), locale);
                }
            }
        }
    }
    let _ = docs::evidence::inspect(bytes);
}

/// A seed with some bytes overwritten, cut short, or spliced with another.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    let seed = prop_oneof![Just(0usize), Just(1), Just(2), Just(3)];
    (
        seed,
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..24),
        any::<prop::sample::Index>(),
        any::<bool>(),
    )
        .prop_map(|(which, flips, cut, truncate)| {
            let seeds = seeds();
            let mut bytes = [&seeds.plan, &seeds.renja, &seeds.realisation, &seeds.pdf][which].clone();
            for (at, value) in flips {
                let i = at.index(bytes.len());
                bytes[i] = value;
            }
            if truncate {
                bytes.truncate(cut.index(bytes.len()).max(1));
            }
            bytes
        })
}

/// A cell reference: ordinary, at Excel's last cell, past it, or malformed.
fn cell_ref() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0u32..30, 1u32..200).prop_map(|(col, row)| format!("{}{row}", column_name(col))),
        1 => Just("XFD1048576".to_owned()),
        1 => Just("ZZZZ99999999".to_owned()),
        1 => (0u32..16_384, 1u32..1_048_577).prop_map(|(col, row)| format!("{}{row}", column_name(col))),
        1 => "[A-Z0-9]{0,12}",
    ]
}

fn column_name(mut col: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// A cell's XML: numbers (huge and tiny too), inline and shared strings
/// (indexes that exist and that do not), booleans, errors, markup.
fn cell() -> impl Strategy<Value = String> {
    (cell_ref(), 0u8..7, "[-0-9.,eE ]{0,30}", "[\\PC<>&]{0,20}").prop_map(|(r, kind, number, text)| {
        let text = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        match kind {
            0 => format!(r#"<c r="{r}"><v>{number}</v></c>"#),
            1 => format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#),
            2 => format!(r#"<c r="{r}" t="s"><v>{}</v></c>"#, number.len() * 1000),
            3 => format!(r#"<c r="{r}" t="b"><v>1</v></c>"#),
            4 => format!(r#"<c r="{r}" t="e"><v>#DIV/0!</v></c>"#),
            5 => format!(r#"<c r="{r}"><v>1e308</v></c>"#),
            _ => format!(r#"<c r="{r}" t="str"><v>{text}</v></c>"#),
        }
    })
}

fn hand_written() -> impl Strategy<Value = Vec<u8>> {
    (cell_ref(), cell_ref(), prop::collection::vec(prop::collection::vec(cell(), 0..6), 0..12)).prop_map(
        |(from, to, rows)| {
            let rows: String = rows
                .into_iter()
                .enumerate()
                .map(|(i, cells)| format!(r#"<row r="{}">{}</row>"#, i + 1, cells.concat()))
                .collect();
            raw_workbook(&sheet_xml(&format!("{from}:{to}"), &rows), &[])
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_files_never_panic_a_reader(bytes in mutated()) {
        read_everything(&bytes);
    }

    #[test]
    fn hand_written_sheets_never_panic_a_reader(bytes in hand_written()) {
        read_everything(&bytes);
    }

    #[test]
    fn random_bytes_never_panic_a_reader(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        read_everything(&bytes);
    }
}

/// Peak memory of this test process (VmHWM), after the campaigns above
/// have run in it; a reader that allocated by a declared size would show here.
#[test]
fn memory_stays_bounded() {
    // The campaigns run in other threads of the same process; run one case of each here too.
    read_everything(&raw_workbook(
        &sheet_xml("A1:XFD1048576", r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#),
        &[],
    ));
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak_kb: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    assert!(peak_kb < 1024 * 1024, "peak memory {peak_kb} kB is over 1 GiB");
}
