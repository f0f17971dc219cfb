//! The Perjanjian Kinerja as a document, in the layout of PermenPAN-RB
//! 53/2014 (sakip-rules.md §2): the kop, the title, the pernyataan with both
//! parties, place, date and signature blocks, then the lampiran with the
//! sasaran–indikator–target table, the budget table with its total and the
//! rencana aksi. The same [`Printed`] view feeds the PDF (typst) and the
//! DOCX, so both say exactly the same. Official documents are in Bahasa
//! Indonesia whatever the reader's interface language.

mod docx;

pub use docx::render_docx;

use crate::pdf::{self, PdfError, Template};
use domain::Locale;
use domain::format;
use domain::pk::{PkContent, PkLevel, PkStatus};
use serde::Serialize;

const TEMPLATE: Template = Template { name: "pk.typ", source: include_str!("../templates/pk.typ") };
const ID: Locale = Locale::Id;

/// A signature as printed in a signature block.
pub struct SignedBy {
    /// `first` or `second`.
    pub party: &'static str,
    /// Already in the pemda's time zone: `31 Januari 2026 09.15 WIB`.
    pub at: String,
    /// The first characters of the signing key's public half.
    pub key: String,
}

/// What a PK document needs beyond the version's content.
pub struct PkPrint<'a> {
    pub content: &'a PkContent,
    pub status: PkStatus,
    /// The OPD the agreement belongs to, printed under the pemda in the kop.
    pub opd_name: Option<&'a str>,
    pub signed: Vec<SignedBy>,
    /// `https://…/verifikasi/<code>`, encoded in the QR code.
    pub verify_url: String,
    /// PNG or SVG bytes of the pemda's emblem, if it has one.
    pub logo: Option<(&'a [u8], &'static str)>,
}

/// Everything printed, as text already formatted the Indonesian way.
#[derive(Serialize)]
pub struct Printed {
    pub kop: Vec<String>,
    pub title: String,
    pub subtitle: String,
    /// Set on anything not in force, printed across the page.
    pub mark: Option<String>,
    pub solo: bool,
    pub statement: Vec<String>,
    pub first: PrintedParty,
    pub second: Option<PrintedParty>,
    pub place_date: String,
    pub goal_heading: &'static str,
    pub budget_heading: &'static str,
    pub rows: Vec<PrintedRow>,
    pub budget: Vec<PrintedBudget>,
    pub budget_total: String,
    pub code: String,
    pub verify_url: String,
    pub amendment: Option<String>,
    pub has_logo: bool,
    pub logo_format: &'static str,
}

#[derive(Serialize)]
pub struct PrintedParty {
    pub role: &'static str,
    pub name: String,
    pub position: String,
    pub pangkat: String,
    pub nip: String,
    pub signed: Option<String>,
}

#[derive(Serialize)]
pub struct PrintedRow {
    pub no: usize,
    pub goal: String,
    pub indicator: String,
    pub target: String,
    pub quarters: [String; 4],
}

#[derive(Serialize)]
pub struct PrintedBudget {
    pub no: usize,
    pub name: String,
    pub amount: String,
    pub note: String,
}

fn show(value: &rust_decimal::Decimal) -> String {
    format::decimal(*value, value.normalize().scale().min(4), ID)
}

impl Printed {
    pub fn new(print: &PkPrint<'_>) -> Printed {
        let content = print.content;
        let region = content.tenant_name.to_uppercase();
        let mut kop = vec![format!("PEMERINTAH {region}")];
        if let Some(opd) = print.opd_name {
            kop.push(opd.to_uppercase());
        }
        let party = |party: &domain::pk::Party, role: &'static str, key: &'static str| PrintedParty {
            role,
            name: party.name.clone(),
            position: party.position.clone(),
            pangkat: party.pangkat.clone(),
            nip: if party.nip.is_empty() { String::new() } else { format!("NIP. {}", party.nip) },
            signed: print
                .signed
                .iter()
                .find(|s| s.party == key)
                .map(|s| format!("Ditandatangani secara elektronik {} · kunci {}", s.at, s.key)),
        };
        let solo = !content.level.has_second_party();
        let title = match content.amendment {
            Some(_) => format!("PERJANJIAN KINERJA PERUBAHAN TAHUN {}", content.year),
            None => format!("PERJANJIAN KINERJA TAHUN {}", content.year),
        };
        let mark = (print.status != PkStatus::InForce).then(|| match print.status {
            PkStatus::Replaced => "DIGANTI OLEH PK PERUBAHAN".to_owned(),
            PkStatus::Revoked => "DICABUT".to_owned(),
            other => format!("{} – BELUM BERLAKU", other.label(ID).to_uppercase()),
        });
        Printed {
            kop,
            subtitle: content.first.position.to_uppercase(),
            title,
            mark,
            solo,
            statement: statement(content),
            first: party(&content.first, "PIHAK PERTAMA", "first"),
            second: content.second.as_ref().map(|p| party(p, "PIHAK KEDUA", "second")),
            place_date: format!("{}, {}", content.place, format::date_short(content.date, ID)),
            goal_heading: content.level.goal_heading(ID),
            budget_heading: content.level.budget_heading(ID),
            rows: content
                .rows
                .iter()
                .enumerate()
                .map(|(index, row)| PrintedRow {
                    no: index + 1,
                    goal: row.goal.clone(),
                    indicator: row.indicator.clone(),
                    target: match &row.target {
                        Some(target) => format!("{} {}", target.display(ID), row.unit),
                        None => "–".to_owned(),
                    },
                    quarters: row.quarters.map(|q| q.as_ref().map(show).unwrap_or_else(|| "–".to_owned())),
                })
                .collect(),
            budget: content
                .budget
                .iter()
                .enumerate()
                .map(|(index, row)| PrintedBudget {
                    no: index + 1,
                    name: if row.code.is_empty() { row.name.clone() } else { format!("{} {}", row.code, row.name) },
                    amount: format::rupiah(row.amount, ID),
                    note: row.note.clone(),
                })
                .collect(),
            budget_total: domain::pk::budget_total(&content.budget)
                .map_or_else(|| "—".to_owned(), |total| format::rupiah(total, ID)),
            code: content.code.clone(),
            verify_url: print.verify_url.clone(),
            amendment: content
                .amendment
                .as_ref()
                .map(|(reason, note)| format!("Perubahan ke-{}: {}. {note}", content.number - 1, reason.label(ID))),
            has_logo: print.logo.is_some(),
            logo_format: print.logo.map_or("png", |(_, format)| format),
        }
    }
}

/// The pernyataan, in the words of the 53/2014 template.
fn statement(content: &PkContent) -> Vec<String> {
    let medium_term = match content.level {
        PkLevel::KepalaDaerah => "RPJMD",
        _ => "Rencana Strategis Perangkat Daerah",
    };
    if content.second.is_none() {
        return vec![
            "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta berorientasi pada hasil, saya yang bertanda tangan di bawah ini:".to_owned(),
            format!(
                "berjanji akan mewujudkan target kinerja tahunan sesuai lampiran perjanjian ini dalam rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam dokumen {medium_term}. Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi tanggung jawab saya."
            ),
        ];
    }
    vec![
        "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:".to_owned(),
        format!(
            "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam dokumen {medium_term}. Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi tanggung jawab kami."
        ),
        "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka pemberian penghargaan dan sanksi.".to_owned(),
    ]
}

/// The QR code of the verification address, as SVG.
fn qr_svg(url: &str) -> Result<Vec<u8>, PdfError> {
    let code = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M)
        .map_err(|e| PdfError::Render { template: TEMPLATE.name, messages: format!("QR code: {e}") })?;
    let svg = code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(160, 160).quiet_zone(false).build();
    Ok(svg.into_bytes())
}

/// The PDF. Deterministic: the same version, status and signatures give the same bytes.
pub fn render_pdf(print: &PkPrint<'_>) -> Result<Vec<u8>, PdfError> {
    let printed = Printed::new(print);
    let mut files = vec![("/qr.svg", qr_svg(&print.verify_url)?)];
    if let Some((logo, _)) = print.logo {
        files.push(("/logo", logo.to_vec()));
    }
    pdf::render_with(&TEMPLATE, &printed, &files)
}

#[cfg(test)]
mod tests;
