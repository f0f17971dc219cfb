//! The layers of the web crate, read from its sources: no page imports
//! another page; the application layer (`app`), the JSON API and the state
//! import no page; the application layer imports no API handler.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src").flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The page modules: every file and folder in `src/pages` but `mod.rs`.
fn pages(src: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(src.join("pages"))
        .expect("read pages")
        .flatten()
        .filter_map(|e| Some(e.path().file_stem()?.to_str()?.to_owned()))
        .filter(|name| name != "mod")
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The imports of `text` (a file at `rel`, relative to `src`) that cross a
/// layer: each as `rel:line: text`.
fn violations(rel: &str, text: &str, pages: &[String]) -> Vec<String> {
    let parts: Vec<&str> = rel.trim_end_matches(".rs").split('/').collect();
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        let crossing = match parts.as_slice() {
            ["pages", own] | ["pages", own, _] => {
                // From pages/x.rs `super::` is the pages module; from pages/x/y.rs it is x.
                let parent = if parts.len() == 2 { "super::" } else { "super::super::" };
                pages.iter().filter(|page| page != own).any(|page| {
                    code.contains(&format!("crate::pages::{page}"))
                        || code.contains(&format!("{parent}{page}::"))
                        || code.contains(&format!("{parent}{page};"))
                        || (code.trim_start().starts_with(&format!("use {parent}{{"))
                            && code.split(['{', ',', ' ']).any(|item| item.starts_with(&format!("{page}::"))))
                })
            }
            ["app", ..] => code.contains("crate::pages") || code.contains("crate::api"),
            ["api", ..] | ["state"] => code.contains("crate::pages"),
            _ => false,
        };
        if crossing {
            found.push(format!("{rel}:{}: {}", number + 1, line.trim()));
        }
    }
    found
}

#[test]
fn no_page_imports_another_and_no_layer_below_imports_a_page() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let pages = pages(&src);
    assert!(pages.contains(&"realisation".to_owned()) && pages.contains(&"pk".to_owned()), "{pages:?}");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut found = Vec::new();
    for file in files {
        let rel = file.strip_prefix(&src).expect("under src").to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(&file).expect("read source");
        found.extend(violations(&rel, &text, &pages));
    }
    assert!(found.is_empty(), "imports across layers:\n{}", found.join("\n"));
}

#[test]
fn the_reader_sees_each_kind_of_crossing() {
    let pages = ["capaian", "pk", "realisation", "tree"].map(String::from);
    let bad = [
        ("pages/capaian.rs", "use super::realisation::{PeriodParams, chosen_period};"),
        ("pages/capaian.rs", "use super::{render, realisation::has_reported};"),
        ("pages/tree.rs", "    let figures = super::capaian::figures(&state, &scope, year, quarter).await?;"),
        ("pages/pk/batch.rs", "use crate::pages::realisation::x;"),
        ("pages/pk/batch.rs", "use super::super::capaian::figures;"),
        ("api/planning.rs", "use crate::pages::tree::{chosen_year, findings, tree_of};"),
        ("state.rs", "    pub(crate) figures: Arc<crate::pages::capaian::FiguresCache>,"),
        ("app/capaian.rs", "use crate::api::views::ErrorView;"),
    ];
    for (rel, line) in bad {
        assert_eq!(violations(rel, line, &pages).len(), 1, "{rel}: {line}");
    }
    let fine = [
        ("pages/capaian.rs", "use super::{money, number, percent, render};"),
        ("pages/capaian.rs", "use crate::app::capaian::{Figures, figures};"),
        ("pages/capaian.rs", "use domain::realisation::{ReportStatus, Subject};"),
        ("pages/pk/batch.rs", "use super::{YearParams, download, see_other};"),
        ("pages/pk/document.rs", "use super::{download, readable};"),
        ("pages/pk.rs", "use crate::pages::pk::document;"),
        ("app/pk.rs", "use crate::state::AppState;"),
        ("pages/tree.rs", "// super::capaian::figures was here"),
    ];
    for (rel, line) in fine {
        assert!(violations(rel, line, &pages).is_empty(), "{rel}: {line}");
    }
}
