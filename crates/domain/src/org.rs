//! The organisation of a pemda: its kinds of perangkat daerah, units,
//! position levels, and how officials are assigned to positions.

use crate::Reason;

/// An enum stored and sent as a snake_case key, with a label per locale.
macro_rules! keyed_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $key:literal, $id:literal, $en:literal;)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &[$name] = &[$($name::$variant),*];

            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),* }
            }

            pub fn label(self, locale: crate::Locale) -> &'static str {
                match self { $($name::$variant => locale.pick($id, $en)),* }
            }

            pub fn parse(raw: &str) -> Result<Self, Reason> {
                let raw = raw.trim();
                if raw.is_empty() {
                    return Err(Reason::Required);
                }
                Self::ALL.iter().copied().find(|v| v.key() == raw).ok_or(Reason::UnknownOption)
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value).map_err(|_| format!("unknown {} `{value}`", stringify!($name)))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.key())
            }
        }
    };
}
pub(crate) use keyed_enum;

keyed_enum! {
    /// A pemda is a province, a regency or a city.
    TenantKind {
        Provinsi => "provinsi", "Provinsi", "Province";
        Kabupaten => "kabupaten", "Kabupaten", "Regency";
        Kota => "kota", "Kota", "City";
    }
}

keyed_enum! {
    /// The kinds of perangkat daerah (PP 18/2016).
    OpdKind {
        SekretariatDaerah => "sekretariat_daerah", "Sekretariat Daerah", "Regional Secretariat";
        SekretariatDprd => "sekretariat_dprd", "Sekretariat DPRD", "DPRD Secretariat";
        Inspektorat => "inspektorat", "Inspektorat", "Inspectorate";
        Dinas => "dinas", "Dinas", "Agency (dinas)";
        Badan => "badan", "Badan", "Board (badan)";
        Satuan => "satuan", "Satuan / Kantor", "Unit (satuan / kantor)";
        RumahSakit => "rumah_sakit", "Rumah Sakit Daerah", "Regional Hospital";
        Kecamatan => "kecamatan", "Kecamatan", "District (kecamatan)";
    }
}

keyed_enum! {
    /// Units inside a perangkat daerah.
    UnitKind {
        Sekretariat => "sekretariat", "Sekretariat", "Secretariat";
        Bidang => "bidang", "Bidang", "Division (bidang)";
        Bagian => "bagian", "Bagian", "Department (bagian)";
        SubBagian => "sub_bagian", "Sub Bagian", "Sub-department (sub bagian)";
        Seksi => "seksi", "Seksi", "Section (seksi)";
        Uptd => "uptd", "UPTD", "Technical unit (UPTD)";
    }
}

keyed_enum! {
    /// Position levels; they decide who signs a Perjanjian Kinerja with whom.
    PositionLevel {
        KepalaDaerah => "kepala_daerah", "Kepala Daerah", "Regional Head";
        WakilKepalaDaerah => "wakil_kepala_daerah", "Wakil Kepala Daerah", "Deputy Regional Head";
        SekretarisDaerah => "sekretaris_daerah", "Sekretaris Daerah", "Regional Secretary";
        JptPratama => "jpt_pratama", "JPT Pratama (Kepala Perangkat Daerah)", "Senior executive (head of OPD)";
        Camat => "camat", "Camat", "District Head (camat)";
        Administrator => "administrator", "Administrator", "Administrator";
        Pengawas => "pengawas", "Pengawas", "Supervisor (pengawas)";
        Pelaksana => "pelaksana", "Pelaksana / Fungsional", "Staff / functional";
    }
}

keyed_enum! {
    /// Definitive, or acting: Plt. (pelaksana tugas, a vacancy) and Plh.
    /// (pelaksana harian, a temporary absence).
    AssignmentKind {
        Definitif => "definitif", "Definitif", "Definitive";
        Plt => "plt", "Plt. (Pelaksana Tugas)", "Acting (Plt.)";
        Plh => "plh", "Plh. (Pelaksana Harian)", "Daily acting (Plh.)";
    }
}

impl PositionLevel {
    /// Whether positions at this level sit inside an OPD. The kepala daerah
    /// and the deputy lead the whole pemda.
    pub fn needs_opd(self) -> bool {
        !matches!(self, PositionLevel::KepalaDaerah | PositionLevel::WakilKepalaDaerah)
    }
}

impl AssignmentKind {
    /// The prefix printed before the position name of an acting official.
    pub fn prefix(self) -> &'static str {
        match self {
            AssignmentKind::Definitif => "",
            AssignmentKind::Plt => "Plt. ",
            AssignmentKind::Plh => "Plh. ",
        }
    }
}

/// The printed name of an official: `Dr. Ir. H. Ahmad Yani, M.Si.`.
pub fn full_name(front_titles: Option<&str>, name: &str, back_titles: Option<&str>) -> String {
    let mut out = String::with_capacity(name.len().saturating_add(24));
    if let Some(front) = front_titles.filter(|t| !t.is_empty()) {
        out.push_str(front);
        out.push(' ');
    }
    out.push_str(name);
    if let Some(back) = back_titles.filter(|t| !t.is_empty()) {
        out.push_str(", ");
        out.push_str(back);
    }
    out
}

/// Checks that an assignment's period is well formed: the end, if any, is not before the start.
pub fn assignment_period(start: time::Date, end: Option<time::Date>) -> Result<(), Reason> {
    match end {
        Some(end) if end < start => Err(Reason::EndBeforeStart),
        _ => Ok(()),
    }
}

/// An existing assignment, as far as the placement rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tenure {
    pub official: i64,
    pub position: i64,
    pub kind: AssignmentKind,
    pub starts_on: time::Date,
    pub ends_on: Option<time::Date>,
}

impl Tenure {
    fn overlaps(&self, other: &Tenure) -> bool {
        let ends_before = |a: &Tenure, b: &Tenure| a.ends_on.is_some_and(|end| end < b.starts_on);
        !ends_before(self, other) && !ends_before(other, self)
    }
}

/// Checks a new assignment against the existing ones of the same position
/// and of the same official (BKN practice for acting officials):
/// - a position has at most one definitive holder at a time;
/// - a Plt. (pelaksana tugas) fills a vacancy, so not while a definitive
///   holder serves; a Plh. (pelaksana harian) stands in for one who does;
/// - an official holds at most one position definitively at a time, though
///   they may act (Plt./Plh.) in another besides.
pub fn check_tenure(new: &Tenure, existing: &[Tenure]) -> Result<(), Reason> {
    let overlapping = existing.iter().filter(|t| t.overlaps(new));
    for other in overlapping {
        let same_position = other.position == new.position;
        let definitive = other.kind == AssignmentKind::Definitif;
        match new.kind {
            AssignmentKind::Definitif if same_position && definitive => return Err(Reason::PositionFilled),
            AssignmentKind::Definitif if other.official == new.official && definitive => {
                return Err(Reason::AlreadyPlaced);
            }
            AssignmentKind::Plt if same_position && definitive => return Err(Reason::NotVacant),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Locale;

    #[test]
    fn keys_round_trip_and_labels_are_localised() {
        for kind in OpdKind::ALL {
            assert_eq!(OpdKind::parse(kind.key()), Ok(*kind));
        }
        assert_eq!(PositionLevel::parse("camat"), Ok(PositionLevel::Camat));
        assert_eq!(PositionLevel::parse("raja"), Err(Reason::UnknownOption));
        assert_eq!(UnitKind::parse(""), Err(Reason::Required));
        assert_eq!(OpdKind::Kecamatan.label(Locale::En), "District (kecamatan)");
    }

    #[test]
    fn full_names_place_titles() {
        assert_eq!(full_name(Some("Dr. Ir. H."), "Ahmad Yani", Some("M.Si.")), "Dr. Ir. H. Ahmad Yani, M.Si.");
        assert_eq!(full_name(None, "Sri Wahyuni", Some("S.E.")), "Sri Wahyuni, S.E.");
        assert_eq!(full_name(Some(""), "Budi", None), "Budi");
    }

    fn tenure(official: i64, position: i64, kind: AssignmentKind, start: &str, end: Option<&str>) -> Tenure {
        let d = |s| crate::text::date(s).unwrap();
        Tenure { official, position, kind, starts_on: d(start), ends_on: end.map(d) }
    }

    #[test]
    fn a_position_has_one_definitive_holder_at_a_time() {
        let held = [tenure(1, 10, AssignmentKind::Definitif, "2022-01-01", Some("2024-06-30"))];
        let next = tenure(2, 10, AssignmentKind::Definitif, "2024-07-01", None);
        assert_eq!(check_tenure(&next, &held), Ok(()));
        let clash = tenure(2, 10, AssignmentKind::Definitif, "2024-06-30", None);
        assert_eq!(check_tenure(&clash, &held), Err(Reason::PositionFilled));
    }

    #[test]
    fn acting_officials_fill_vacancies_or_stand_in() {
        let held = [tenure(1, 10, AssignmentKind::Definitif, "2022-01-01", None)];
        assert_eq!(
            check_tenure(&tenure(2, 10, AssignmentKind::Plt, "2025-01-01", None), &held),
            Err(Reason::NotVacant)
        );
        assert_eq!(check_tenure(&tenure(2, 10, AssignmentKind::Plh, "2025-01-01", Some("2025-01-14")), &held), Ok(()));
        // Someone holding their own post may act as Plt. elsewhere.
        let own = [tenure(2, 20, AssignmentKind::Definitif, "2020-01-01", None)];
        assert_eq!(check_tenure(&tenure(2, 10, AssignmentKind::Plt, "2025-01-01", None), &own), Ok(()));
    }

    #[test]
    fn an_official_holds_one_definitive_post_at_a_time() {
        let own = [tenure(2, 20, AssignmentKind::Definitif, "2020-01-01", Some("2023-12-31"))];
        assert_eq!(
            check_tenure(&tenure(2, 10, AssignmentKind::Definitif, "2023-06-01", None), &own),
            Err(Reason::AlreadyPlaced)
        );
        assert_eq!(check_tenure(&tenure(2, 10, AssignmentKind::Definitif, "2024-01-01", None), &own), Ok(()));
    }

    #[test]
    fn periods_end_after_they_start() {
        let d = |s| crate::text::date(s).unwrap();
        assert_eq!(assignment_period(d("2024-01-01"), Some(d("2023-12-31"))), Err(Reason::EndBeforeStart));
        assert_eq!(assignment_period(d("2024-01-01"), Some(d("2024-01-01"))), Ok(()));
        assert_eq!(assignment_period(d("2024-01-01"), None), Ok(()));
    }
}
