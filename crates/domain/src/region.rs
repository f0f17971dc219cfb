//! Kemendagri region codes: provinces, regencies/cities and districts.
//!
//! The data ships inside the binary, from the npm package idn-area-data 4.0.1,
//! © its contributors, under the Open Database License (see
//! `data/wilayah/LICENSE-ODbL.md`).

use crate::Reason;
use crate::org::TenantKind;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::LazyLock;

pub const ATTRIBUTION: &str = "Data wilayah: idn-area-data 4.0.1, © kontributor, Open Database License (ODbL) 1.0";

const PROVINCES_CSV: &str = include_str!("../data/wilayah/provinces.csv");
const REGENCIES_CSV: &str = include_str!("../data/wilayah/regencies.csv");
const DISTRICTS_CSV: &str = include_str!("../data/wilayah/districts.csv");

/// A province or a regency/city: something that can be a pemda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    pub code: String,
    pub name: String,
    pub kind: TenantKind,
    /// The province's own code for a province.
    pub province_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct District {
    pub code: String,
    pub regency_code: String,
    pub name: String,
}

struct Reference {
    regions: Vec<Region>,
    by_code: HashMap<String, usize>,
    districts: Vec<District>,
}

static REFERENCE: LazyLock<Reference> = LazyLock::new(|| {
    let mut regions = Vec::with_capacity(560);
    for row in csv_rows(PROVINCES_CSV) {
        let [code, name] = row.as_slice() else {
            continue;
        };
        regions.push(Region {
            code: code.clone(),
            name: name.clone(),
            kind: TenantKind::Provinsi,
            province_code: code.clone(),
        });
    }
    for row in csv_rows(REGENCIES_CSV) {
        let [code, province_code, name] = row.as_slice() else {
            continue;
        };
        let kind = if name.starts_with("Kota") { TenantKind::Kota } else { TenantKind::Kabupaten };
        regions.push(Region { code: code.clone(), name: name.clone(), kind, province_code: province_code.clone() });
    }
    let by_code = regions.iter().enumerate().map(|(i, r)| (r.code.clone(), i)).collect();
    let districts = csv_rows(DISTRICTS_CSV)
        .filter_map(|row| match row.as_slice() {
            [code, regency_code, name] => {
                Some(District { code: code.clone(), regency_code: regency_code.clone(), name: name.clone() })
            }
            _ => None,
        })
        .collect();
    Reference { regions, by_code, districts }
});

/// Every province, regency and city, provinces first.
pub fn regions() -> &'static [Region] {
    &REFERENCE.regions
}

pub fn region(code: &str) -> Option<&'static Region> {
    REFERENCE.by_code.get(code).map(|&i| &REFERENCE.regions[i])
}

/// The districts (kecamatan) of a regency or city, in code order.
pub fn districts_of(regency_code: &str) -> impl Iterator<Item = &'static District> + use<'_> {
    REFERENCE.districts.iter().filter(move |d| d.regency_code == regency_code)
}

pub fn district(code: &str) -> Option<&'static District> {
    REFERENCE.districts.iter().find(|d| d.code == code)
}

/// A validated Kemendagri code of a pemda: `16` (a province) or `16.03` (a regency or city).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TenantCode(String);

impl TenantCode {
    pub fn parse(raw: &str) -> Result<TenantCode, Reason> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(Reason::Required);
        }
        match region(raw) {
            Some(_) => Ok(TenantCode(raw.to_owned())),
            None if district(raw).is_some() => Err(Reason::WrongRegionLevel),
            None => Err(Reason::UnknownRegion),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn region(&self) -> &'static Region {
        // A TenantCode is only built from a code found in the reference data.
        region(&self.0).unwrap_or(&REFERENCE.regions[0])
    }
}

impl TryFrom<String> for TenantCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        TenantCode::parse(&value).map_err(|e| e.message(crate::Locale::En))
    }
}

impl From<TenantCode> for String {
    fn from(code: TenantCode) -> String {
        code.0
    }
}

impl std::fmt::Display for TenantCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Rows of a small, trusted CSV file with a header line; fields may be quoted
/// with `"` and a doubled `""` inside quotes is a literal quote.
fn csv_rows(text: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    text.lines().skip(1).filter(|line| !line.trim().is_empty()).map(|line| {
        let mut fields = Vec::with_capacity(3);
        let mut field = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (',', false) => fields.push(std::mem::take(&mut field)),
                (c, _) => field.push(c),
            }
        }
        fields.push(field);
        fields
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_muara_enim_and_its_22_kecamatan() {
        let code = TenantCode::parse("16.03").unwrap();
        let region = code.region();
        assert_eq!(region.name, "Kabupaten Muara Enim");
        assert_eq!(region.kind, TenantKind::Kabupaten);
        assert_eq!(region.province_code, "16");
        assert_eq!(districts_of("16.03").count(), 22);
        assert_eq!(super::region("16").map(|r| r.name.as_str()), Some("Sumatera Selatan"));
    }

    #[test]
    fn counts_match_the_reference_files() {
        assert_eq!(regions().iter().filter(|r| r.kind == TenantKind::Provinsi).count(), 38);
        assert_eq!(regions().len(), 38 + 514);
        assert!(regions().iter().any(|r| r.kind == TenantKind::Kota && r.name == "Kota Palembang"));
    }

    #[test]
    fn quoted_names_are_unescaped() {
        assert_eq!(district("35.29.22").map(|d| d.name.as_str()), Some("Ra\"as"));
    }

    #[test]
    fn codes_are_checked_against_the_reference() {
        assert_eq!(TenantCode::parse("99.99"), Err(Reason::UnknownRegion));
        assert_eq!(TenantCode::parse("16.03.01"), Err(Reason::WrongRegionLevel));
        assert_eq!(TenantCode::parse(""), Err(Reason::Required));
    }
}
