//! Evidence files are judged by what they are, not by what they start
//! with: a PDF must parse as a PDF with pages, an image must decode, a
//! workbook must read. A file that begins with `%PDF` but carries an
//! executable, a truncated image or a ZIP that only names a workbook part
//! is refused before it is stored.

use domain::Reason;
use domain::realisation::{EvidenceKind, check_evidence};
use std::io::Cursor;

/// The largest image accepted, in pixels per side: a 600 dpi A3 scan is about 10 000.
const MAX_IMAGE_SIDE: u32 = 16_000;
/// The most memory decoding one image may take.
const MAX_IMAGE_BYTES: u64 = 256 * 1024 * 1024;
/// Bytes allowed after a PDF's last `%%EOF` (line ends, padding). More is a
/// file appended to a PDF, which readers would ignore and we would store.
const PDF_TRAILING: usize = 1024;

/// The kind of an uploaded evidence file, once its content proves it.
pub fn inspect(bytes: &[u8]) -> Result<EvidenceKind, Reason> {
    let kind = check_evidence(bytes)?;
    let readable = crate::sheet::guarded(|| {
        Ok(match kind {
            EvidenceKind::Pdf => is_pdf(bytes),
            EvidenceKind::Png => is_image(bytes, image::ImageFormat::Png),
            EvidenceKind::Jpeg => is_image(bytes, image::ImageFormat::Jpeg),
            EvidenceKind::Xlsx => crate::sheet::is_readable_workbook(bytes).is_ok(),
        })
    });
    if readable == Ok(true) { Ok(kind) } else { Err(Reason::DamagedFile) }
}

fn is_pdf(bytes: &[u8]) -> bool {
    let Some(end) = bytes.windows(5).rposition(|w| w == b"%%EOF") else { return false };
    if bytes.len().saturating_sub(end.saturating_add(5)) > PDF_TRAILING {
        return false;
    }
    let Ok(pdf) = hayro_syntax::Pdf::new(std::sync::Arc::new(bytes.to_vec())) else { return false };
    let pages = pdf.pages();
    !pages.is_empty() && pages.iter().all(|page| page.page_stream().is_some())
}

fn is_image(bytes: &[u8], format: image::ImageFormat) -> bool {
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_IMAGE_BYTES);
    reader.limits(limits);
    reader.decode().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pdf() -> Vec<u8> {
        crate::testing::sample_pdf()
    }

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        image::RgbImage::new(width, height).write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn real_files_pass() {
        assert_eq!(inspect(&pdf()), Ok(EvidenceKind::Pdf));
        assert_eq!(inspect(&png(3, 2)), Ok(EvidenceKind::Png));
        let mut workbook = rust_xlsxwriter::Workbook::new();
        workbook.add_worksheet().write_string(0, 0, "bukti").unwrap();
        assert_eq!(inspect(&workbook.save_to_buffer().unwrap()), Ok(EvidenceKind::Xlsx));
    }

    #[test]
    fn files_that_lie_about_their_type_are_refused() {
        // The magic bytes of a PDF in front of an executable.
        let mut fake = b"%PDF-1.7\n".to_vec();
        fake.extend_from_slice(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0");
        fake.extend(std::iter::repeat_n(0x90u8, 4096));
        fake.extend_from_slice(b"\n%%EOF\n");
        assert_eq!(inspect(&fake), Err(Reason::DamagedFile));
        // A real PDF with an executable appended after its end.
        let mut appended = pdf();
        appended.extend_from_slice(b"MZ\x90\0");
        appended.extend(std::iter::repeat_n(0u8, 8192));
        assert_eq!(inspect(&appended), Err(Reason::DamagedFile));
        // A PNG cut in half, and a PNG header before text.
        let image = png(64, 64);
        assert_eq!(inspect(&image[..image.len() / 2]), Err(Reason::DamagedFile));
        assert_eq!(inspect(b"\x89PNG\r\n\x1a\nnot an image"), Err(Reason::DamagedFile));
        assert_eq!(inspect(&[0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]), Err(Reason::DamagedFile));
        // A ZIP that only names the workbook part.
        assert_eq!(inspect(b"PK\x03\x04 xl/workbook.xml and nothing else"), Err(Reason::DamagedFile));
        assert_eq!(inspect(b"MZ\x90\0 an executable"), Err(Reason::FileType));
    }

    #[test]
    fn an_image_too_large_to_decode_is_refused() {
        assert_eq!(inspect(&png(MAX_IMAGE_SIDE + 1, 1)), Err(Reason::DamagedFile));
    }
}
