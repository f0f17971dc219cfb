use super::*;
use domain::planning::RenjaItem;
use proptest::prelude::*;
use rust_xlsxwriter::Workbook;

const OPD: &str = "Dinas Kesehatan";

fn line(kind: ElementKind, code: &str, pagu: Option<&str>, changed: Option<&str>) -> RenjaItem {
    let amount = |a: Option<&str>| a.map(|a| Decimal::from_str(a).unwrap());
    RenjaItem {
        kind,
        code: code.into(),
        name: format!("Uraian {code}"),
        planned: Some(Decimal::from(1_000_000)),
        pagu: amount(pagu),
        pagu_perubahan: amount(changed),
    }
}

fn renja() -> Vec<RenjaItem> {
    vec![
        line(ElementKind::Program, "1.02.02", None, None),
        line(ElementKind::Kegiatan, "1.02.02.2.01", None, None),
        line(ElementKind::SubKegiatan, "1.02.02.2.01.0001", Some("150000000.50"), Some("175000000")),
        line(ElementKind::SubKegiatan, "1.02.02.2.01.0002", Some("25000000"), None),
        line(ElementKind::SubKegiatan, "1.02.02.2.01.0003", None, None),
    ]
}

fn known(lines: &[RenjaItem]) -> HashMap<String, ElementKind> {
    lines.iter().map(|l| (l.code.clone(), l.kind)).collect()
}

fn amounts(lines: &[RenjaItem]) -> Vec<RenjaBudget> {
    lines
        .iter()
        .filter_map(|l| l.pagu.map(|pagu| RenjaBudget { code: l.code.clone(), pagu, pagu_perubahan: l.pagu_perubahan }))
        .collect()
}

/// A workbook with the Renja layout and the given cells over the template's.
fn edited(lines: &[RenjaItem], cells: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name(SHEET).unwrap();
    sheet.write_string(0, 0, OPD_LABEL).unwrap();
    sheet.write_string(0, 1, OPD).unwrap();
    sheet.write_string(1, 0, YEAR_LABEL).unwrap();
    sheet.write_number(1, 1, 2026.0).unwrap();
    for (col, name) in COLUMNS.iter().enumerate() {
        sheet.write_string(HEADER_ROW as u32, col as u16, *name).unwrap();
    }
    for (i, l) in lines.iter().enumerate() {
        sheet.write_string((HEADER_ROW + 1 + i) as u32, 0, &l.code).unwrap();
    }
    for (row, col, text) in cells {
        sheet.write_string(*row, *col, *text).unwrap();
    }
    workbook.save_to_buffer().unwrap()
}

fn errors_of(bytes: &[u8], lines: &[RenjaItem]) -> Vec<(usize, String, Reason)> {
    read_renja(bytes, OPD, 2026, &known(lines), Locale::Id)
        .expect_err("rejected")
        .into_iter()
        .map(|e| (e.row, e.column, e.reason))
        .collect()
}

#[test]
fn an_export_reads_back_as_the_same_budgets() {
    let lines = renja();
    let bytes = write_renja(OPD, 2026, &lines).unwrap();
    let read = read_renja(&bytes, "dinas kesehatan", 2026, &known(&lines), Locale::Id).unwrap();
    assert_eq!(read.items, amounts(&lines));
    assert_eq!(read.row_count, 5);
}

#[test]
fn programs_and_kegiatan_show_the_sums_of_their_sub_kegiatan() {
    let bytes = write_renja(OPD, 2026, &renja()).unwrap();
    let sheet = read_named_sheet(&bytes, SHEET, Locale::Id).unwrap();
    // Program and kegiatan: 150,000,000.50 + 25,000,000; after the change 175,000,000 + 25,000,000.
    assert_eq!(sheet.text(4, PAGU), "175000000.5");
    assert_eq!(sheet.text(5, PAGU), "175000000.5");
    assert_eq!(sheet.text(4, CHANGED), "200000000");
    assert_eq!(sheet.text(6, PAGU), "150000000.5");
    assert_eq!(sheet.text(8, PAGU), "");
}

#[test]
fn formula_like_names_stay_text() {
    let mut lines = renja();
    lines[2].name = "=HYPERLINK(\"http://x\")".into();
    let bytes = write_renja("+Dinas", 2026, &lines).unwrap();
    let sheet = read_named_sheet(&bytes, SHEET, Locale::Id).unwrap();
    assert_eq!(sheet.text(6, 2), "=HYPERLINK(\"http://x\")");
    assert!(read_renja(&bytes, "+Dinas", 2026, &known(&lines), Locale::Id).is_ok());
}

#[test]
fn a_workbook_for_another_opd_or_year_is_refused() {
    let lines = renja();
    let bytes = write_renja(OPD, 2026, &lines).unwrap();
    let errors = read_renja(&bytes, "Dinas Pendidikan", 2027, &known(&lines), Locale::Id).unwrap_err();
    let located: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.column.as_str())).collect();
    assert_eq!(located, [(1, OPD_LABEL), (2, YEAR_LABEL)]);
    assert!(errors.iter().all(|e| e.reason == Reason::OtherSubject));
}

#[test]
fn every_bad_cell_is_reported_with_its_row_and_column() {
    let lines = renja();
    let bytes = edited(
        &lines,
        &[
            (6, 4, "-5"),
            (6, 5, "banyak"),
            (7, 5, "1000"),
            (8, 0, "9.99.99.9.99.9999"),
            (9, 0, "1.02.02.2.01.0001"),
            (10, 2, "uraian tanpa kode"),
        ],
    );
    assert_eq!(
        errors_of(&bytes, &lines),
        [
            (7, "Pagu DPA".to_owned(), Reason::Negative),
            (7, "Pagu Perubahan".to_owned(), Reason::NotANumber),
            (8, "Pagu DPA".to_owned(), Reason::Required),
            (9, "Kode".to_owned(), Reason::NotInPlan),
            (10, "Kode".to_owned(), Reason::AlreadyUsed),
            (11, "Kode".to_owned(), Reason::Required),
        ]
    );
}

#[test]
fn amounts_on_programs_and_kegiatan_are_not_read() {
    let lines = renja();
    let bytes = edited(&lines, &[(4, 4, "999"), (5, 4, "bukan angka"), (6, 4, "10,5")]);
    let read = read_renja(&bytes, OPD, 2026, &known(&lines), Locale::Id).unwrap();
    let ten_and_a_half = Decimal::from_str("10.5").unwrap();
    assert_eq!(
        read.items,
        [RenjaBudget { code: "1.02.02.2.01.0001".into(), pagu: ten_and_a_half, pagu_perubahan: None }]
    );
}

#[test]
fn a_file_that_is_not_the_renja_workbook_is_refused_whole() {
    let lines = renja();
    assert_eq!(errors_of(b"not a workbook", &lines), [(0, String::new(), Reason::NotAWorkbook)]);
    let plan = crate::workbook::write_plan(
        &domain::cascade::Plan {
            header: domain::cascade::PlanHeader {
                id: 1,
                kind: domain::planning::PlanKind::Renstra,
                opd_id: None,
                opd_name: None,
                period: domain::planning::Period { start: 2025, end: 2029 },
                title: "Renstra".into(),
                visi: None,
                revision: 0,
                status: domain::planning::PlanStatus::Draft,
                superseded: false,
            },
            elements: Vec::new(),
        },
        &HashMap::new(),
    )
    .unwrap();
    assert_eq!(errors_of(&plan, &lines), [(0, String::new(), Reason::MissingSheet { sheet: SHEET })]);
    let shifted = edited(&lines, &[(3, 4, "Pagu")]);
    assert_eq!(errors_of(&shifted, &lines), [(4, "Pagu DPA".to_owned(), Reason::HeaderMismatch)]);
}

fn money() -> impl Strategy<Value = Option<Decimal>> {
    // Up to 999 billion rupiah with sen: what a sub-kegiatan can hold, exact through a spreadsheet's double.
    proptest::option::of((0i64..99_999_999_999_999).prop_map(|sen| Decimal::new(sen, 2)))
}

proptest! {
    #[test]
    fn any_renja_round_trips(amounts_in in proptest::collection::vec((money(), money()), 1..40)) {
        let mut lines = vec![line(ElementKind::Program, "1.02.02", None, None), line(ElementKind::Kegiatan, "1.02.02.2.01", None, None)];
        for (i, (pagu, changed)) in amounts_in.iter().enumerate() {
            let mut sub = line(ElementKind::SubKegiatan, &format!("1.02.02.2.01.{:04}", i + 1), None, None);
            sub.pagu = *pagu;
            sub.pagu_perubahan = pagu.and(*changed);
            lines.push(sub);
        }
        let bytes = write_renja(OPD, 2026, &lines).unwrap();
        let read = read_renja(&bytes, OPD, 2026, &known(&lines), Locale::Id).unwrap();
        let expected: Vec<RenjaBudget> = amounts(&lines)
            .into_iter()
            .map(|a| RenjaBudget { pagu: a.pagu.normalize(), pagu_perubahan: a.pagu_perubahan.map(|c| c.normalize()), ..a })
            .collect();
        let got: Vec<RenjaBudget> = read
            .items
            .into_iter()
            .map(|a| RenjaBudget { pagu: a.pagu.normalize(), pagu_perubahan: a.pagu_perubahan.map(|c| c.normalize()), ..a })
            .collect();
        prop_assert_eq!(got, expected);
    }
}
