//! Reference data shipped with the binary: the nomenclature versions in
//! `data/nomenklatur/`, loaded into the database when it is migrated.

use crate::model::{NomenclatureEntry, NomenclatureVersion};
use domain::nomenclature::{CodeLevel, NomenclatureCode};
use domain::{Invalid, Reason};

const VERSIONS: &str = include_str!("../data/nomenklatur/versions.csv");
const FILES: &[(&str, &str)] =
    &[("kepmendagri-900.1-861-2026.csv", include_str!("../data/nomenklatur/kepmendagri-900.1-861-2026.csv"))];

/// One bad line of a nomenclature list: its 1-based line number and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub field: &'static str,
    pub reason: Reason,
}

/// Checks one row of a nomenclature list: a well-formed code whose level
/// matches the stated level, and a name.
pub fn nomenclature_entry(code: &str, level: &str, name: &str) -> Result<NomenclatureEntry, Invalid> {
    let mut invalid = Invalid::default();
    let code = invalid.check("code", NomenclatureCode::parse(code));
    let level = invalid.check("level", CodeLevel::parse(level));
    let name = invalid.check("name", domain::text::required_text(name, 500));
    if let (Some(code), Some(level)) = (&code, level)
        && code.level() != level
    {
        invalid.push("level", Reason::CodeLevel);
    }
    invalid.finish(|| Some(NomenclatureEntry { code: code?, level: level?, name: name? }))
}

/// Reads rows `code,level,name` (with that header) from CSV text; every bad
/// line is reported, and a code listed twice is one of them.
pub fn nomenclature_rows(
    rows: impl Iterator<Item = (usize, [String; 3])>,
) -> Result<Vec<NomenclatureEntry>, Vec<LineError>> {
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (line, [code, level, name]) in rows {
        match nomenclature_entry(&code, &level, &name) {
            Ok(entry) if !seen.insert(entry.code.clone()) => {
                errors.push(LineError { line, field: "code", reason: Reason::AlreadyUsed })
            }
            Ok(entry) => entries.push(entry),
            Err(invalid) => {
                errors.extend(invalid.0.into_iter().map(|e| LineError { line, field: e.field, reason: e.reason }))
            }
        }
    }
    if errors.is_empty() { Ok(entries) } else { Err(errors) }
}

/// Parses `code,level,name` CSV text.
pub fn nomenclature_csv(text: &str) -> Result<Vec<NomenclatureEntry>, Vec<LineError>> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header_ok = reader
        .headers()
        .map(|h| h.iter().map(str::trim).collect::<Vec<_>>() == ["code", "level", "name"])
        .unwrap_or(false);
    if !header_ok {
        return Err(vec![LineError { line: 1, field: "header", reason: Reason::UnknownOption }]);
    }
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        match record {
            Ok(r) => rows.push((line, [0, 1, 2].map(|i| r.get(i).unwrap_or_default().to_owned()))),
            Err(_) => return Err(vec![LineError { line, field: "line", reason: Reason::BadCharacters }]),
        }
    }
    nomenclature_rows(rows.into_iter())
}

/// The shipped versions and their codes.
pub fn shipped_nomenclature() -> crate::Result<Vec<(NomenclatureVersion, Vec<NomenclatureEntry>)>> {
    let broken = crate::StoreError::ReferenceData;
    let mut reader = csv::Reader::from_reader(VERSIONS.as_bytes());
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| broken(e.to_string()))?;
        let field = |i: usize| record.get(i).unwrap_or_default().to_owned();
        let issued_on = domain::text::date(&field(3)).map_err(|_| broken(format!("issued_on of {}", field(0))))?;
        let version =
            NomenclatureVersion { id: field(0), title: field(1), regulation: field(2), issued_on, source: field(4) };
        let text = FILES.iter().find(|(name, _)| *name == field(5)).map(|(_, text)| *text);
        let text = text.ok_or_else(|| broken(format!("file {}", field(5))))?;
        let entries = nomenclature_csv(text).map_err(|e| broken(format!("{} line {}", field(5), e[0].line)))?;
        out.push((version, entries));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_lists_are_valid() {
        let versions = shipped_nomenclature().unwrap();
        assert!(!versions.is_empty());
        for (_, entries) in &versions {
            // Every code's parent is listed too, so a tree can be built from the list.
            let codes: std::collections::HashSet<_> = entries.iter().map(|e| e.code.as_str().to_owned()).collect();
            for entry in entries {
                let parent = match entry.level {
                    CodeLevel::Urusan => None,
                    CodeLevel::BidangUrusan => entry.code.as_str().get(..1).map(str::to_owned),
                    _ => entry.code.parent().map(|p| p.as_str().to_owned()),
                };
                if let Some(parent) = parent {
                    assert!(codes.contains(&parent), "{} has no parent {parent}", entry.code);
                }
            }
        }
    }

    #[test]
    fn bad_lines_are_reported_with_their_numbers() {
        let errors =
            nomenclature_csv("code,level,name\n1.02,bidang_urusan,Kesehatan\n1.02.02.2,kegiatan,X\n1.02,program,Y\n")
                .unwrap_err();
        let lines: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.field)).collect();
        assert_eq!(lines, [(3, "code"), (4, "level")]);
        assert_eq!(nomenclature_csv("kode;nama\n").unwrap_err()[0].field, "header");
    }
}
