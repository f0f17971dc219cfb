//! The life of one PK version: drafted by the OPD, reviewed, signed by the
//! first party and then the second, in force until an amendment replaces it.

use crate::Reason;
use crate::org::keyed_enum;

keyed_enum! {
    PkStatus {
        Draft => "draft", "Draf", "Draft";
        Submitted => "submitted", "Diajukan", "Submitted";
        Returned => "returned", "Dikembalikan", "Returned";
        Approved => "approved", "Disetujui, menunggu tanda tangan", "Approved, awaiting signatures";
        SignedFirst => "signed_first", "Ditandatangani pihak pertama", "Signed by the first party";
        InForce => "in_force", "Berlaku", "In force";
        Replaced => "replaced", "Diganti oleh PK Perubahan", "Replaced by an amendment";
        Revoked => "revoked", "Dicabut", "Revoked";
    }
}

keyed_enum! {
    /// Why a PK Perubahan is made (sakip-rules.md §2, "Revision").
    AmendmentReason {
        OfficialReplaced => "official_replaced", "Pergantian atau mutasi pejabat", "Official replaced or transferred";
        StrategyChanged => "strategy_changed", "Perubahan strategi (program/kegiatan)", "Change of strategy (programs, activities)";
        BudgetChanged => "budget_changed", "Perubahan anggaran", "Change of budget";
        PriorityChanged => "priority_changed", "Perubahan prioritas atau asumsi", "Change of priority or assumptions";
    }
}

/// What someone does to a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Submit,
    /// Sent back to the drafter with notes, before anyone signed.
    Return,
    Approve,
    SignFirst,
    SignSecond,
    /// A later version came into force.
    Replace,
    Revoke,
}

keyed_enum! {
    /// The side of the agreement a signature is given for.
    SigningParty {
        First => "first", "Pihak pertama", "First party";
        Second => "second", "Pihak kedua", "Second party";
    }
}

impl SigningParty {
    pub fn step(self) -> Step {
        match self {
            SigningParty::First => Step::SignFirst,
            SigningParty::Second => Step::SignSecond,
        }
    }
}

/// Whether a PK Perubahan may start from a version at `status`, given the
/// statuses of every version of the PK: only from the one in force, and
/// only while no other amendment is on its way.
pub fn may_amend(status: PkStatus, versions: impl IntoIterator<Item = PkStatus>) -> Result<(), Reason> {
    if status != PkStatus::InForce {
        return Err(Reason::StepNotAllowed);
    }
    if versions.into_iter().any(PkStatus::open) {
        return Err(Reason::AmendmentOpen);
    }
    Ok(())
}

impl PkStatus {
    /// Rows, budget and parties change only here.
    pub fn editable(self) -> bool {
        matches!(self, PkStatus::Draft | PkStatus::Returned)
    }

    /// Signed at least once: frozen for good.
    pub fn signed(self) -> bool {
        matches!(self, PkStatus::SignedFirst | PkStatus::InForce | PkStatus::Replaced | PkStatus::Revoked)
    }

    /// Still on its way to being in force; a PK has at most one such version.
    pub fn open(self) -> bool {
        !matches!(self, PkStatus::InForce | PkStatus::Replaced | PkStatus::Revoked)
    }

    /// The status after `step`, or why the step is not possible now. A
    /// kepala daerah's PK (`solo`) is in force with the first signature.
    pub fn after(self, step: Step, solo: bool) -> Result<PkStatus, Reason> {
        use PkStatus::*;
        match (self, step) {
            (Draft | Returned, Step::Submit) => Ok(Submitted),
            (Submitted | Approved, Step::Return) => Ok(Returned),
            (Submitted, Step::Approve) => Ok(Approved),
            (Approved, Step::SignFirst) => Ok(if solo { InForce } else { SignedFirst }),
            (SignedFirst, Step::SignSecond) if !solo => Ok(InForce),
            (InForce, Step::Replace) => Ok(Replaced),
            (InForce, Step::Revoke) => Ok(Revoked),
            _ => Err(Reason::StepNotAllowed),
        }
    }
}
