//! Category bands (kategori capaian) and the quarter's status.

use crate::Locale;
use crate::org::keyed_enum;
use crate::validation::Reason;
use rust_decimal::Decimal;
use serde::Serialize;

/// One category: every capaian from `from` up to the next band's `from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Band {
    /// The lowest capaian in the band; `None` for the lowest band.
    pub from: Option<Decimal>,
    pub label_id: String,
    pub label_en: String,
}

impl Band {
    pub fn label(&self, locale: Locale) -> &str {
        locale.pick(&self.label_id, &self.label_en)
    }
}

/// Bands from highest to lowest; the last one has no lower bound, so every
/// capaian falls in exactly one band, and anything above 100 in the top one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bands(Vec<Band>);

impl Bands {
    /// Bands as the rulebook loader checked them: descending lower bounds,
    /// a bottom band without one.
    pub(crate) fn checked(bands: Vec<Band>) -> Bands {
        Bands(bands)
    }

    pub fn of(&self, capaian: Decimal) -> &Band {
        // The loader never builds an empty list, so the rank is always an index.
        &self.0[self.rank(capaian)]
    }

    /// The position of the band, 0 for the top: for colours and sorting.
    pub fn rank(&self, capaian: Decimal) -> usize {
        let position = self.0.iter().position(|band| band.from.is_none_or(|from| capaian >= from));
        position.unwrap_or(self.0.len().saturating_sub(1))
    }

    pub fn all(&self) -> &[Band] {
        &self.0
    }
}

keyed_enum! {
    /// Whether an indicator is on course to reach the year's target, judged by its capaian to date.
    Status {
        OnTrack => "on_track", "Sesuai jalur", "On track";
        AtRisk => "at_risk", "Berisiko", "At risk";
        OffTrack => "off_track", "Tertinggal", "Off track";
    }
}

/// The capaian to date from which an indicator is on track, and at risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StatusThresholds {
    pub on_track: Decimal,
    pub at_risk: Decimal,
}

impl StatusThresholds {
    pub fn status(&self, capaian_to_date: Decimal) -> Status {
        if capaian_to_date >= self.on_track {
            Status::OnTrack
        } else if capaian_to_date >= self.at_risk {
            Status::AtRisk
        } else {
            Status::OffTrack
        }
    }
}
