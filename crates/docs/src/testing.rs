//! For tests of this crate and of the crates that serve its documents.

use std::io::Write;
use std::process::{Command, Stdio};

/// The text of a PDF as poppler's `pdftotext` extracts it, layout kept
/// (`scripts/check` installs poppler-utils). Panics when the bytes are not a
/// PDF or the tool is missing: in a test, either is a failure.
pub fn pdf_text(pdf: &[u8]) -> String {
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let mut child = Command::new("pdftotext")
        .args(["-layout", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("pdftotext is installed (poppler-utils)");
    child.stdin.take().expect("stdin").write_all(pdf).expect("write the PDF");
    let output = child.wait_with_output().expect("pdftotext runs");
    assert!(output.status.success(), "pdftotext failed");
    String::from_utf8(output.stdout).expect("UTF-8 text")
}

/// A small real PDF (one page of a performance tree), for tests that need
/// a file every PDF reader accepts, such as evidence uploads.
pub fn sample_pdf() -> Vec<u8> {
    use crate::tree_pdf::{TreeDocument, render};
    use domain::cascade::TreeNode;
    use domain::planning::ElementKind;
    let node = TreeNode {
        key: "1".into(),
        element_id: None,
        kind: ElementKind::Tujuan,
        code: "1".into(),
        name: "Bukti dukung".into(),
        opd: None,
        indicators: Vec::new(),
        also_supports: Vec::new(),
        children: Vec::new(),
    };
    let document = TreeDocument {
        title: "Bukti".into(),
        subtitle: String::new(),
        printed: String::new(),
        nodes: vec![(0, &node)],
        unlinked: Vec::new(),
        locale: domain::Locale::Id,
    };
    render(&document).expect("the sample renders")
}

/// A workbook whose one sheet (`Sheet1`) is the given XML, with `extra`
/// parts added: the bytes an attacker would send, for the reader tests.
pub fn raw_workbook(sheet_xml: &str, extra: &[(&str, Vec<u8>)]) -> Vec<u8> {
    raw_workbook_named("Sheet1", sheet_xml, extra)
}

/// The same, with the sheet named as an import expects (`Realisasi`, `Rencana`).
pub fn raw_workbook_named(sheet_name: &str, sheet_xml: &str, extra: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let workbook = format!(
        r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let parts: [(&str, &str); 4] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        ("xl/workbook.xml", &workbook),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    let files = parts.iter().map(|(name, content)| (*name, content.as_bytes())).chain(
        std::iter::once(("xl/worksheets/sheet1.xml", sheet_xml.as_bytes()))
            .chain(extra.iter().map(|(name, content)| (*name, content.as_slice()))),
    );
    for (name, content) in files {
        zip.start_file(name, options).expect("a new part");
        zip.write_all(content).expect("the part's content");
    }
    zip.finish().expect("the package closes");
    out.into_inner()
}

/// A worksheet's XML with the declared dimension and the given `<row>` elements.
pub fn sheet_xml(dimension: &str, rows: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// A small real PNG, for tests of image evidence.
pub fn sample_png() -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(8, 6, image::Rgb([43, 108, 176]))
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("the sample encodes");
    out.into_inner()
}

/// The header of a draft plan of `kind` over `period`, for workbook tests.
pub fn plan_header(kind: domain::planning::PlanKind, period: domain::planning::Period) -> domain::cascade::PlanHeader {
    domain::cascade::PlanHeader {
        id: 1,
        kind,
        opd_id: None,
        opd_name: None,
        period,
        title: "Uji".into(),
        visi: None,
        revision: 0,
        status: domain::planning::PlanStatus::Draft,
        superseded: false,
    }
}
