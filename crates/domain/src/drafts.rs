//! Validated input for creating and changing organisation data.
//!
//! Each draft is parsed from the raw text of a form or JSON body and reports
//! every bad field at once. Checks that need the database (does the OPD exist
//! in this pemda?) are made by the store inside the write transaction.

use crate::access::Role;
use crate::nip::Nip;
use crate::org::{AssignmentKind, OpdKind, PositionLevel, UnitKind, assignment_period};
use crate::pangkat::Golongan;
use crate::region::{TenantCode, district};
use crate::text;
use crate::{Invalid, OpdId, PositionId, Reason, UnitId};
use serde::Serialize;
use time::Date;

/// Parses an optional row id from a form field (`""` is none).
pub fn optional_id(raw: &str) -> Result<Option<i64>, Reason> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<i64>().ok().filter(|id| *id > 0).map(Some).ok_or(Reason::NotFound)
}

pub fn required_id(raw: &str) -> Result<i64, Reason> {
    optional_id(raw)?.ok_or(Reason::Required)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TenantDraft {
    pub code: TenantCode,
}

impl TenantDraft {
    pub fn parse(code: &str) -> Result<Self, Invalid> {
        TenantCode::parse(code).map(|code| TenantDraft { code }).map_err(|r| Invalid::one("code", r))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpdDraft {
    pub name: String,
    pub short_name: Option<String>,
    pub kind: OpdKind,
    /// The Kemendagri district code, for a kecamatan only.
    pub district_code: Option<String>,
}

impl OpdDraft {
    pub fn parse(
        tenant: &TenantCode,
        name: &str,
        short_name: &str,
        kind: &str,
        district_code: &str,
    ) -> Result<Self, Invalid> {
        let mut invalid = Invalid::default();
        let name = invalid.check("name", text::required_text(name, 200));
        let short_name = invalid.check("short_name", text::optional_text(short_name, 40));
        let kind = invalid.check("kind", OpdKind::parse(kind));
        let district_code = match kind {
            Some(OpdKind::Kecamatan) => invalid.check("district_code", kecamatan_of(tenant, district_code)).map(Some),
            _ => Some(None),
        };
        invalid.finish(|| {
            Some(OpdDraft { name: name?, short_name: short_name?, kind: kind?, district_code: district_code? })
        })
    }
}

fn kecamatan_of(tenant: &TenantCode, raw: &str) -> Result<String, Reason> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Reason::Required);
    }
    match district(raw) {
        Some(d) if d.regency_code == tenant.as_str() => Ok(d.code.clone()),
        Some(_) => Err(Reason::OutsideOpd),
        None => Err(Reason::UnknownRegion),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitDraft {
    pub opd_id: OpdId,
    pub parent_id: Option<UnitId>,
    pub name: String,
    pub kind: UnitKind,
}

impl UnitDraft {
    pub fn parse(opd_id: &str, parent_id: &str, name: &str, kind: &str) -> Result<Self, Invalid> {
        let mut invalid = Invalid::default();
        let opd_id = invalid.check("opd_id", required_id(opd_id).map(OpdId));
        let parent_id = invalid.check("parent_id", optional_id(parent_id).map(|id| id.map(UnitId)));
        let name = invalid.check("name", text::required_text(name, 200));
        let kind = invalid.check("kind", UnitKind::parse(kind));
        invalid.finish(|| Some(UnitDraft { opd_id: opd_id?, parent_id: parent_id?, name: name?, kind: kind? }))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PositionDraft {
    pub opd_id: Option<OpdId>,
    pub unit_id: Option<UnitId>,
    pub name: String,
    pub level: PositionLevel,
}

impl PositionDraft {
    pub fn parse(opd_id: &str, unit_id: &str, name: &str, level: &str) -> Result<Self, Invalid> {
        let mut invalid = Invalid::default();
        let opd_id = invalid.check("opd_id", optional_id(opd_id).map(|id| id.map(OpdId)));
        let unit_id = invalid.check("unit_id", optional_id(unit_id).map(|id| id.map(UnitId)));
        let name = invalid.check("name", text::required_text(name, 200));
        let level = invalid.check("level", PositionLevel::parse(level));
        if let (Some(None), Some(level)) = (opd_id, level)
            && level.needs_opd()
        {
            invalid.push("opd_id", Reason::Required);
        }
        if let (Some(None), Some(Some(_))) = (opd_id, unit_id) {
            invalid.push("unit_id", Reason::OutsideOpd);
        }
        invalid.finish(|| Some(PositionDraft { opd_id: opd_id?, unit_id: unit_id?, name: name?, level: level? }))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfficialDraft {
    pub nip: Nip,
    pub name: String,
    pub front_titles: Option<String>,
    pub back_titles: Option<String>,
    pub golongan: Golongan,
}

impl OfficialDraft {
    pub fn parse(
        nip: &str,
        name: &str,
        front_titles: &str,
        back_titles: &str,
        golongan: &str,
    ) -> Result<Self, Invalid> {
        let mut invalid = Invalid::default();
        let nip = invalid.check(
            "nip",
            if nip.trim().is_empty() { Err(Reason::Required) } else { Nip::parse(nip).map_err(Reason::Nip) },
        );
        let name = invalid.check("name", text::person_name(name));
        let front_titles = invalid.check("front_titles", text::titles(front_titles));
        let back_titles = invalid.check("back_titles", text::titles(back_titles));
        let golongan = invalid.check("golongan", Golongan::parse(golongan));
        invalid.finish(|| {
            Some(OfficialDraft {
                nip: nip?,
                name: name?,
                front_titles: front_titles?,
                back_titles: back_titles?,
                golongan: golongan?,
            })
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssignmentDraft {
    pub position_id: PositionId,
    pub kind: AssignmentKind,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub decree: Option<String>,
}

impl AssignmentDraft {
    pub fn parse(position_id: &str, kind: &str, starts_on: &str, ends_on: &str, decree: &str) -> Result<Self, Invalid> {
        let mut invalid = Invalid::default();
        let position_id = invalid.check("position_id", required_id(position_id).map(PositionId));
        let kind = invalid.check("kind", AssignmentKind::parse(kind));
        let starts_on = invalid.check("starts_on", text::date(starts_on));
        let ends_on = invalid.check("ends_on", text::optional_date(ends_on));
        if let (Some(start), Some(end)) = (starts_on, ends_on)
            && let Err(reason) = assignment_period(start, end)
        {
            invalid.push("ends_on", reason);
        }
        let decree = invalid.check("decree", text::optional_text(decree, 120));
        invalid.finish(|| {
            Some(AssignmentDraft {
                position_id: position_id?,
                kind: kind?,
                starts_on: starts_on?,
                ends_on: ends_on?,
                decree: decree?,
            })
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrantDraft {
    pub role: Role,
    pub opd_id: Option<OpdId>,
}

impl GrantDraft {
    pub fn parse(role: &str, opd_id: &str) -> Result<Self, Invalid> {
        let mut invalid = Invalid::default();
        let role = invalid.check("role", Role::parse(role));
        let opd_id = invalid.check("opd_id", optional_id(opd_id).map(|id| id.map(OpdId)));
        if role == Some(Role::NationalAdmin) {
            // National admins are made from the command line, never inside a pemda.
            invalid.push("role", Reason::UnknownOption);
        }
        if let (Some(role), Some(opd_id)) = (role, opd_id)
            && let Err(reason) = role.check_scope(opd_id)
        {
            invalid.push("opd_id", reason);
        }
        invalid.finish(|| Some(GrantDraft { role: role?, opd_id: opd_id? }))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserDraft {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub grant: GrantDraft,
}

impl UserDraft {
    pub fn parse(
        username: &str,
        display_name: &str,
        password: &str,
        role: &str,
        opd_id: &str,
    ) -> Result<Self, Invalid> {
        let mut invalid = Invalid::default();
        let username = invalid.check("username", text::username(username));
        let display_name = invalid.check("display_name", text::required_text(display_name, 120));
        let password = invalid.check("password", text::new_password(password));
        let grant = match GrantDraft::parse(role, opd_id) {
            Ok(grant) => Some(grant),
            Err(errors) => {
                invalid.0.extend(errors.0);
                None
            }
        };
        invalid.finish(|| {
            Some(UserDraft { username: username?, display_name: display_name?, password: password?, grant: grant? })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nip::NipError;

    fn muara_enim() -> TenantCode {
        TenantCode::parse("16.03").unwrap()
    }

    #[test]
    fn a_kecamatan_needs_a_district_of_its_own_regency() {
        let ok = OpdDraft::parse(&muara_enim(), "Kecamatan Lawang Kidul", "", "kecamatan", "16.03.07").unwrap();
        assert_eq!(ok.district_code.as_deref(), Some("16.03.07"));
        let missing = OpdDraft::parse(&muara_enim(), "Kecamatan X", "", "kecamatan", "").unwrap_err();
        assert_eq!(missing.for_field("district_code").map(|e| &e.reason), Some(&Reason::Required));
        let foreign = OpdDraft::parse(&muara_enim(), "Kecamatan X", "", "kecamatan", "11.01.01").unwrap_err();
        assert_eq!(foreign.for_field("district_code").map(|e| &e.reason), Some(&Reason::OutsideOpd));
        let dinas = OpdDraft::parse(&muara_enim(), "Dinas Kesehatan", "Dinkes", "dinas", "16.03.07").unwrap();
        assert_eq!(dinas.district_code, None);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let errors = OfficialDraft::parse("123", "", "", "", "X/z").unwrap_err();
        let fields: Vec<_> = errors.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["nip", "name", "golongan"]);
        assert_eq!(errors.0[0].reason, Reason::Nip(NipError::Length { digits: 3 }));
    }

    #[test]
    fn positions_below_the_kepala_daerah_need_an_opd() {
        assert!(PositionDraft::parse("", "", "Bupati Muara Enim", "kepala_daerah").is_ok());
        let errors = PositionDraft::parse("", "", "Kepala Dinas", "jpt_pratama").unwrap_err();
        assert_eq!(errors.for_field("opd_id").map(|e| &e.reason), Some(&Reason::Required));
    }

    #[test]
    fn assignments_end_after_they_start() {
        let errors = AssignmentDraft::parse("1", "plt", "2024-02-01", "2024-01-01", "").unwrap_err();
        assert_eq!(errors.for_field("ends_on").map(|e| &e.reason), Some(&Reason::EndBeforeStart));
    }

    #[test]
    fn grants_respect_the_role_scope() {
        assert!(GrantDraft::parse("operator_opd", "").is_err());
        assert!(GrantDraft::parse("operator_opd", "4").is_ok());
        assert!(GrantDraft::parse("admin_pemda", "4").is_err());
        assert!(GrantDraft::parse("admin_nasional", "").is_err());
        assert!(GrantDraft::parse("admin_pemda", "abc").is_err());
    }
}
