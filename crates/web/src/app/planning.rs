//! Planning: who may change a plan, the performance tree and the
//! consistency findings of a pemda's plans.

use crate::auth::InTenant;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use domain::Locale;
use domain::access::{Permission, PlanRefusal};
use domain::cascade::{CodeStatus, Finding, PlanHeader, TreeNode, consistency, performance_tree};
use domain::{Invalid, Reason};

/// Whether the user may change the plan now.
pub fn may_edit(scope: &InTenant, header: &PlanHeader) -> bool {
    scope.principal.may_edit_plan(scope.id(), header).is_ok()
}

/// Refuses a change to a plan the user may not edit (403), or to a replaced
/// one they could otherwise change (told why).
pub fn require_edit(scope: &InTenant, header: &PlanHeader) -> AppResult<()> {
    match scope.principal.may_edit_plan(scope.id(), header) {
        Ok(()) => Ok(()),
        Err(PlanRefusal::Superseded) => Err(Invalid::one("plan", Reason::Superseded).into()),
        Err(PlanRefusal::NotPermitted) => Err(AppError::Forbidden),
    }
}

/// The header of a plan the user may change: 403 without the right to
/// read plans, 404 for another pemda's plan, then [`require_edit`].
pub async fn editable_plan(state: &AppState, scope: &InTenant, id: i64) -> AppResult<PlanHeader> {
    scope.require(Permission::ViewPlanning)?;
    let header = state.store.plan_header(scope.id(), id).await?;
    require_edit(scope, &header)?;
    Ok(header)
}

/// The performance tree of `year`: the nodes under the RPJMD, those linked
/// to nothing, and whether the pemda has an RPJMD.
pub async fn tree_of(
    state: &AppState,
    scope: &InTenant,
    year: i32,
    locale: Locale,
) -> AppResult<(Vec<TreeNode>, Vec<TreeNode>, bool)> {
    let cascade = state.store.cascade(scope.id()).await?;
    let (roots, unlinked) = performance_tree(&cascade, year, locale);
    Ok((roots, unlinked, cascade.rpjmd.is_some()))
}

/// The consistency findings of the pemda's plans, and whether it has an RPJMD.
pub async fn findings(state: &AppState, scope: &InTenant, locale: Locale) -> AppResult<(Vec<Finding>, bool)> {
    let cascade = state.store.cascade(scope.id()).await?;
    let statuses = state.store.code_statuses(scope.id()).await?;
    let status = |code: &str| statuses.get(code).copied().unwrap_or(CodeStatus::Unknown);
    Ok((consistency(&cascade, &status, locale), cascade.rpjmd.is_some()))
}
