//! The PK as a Word document, for offices that must edit before printing:
//! the same [`Printed`] text as the PDF, in plain paragraphs and tables.
//! It carries no signature and no QR code: an edited DOCX is not the signed
//! agreement, and says so.

use super::{PkPrint, Printed, PrintedParty};
use docx_rs::{
    AlignmentType, Docx, Footer, NumPages, PageNum, Paragraph, Run, RunFonts, Shading, Table, TableCell, TableRow,
    WidthType,
};

#[derive(Debug, thiserror::Error)]
#[error("the DOCX cannot be written: {0}")]
pub struct DocxError(String);

fn text(value: &str) -> Run {
    Run::new().add_text(value)
}

fn paragraph(value: &str) -> Paragraph {
    Paragraph::new().add_run(text(value))
}

fn bold(value: &str) -> Paragraph {
    Paragraph::new().add_run(text(value).bold())
}

fn centered(value: &str, size: usize) -> Paragraph {
    Paragraph::new().add_run(text(value).bold().size(size)).align(AlignmentType::Center)
}

fn cell(value: &str) -> TableCell {
    TableCell::new().add_paragraph(paragraph(value))
}

fn header(value: &str) -> TableCell {
    TableCell::new().add_paragraph(bold(value)).shading(Shading::new().fill("E1E1E1"))
}

fn party_table(party: &PrintedParty) -> Table {
    Table::new(vec![
        TableRow::new(vec![cell("Nama"), cell(":"), cell(&party.name)]),
        TableRow::new(vec![cell("Jabatan"), cell(":"), cell(&party.position)]),
    ])
    .set_grid(vec![1600, 300, 7100])
}

fn signature_cell(party: &PrintedParty) -> TableCell {
    let mut cell = TableCell::new()
        .add_paragraph(paragraph(party.role).align(AlignmentType::Center))
        .add_paragraph(paragraph(&party.position).align(AlignmentType::Center))
        .add_paragraph(Paragraph::new())
        .add_paragraph(Paragraph::new())
        .add_paragraph(Paragraph::new())
        .add_paragraph(
            Paragraph::new().add_run(text(&party.name).bold().underline("single")).align(AlignmentType::Center),
        );
    for line in [&party.pangkat, &party.nip].into_iter().filter(|l| !l.is_empty()) {
        cell = cell.add_paragraph(paragraph(line).align(AlignmentType::Center));
    }
    cell
}

fn signatures(printed: &Printed) -> (Paragraph, Table) {
    let place = paragraph(&printed.place_date).align(AlignmentType::Right);
    let cells = match &printed.second {
        Some(second) => vec![signature_cell(second), signature_cell(&printed.first)],
        None => vec![TableCell::new().add_paragraph(Paragraph::new()), signature_cell(&printed.first)],
    };
    (place, Table::new(vec![TableRow::new(cells)]).set_grid(vec![4500, 4500]))
}

pub fn render_docx(print: &PkPrint<'_>) -> Result<Vec<u8>, DocxError> {
    let printed = Printed::new(print);
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .add_run(text(&format!("Kode {} · Halaman ", printed.code)).size(16))
            .add_page_num(PageNum::new())
            .add_run(text(" dari ").size(16))
            .add_num_pages(NumPages::new()),
    );
    let mut docx = Docx::new()
        .default_fonts(RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial"))
        .default_size(22)
        .footer(footer);
    for (index, line) in printed.kop.iter().enumerate() {
        docx = docx.add_paragraph(centered(line, if index == 0 { 28 } else { 26 }));
    }
    docx = docx
        .add_paragraph(Paragraph::new())
        .add_paragraph(centered(&printed.title, 26))
        .add_paragraph(centered(&printed.subtitle, 24));
    if let Some(mark) = &printed.mark {
        docx = docx.add_paragraph(centered(mark, 22));
    }
    if let Some(amendment) = &printed.amendment {
        docx = docx.add_paragraph(paragraph(amendment));
    }
    docx = docx.add_paragraph(paragraph(&printed.statement[0])).add_table(party_table(&printed.first));
    match &printed.second {
        None => docx = docx.add_paragraph(paragraph(&printed.statement[1])),
        Some(second) => {
            docx = docx
                .add_paragraph(paragraph("selanjutnya disebut PIHAK PERTAMA."))
                .add_table(party_table(second))
                .add_paragraph(paragraph("selaku atasan PIHAK PERTAMA, selanjutnya disebut PIHAK KEDUA."));
            for line in &printed.statement[1..] {
                docx = docx.add_paragraph(paragraph(line));
            }
        }
    }
    let (place, table) = signatures(&printed);
    docx = docx.add_paragraph(place).add_table(table).add_paragraph(paragraph(&format!(
        "Salinan yang dapat diubah. Dokumen yang sah adalah PDF bertanda tangan elektronik; periksa di {}",
        printed.verify_url
    )));

    docx = docx
        .add_paragraph(centered(&format!("LAMPIRAN {}", printed.title), 24).page_break_before(true))
        .add_paragraph(centered(&printed.subtitle, 22));
    let mut goals = vec![TableRow::new(vec![
        header("No"),
        header(printed.goal_heading),
        header("Indikator Kinerja"),
        header("Target"),
    ])];
    goals.extend(
        printed
            .rows
            .iter()
            .map(|r| TableRow::new(vec![cell(&r.no.to_string()), cell(&r.goal), cell(&r.indicator), cell(&r.target)])),
    );
    let mut budget = vec![TableRow::new(vec![
        header("No"),
        header(printed.budget_heading),
        header("Anggaran (Rp)"),
        header("Keterangan"),
    ])];
    budget.extend(
        printed
            .budget
            .iter()
            .map(|b| TableRow::new(vec![cell(&b.no.to_string()), cell(&b.name), cell(&b.amount), cell(&b.note)])),
    );
    budget.push(TableRow::new(vec![
        TableCell::new().add_paragraph(bold("Jumlah")).grid_span(2),
        TableCell::new().add_paragraph(bold(&printed.budget_total)),
        cell(""),
    ]));
    let mut plan = vec![TableRow::new(
        ["No", "Indikator Kinerja", "TW I", "TW II", "TW III", "TW IV"].into_iter().map(header).collect(),
    )];
    plan.extend(printed.rows.iter().map(|r| {
        let mut cells = vec![cell(&r.no.to_string()), cell(&r.indicator)];
        cells.extend(r.quarters.iter().map(|q| cell(q)));
        TableRow::new(cells)
    }));
    let (place, table) = signatures(&printed);
    docx = docx
        .add_table(Table::new(goals).set_grid(vec![600, 3400, 3400, 1600]).width(9000, WidthType::Dxa))
        .add_paragraph(Paragraph::new())
        .add_table(Table::new(budget).set_grid(vec![600, 4400, 2200, 1800]).width(9000, WidthType::Dxa))
        .add_paragraph(Paragraph::new())
        .add_paragraph(bold("Rencana Aksi (target per triwulan)"))
        .add_table(Table::new(plan).set_grid(vec![600, 3600, 1200, 1200, 1200, 1200]).width(9000, WidthType::Dxa))
        .add_paragraph(Paragraph::new())
        .add_paragraph(place)
        .add_table(table);
    let mut out = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut out).map_err(|e| DocxError(e.to_string()))?;
    Ok(out.into_inner())
}
