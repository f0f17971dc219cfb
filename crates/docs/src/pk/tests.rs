use super::*;
use domain::org::AssignmentKind;
use domain::pk::{BudgetRow, Party, PkRow, PkRowInput};
use rust_decimal::Decimal;

pub(crate) fn content() -> PkContent {
    let row = PkRow::parse(
        &PkRowInput {
            goal: "Meningkatnya derajat kesehatan masyarakat".into(),
            indicator: "Angka kematian ibu".into(),
            unit: "per 100.000 KH".into(),
            value_kind: "number".into(),
            polarity: "lower".into(),
            aggregation: "last".into(),
            target: "95,5".into(),
            q1: "95,5".into(),
            q2: "95,5".into(),
            q3: "95,5".into(),
            q4: "95,5".into(),
            parent_key: String::new(),
        },
        "i1".into(),
        None,
        domain::Locale::Id,
    )
    .unwrap();
    PkContent {
        code: "7K2M-9QXA-0000-ABCD".into(),
        tenant_code: "16.03".into(),
        tenant_name: "Kabupaten Muara Enim".into(),
        year: 2026,
        number: 1,
        level: PkLevel::KepalaOpd,
        first: Party {
            official_id: 1,
            name: "dr. Siti Rahman, M.Kes.".into(),
            nip: "197501012000122001".into(),
            pangkat: "Pembina Utama Muda (IV/c)".into(),
            position: "Plt. Kepala Dinas Kesehatan".into(),
            assignment: AssignmentKind::Plt,
        },
        second: Some(Party {
            official_id: 2,
            name: "Dr. H. Ahmad Yani, S.H., M.H.".into(),
            nip: String::new(),
            pangkat: String::new(),
            position: "Bupati Muara Enim".into(),
            assignment: AssignmentKind::Definitif,
        }),
        place: "Muara Enim".into(),
        date: time::macros::date!(2026 - 01 - 31),
        rows: vec![row],
        budget: vec![
            BudgetRow {
                code: "1.02.02".into(),
                name: "Program Pemenuhan Upaya Kesehatan".into(),
                amount: Decimal::from(1_250_000_000),
                note: String::new(),
            },
            BudgetRow {
                code: "1.02.03".into(),
                name: "Program SDM Kesehatan".into(),
                amount: Decimal::from(250_500_000),
                note: "DAK".into(),
            },
        ],
        amendment: None,
    }
}

fn print(content: &PkContent, status: PkStatus) -> PkPrint<'_> {
    PkPrint {
        content,
        status,
        opd_name: Some("Dinas Kesehatan"),
        signed: vec![SignedBy { party: "first", at: "30 Januari 2026 09.15 WIB".into(), key: "a1b2c3d4".into() }],
        verify_url: "https://kinerja.example.go.id/verifikasi/7K2M-9QXA-0000-ABCD".into(),
        logo: None,
    }
}

#[test]
fn the_pdf_carries_the_official_layout() {
    let content = content();
    let pdf = render_pdf(&print(&content, PkStatus::InForce)).unwrap();
    let text = crate::testing::pdf_text(&pdf);
    for expected in [
        "PEMERINTAH KABUPATEN MUARA ENIM",
        "DINAS KESEHATAN",
        "PERJANJIAN KINERJA TAHUN 2026",
        "PLT. KEPALA DINAS KESEHATAN",
        "PIHAK PERTAMA",
        "PIHAK KEDUA",
        "selaku atasan PIHAK PERTAMA",
        "supervisi",
        "Muara Enim, 31 Januari 2026",
        "NIP. 197501012000122001",
        "Pembina Utama Muda (IV/c)",
        "Tujuan dan Sasaran Strategis",
        "Angka kematian ibu",
        "95,5 per 100.000 KH",
        "Rp 1.250.000.000",
        "Rp 1.500.500.000",
        "Ditandatangani secara elektronik 30 Januari 2026",
        "7K2M-9QXA-0000-ABCD",
        "Halaman 1 dari 2",
        "Halaman 2 dari 2",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(!text.contains("BELUM BERLAKU"), "no draft mark on a PK in force");
    assert_eq!(pdf, render_pdf(&print(&content, PkStatus::InForce)).unwrap(), "rendering is deterministic");
}

#[test]
fn a_draft_is_marked_and_the_kepala_daerah_signs_alone() {
    let mut content = content();
    content.level = PkLevel::KepalaDaerah;
    content.second = None;
    let text = crate::testing::pdf_text(&render_pdf(&print(&content, PkStatus::Draft)).unwrap());
    assert!(text.contains("DRAF – BELUM BERLAKU"), "{text}");
    assert!(text.contains("saya yang bertanda tangan"));
    assert!(!text.contains("PIHAK KEDUA"));
}

#[test]
fn the_docx_says_the_same() {
    let content = content();
    let docx = render_docx(&print(&content, PkStatus::InForce)).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    for expected in [
        "PERJANJIAN KINERJA TAHUN 2026",
        "PIHAK KEDUA",
        "Angka kematian ibu",
        "Rp 1.500.500.000",
        "NIP. 197501012000122001",
    ] {
        assert!(xml.contains(expected), "missing {expected:?}");
    }
}
