//! PDF through embedded typst. A template is a typst source compiled in with
//! the binary; it reads its data from a virtual `data.json`. Fonts are the
//! ones committed under `assets/fonts`, never the machine's, so a document
//! renders the same on every server.
//!
//! typst changes its API with every minor release: it is pinned in the
//! workspace and used nowhere but here.

use serde::Serialize;
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

/// A typst document shipped with the binary.
pub struct Template {
    /// For error messages.
    pub name: &'static str,
    pub source: &'static str,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the data for {template} cannot be serialized: {source}")]
    Data { template: &'static str, source: serde_json::Error },
    /// A defect in a template or in the data it was given, never the user's doing.
    #[error("typst cannot render {template}: {messages}")]
    Render { template: &'static str, messages: String },
}

const FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../assets/fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../assets/fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../assets/fonts/LiberationSans-Italic.ttf"),
    include_bytes!("../assets/fonts/LiberationSans-BoldItalic.ttf"),
];

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
    Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

fn file_id(path: &str) -> FileId {
    // Paths are constants in the code (this module and its callers), always valid.
    let path = VirtualPath::new(path).unwrap_or_else(|_| unreachable!("invalid virtual path {path}"));
    FileId::new(RootedPath::new(VirtualRoot::Project, path))
}

static MAIN: LazyLock<FileId> = LazyLock::new(|| file_id("/main.typ"));
static DATA: LazyLock<FileId> = LazyLock::new(|| file_id("/data.json"));

/// One compilation: the template as `main.typ`, the data as `data.json`
/// and any images the data refers to.
struct Document {
    main: Source,
    data: Bytes,
    files: Vec<(FileId, Bytes)>,
}

impl World for Document {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        *MAIN
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == *MAIN { Ok(self.main.clone()) } else { Err(FileError::NotSource) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == *DATA {
            Ok(self.data.clone())
        } else if id == *MAIN {
            Ok(Bytes::from_string(self.main.clone()))
        } else if let Some((_, bytes)) = self.files.iter().find(|(file, _)| *file == id) {
            Ok(bytes.clone())
        } else {
            Err(FileError::NotFound(id.vpath().get_without_slash().into()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    /// Documents print the dates they are given, never the clock's.
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}

fn messages(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics.iter().map(|d| d.message.as_str()).collect::<Vec<_>>().join("; ")
}

/// Renders `template` with `data`. CPU-bound (tens of milliseconds to
/// seconds for long documents): call it off the async runtime.
pub fn render(template: &Template, data: &impl Serialize) -> Result<Vec<u8>, PdfError> {
    render_with(template, data, &[])
}

/// Renders with extra files the template reads by absolute path, such as
/// `("/qr.svg", bytes)`: images that do not fit in JSON.
pub fn render_with(template: &Template, data: &impl Serialize, files: &[(&str, Vec<u8>)]) -> Result<Vec<u8>, PdfError> {
    let data = serde_json::to_vec(data).map_err(|source| PdfError::Data { template: template.name, source })?;
    let files = files.iter().map(|(path, bytes)| (file_id(path), Bytes::new(bytes.clone()))).collect();
    let world = Document { main: Source::new(*MAIN, template.source.to_owned()), data: Bytes::new(data), files };
    let failed = |diagnostics: &[SourceDiagnostic]| PdfError::Render {
        template: template.name,
        messages: messages(diagnostics),
    };
    let document = typst::compile::<PagedDocument>(&world).output.map_err(|d| failed(&d));
    let pdf = document.and_then(|document| typst_pdf::pdf(&document, &PdfOptions::default()).map_err(|d| failed(&d)));
    // The memo cache keeps every layout it has seen; keep only recent ones.
    typst::comemo::evict(10);
    pdf
}
