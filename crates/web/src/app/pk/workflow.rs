//! The use cases of a PK's life: list the year's agreements, draft one or
//! all, change rows, budget and place while a draft, submit, return,
//! approve, sign, revoke and amend. Each checks who may do it here; the
//! store checks the status inside its transaction.

use crate::auth::InTenant;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use domain::access::Permission;
use domain::pk::{AmendmentReason, BudgetRow, BudgetRowInput, PkRow, PkRowInput, PkStatus, Step};
use domain::{Invalid, Locale, OpdId, Reason};
use store::{PkSlot, PkVersion};

/// Whether the user may draft (and change, and submit) the PK of a position in `opd`.
pub fn may_draft(scope: &InTenant, opd: Option<i64>) -> bool {
    scope.may(Permission::DraftPk(opd.map(OpdId)))
}

/// Which of the year's agreements to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct SlotFilter {
    pub opd: Option<i64>,
    /// Only those not in force yet.
    pub unsigned: bool,
    /// Only those whose next signature is the user's.
    pub waiting_for_me: bool,
}

impl SlotFilter {
    /// Whether a slot at `status` stays in the list (the `unsigned` filter).
    pub fn keeps_status(&self, status: Option<PkStatus>) -> bool {
        !self.unsigned || status != Some(PkStatus::InForce)
    }
}

/// The positions that sign a PK in `year`, each with its agreement if drafted.
pub async fn slots(state: &AppState, scope: &InTenant, year: i32, filter: SlotFilter) -> AppResult<Vec<PkSlot>> {
    scope.require(Permission::ViewPlanning)?;
    let slots = state.store.pk_slots(scope.id(), year, filter.opd, state.today()).await?;
    let me = if filter.waiting_for_me { signer(state, scope).await? } else { None };
    let mut out = Vec::with_capacity(slots.len());
    for slot in slots {
        if !filter.keeps_status(slot.status()) {
            continue;
        }
        if filter.waiting_for_me {
            let (Some(official), Some(version), Some(status)) = (me, slot.version_id, slot.status()) else {
                continue;
            };
            if !matches!(status, PkStatus::Approved | PkStatus::SignedFirst) {
                continue;
            }
            let version = state.store.pk_version(scope.id(), version).await?;
            if version.content.signing_party(status, official).is_none() {
                continue;
            }
        }
        out.push(slot);
    }
    Ok(out)
}

/// The slot of one position in `year`, if it signs a PK.
pub async fn slot(state: &AppState, scope: &InTenant, position: i64, year: i32) -> AppResult<PkSlot> {
    let slots = state.store.pk_slots(scope.id(), year, None, state.today()).await?;
    slots.into_iter().find(|s| s.position_id == position).ok_or(AppError::NotFound)
}

/// A version the user may read: 403 without the right, 404 for another pemda's.
pub async fn read(state: &AppState, scope: &InTenant, id: i64) -> AppResult<PkVersion> {
    scope.require(Permission::ViewPlanning)?;
    Ok(state.store.pk_version(scope.id(), id).await?)
}

/// A version its reader may also change as a drafter: 403 for anyone else,
/// before their input is even read.
pub async fn draftable(state: &AppState, scope: &InTenant, id: i64) -> AppResult<PkVersion> {
    let version = read(state, scope, id).await?;
    if !may_draft(scope, version.header.opd_id) {
        return Err(AppError::Forbidden);
    }
    Ok(version)
}

/// The official the user signs as, if their account is linked to one.
pub async fn signer(state: &AppState, scope: &InTenant) -> AppResult<Option<i64>> {
    Ok(state.store.official_of_user(scope.principal.user_id.0).await?)
}

/// Drafts the PK of a position from the plan; `chosen` are the program or
/// kegiatan codes an administrator or pengawas answers for. The new version's id.
pub async fn draft(state: &AppState, scope: &InTenant, position: i64, year: i32, chosen: &[String]) -> AppResult<i64> {
    if !scope.drafts_some_pk() {
        return Err(AppError::Forbidden);
    }
    let year = checked_year(year)?;
    let found = slot(state, scope, position, year).await?;
    if !may_draft(scope, found.opd_id) {
        return Err(AppError::Forbidden);
    }
    Ok(state.store.create_pk(scope.id(), &scope.actor(), position, year, chosen, state.today()).await?)
}

/// Drafts every missing PK of the year at once; how many were drafted.
pub async fn draft_all(state: &AppState, scope: &InTenant, year: i32) -> AppResult<usize> {
    scope.require(Permission::DraftPk(None))?;
    let year = checked_year(year)?;
    Ok(state.store.create_all_pks(scope.id(), &scope.actor(), year, state.today()).await?)
}

fn checked_year(year: i32) -> AppResult<i32> {
    Ok(domain::planning::year(&year.to_string()).map_err(|r| Invalid::one("year", r))?)
}

/// Adds a row (`row_id` none) or changes one; the row's id.
pub async fn save_row(
    state: &AppState,
    scope: &InTenant,
    id: i64,
    row_id: Option<i64>,
    input: &PkRowInput,
    locale: Locale,
) -> AppResult<i64> {
    let version = draftable(state, scope, id).await?;
    let existing = match row_id {
        Some(r) => Some(version.row_ids.iter().position(|i| *i == r).ok_or(AppError::NotFound)?),
        None => None,
    };
    let (key, source) = match existing.and_then(|index| version.content.rows.get(index)) {
        Some(row) => (row.key.clone(), row.source.clone()),
        None => (String::new(), None),
    };
    let row = PkRow::parse(input, key, source, locale)?;
    Ok(state.store.save_pk_row(scope.id(), &scope.actor(), id, row_id, &row).await?)
}

pub async fn delete_row(state: &AppState, scope: &InTenant, id: i64, row_id: i64) -> AppResult<()> {
    draftable(state, scope, id).await?;
    Ok(state.store.delete_pk_row(scope.id(), &scope.actor(), id, row_id).await?)
}

/// Adds a budget row (`row_id` none) or changes one; the row's id.
pub async fn save_budget(
    state: &AppState,
    scope: &InTenant,
    id: i64,
    row_id: Option<i64>,
    input: &BudgetRowInput,
    locale: Locale,
) -> AppResult<i64> {
    draftable(state, scope, id).await?;
    let row = BudgetRow::parse(input, locale)?;
    Ok(state.store.save_pk_budget(scope.id(), &scope.actor(), id, row_id, &row).await?)
}

pub async fn delete_budget(state: &AppState, scope: &InTenant, id: i64, row_id: i64) -> AppResult<()> {
    draftable(state, scope, id).await?;
    Ok(state.store.delete_pk_budget(scope.id(), &scope.actor(), id, row_id).await?)
}

/// Sets where and when the PK is signed (`tempat`, `tanggal` as `YYYY-MM-DD`).
pub async fn set_place(state: &AppState, scope: &InTenant, id: i64, place: &str, date: &str) -> AppResult<()> {
    draftable(state, scope, id).await?;
    let mut invalid = Invalid::default();
    let place = invalid.check("tempat", domain::text::required_text(place, 80));
    let date = invalid.check("tanggal", domain::text::date(date));
    let (place, date) = invalid.finish(|| Some((place?, date?)))?;
    Ok(state.store.set_pk_place(scope.id(), &scope.actor(), id, &place, date).await?)
}

/// Submits (the drafters), returns, approves or revokes (the reviewers) a
/// version; the status it is in afterwards. Signing is [`sign`].
pub async fn step(state: &AppState, scope: &InTenant, id: i64, step: Step, note: &str) -> AppResult<PkStatus> {
    let version = read(state, scope, id).await?;
    let allowed = match step {
        Step::Submit => may_draft(scope, version.header.opd_id),
        Step::Return | Step::Approve | Step::Revoke => scope.may(Permission::ReviewPk),
        Step::SignFirst | Step::SignSecond | Step::Replace => false,
    };
    if !allowed {
        return Err(AppError::Forbidden);
    }
    Ok(state.store.pk_step(scope.id(), &scope.actor(), id, step, note).await?)
}

/// Signs as the party the user is, after checking their password again, so
/// that a session left open cannot sign. Once in force, the PDF is issued,
/// so the copy people download is the one the verification page knows.
pub async fn sign(state: &AppState, scope: &InTenant, id: i64, password: String) -> AppResult<PkStatus> {
    read(state, scope, id).await?;
    let official = signer(state, scope).await?.ok_or(AppError::Forbidden)?;
    let stored = state.store.credentials(&scope.principal.username).await?.map(|c| c.password_hash);
    if !state.config.password_hasher.verify(password, stored).await {
        return Err(Invalid::one("sandi", Reason::WrongPassword).into());
    }
    let version = state.store.pk_version(scope.id(), id).await?;
    if !version.content.is_party(official) {
        return Err(AppError::Forbidden);
    }
    let status = state.store.sign_pk(scope.id(), &scope.actor(), &state.config.vault, id, official).await?;
    if status == PkStatus::InForce {
        super::issue(state, scope.id(), id).await?;
    }
    Ok(status)
}

/// Starts a PK Perubahan from the version in force; the new version's id.
pub async fn amend(state: &AppState, scope: &InTenant, id: i64, reason: &str, note: &str) -> AppResult<i64> {
    draftable(state, scope, id).await?;
    let reason = AmendmentReason::parse(reason).map_err(|r| Invalid::one("alasan", r))?;
    Ok(state.store.amend_pk(scope.id(), &scope.actor(), id, reason, note, state.today()).await?)
}
