//! Who may do what: roles scoped to a pemda and, for OPD operators, to one OPD.
//!
//! The web layer asks [`Principal::may`] before every action; nothing else
//! decides access, so the rules can be read (and tested) in one place.

use crate::cascade::PlanHeader;
use crate::org::keyed_enum;
use crate::planning::PlanKind;
use crate::{OpdId, Reason, TenantId, UserId};
use serde::Serialize;

keyed_enum! {
    Role {
        NationalAdmin => "admin_nasional", "Admin Nasional", "National admin";
        PemdaAdmin => "admin_pemda", "Admin Pemda (Bappeda)", "Pemda admin (Bappeda)";
        OpdOperator => "operator_opd", "Operator OPD", "OPD operator";
        Official => "pejabat", "Pejabat Penanda Tangan", "Official (signer)";
        Verifier => "verifikator", "Verifikator", "Verifier";
        Evaluator => "evaluator", "Evaluator", "Evaluator";
        Viewer => "pemantau", "Pemantau", "Viewer";
    }
}

/// Whether a role is held for one OPD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpdScope {
    Required,
    Optional,
    None,
}

impl Role {
    pub fn opd_scope(self) -> OpdScope {
        match self {
            Role::OpdOperator => OpdScope::Required,
            Role::Official => OpdScope::Optional,
            _ => OpdScope::None,
        }
    }

    /// Checks the OPD part of a grant against [`Role::opd_scope`].
    pub fn check_scope(self, opd: Option<OpdId>) -> Result<(), Reason> {
        match (self.opd_scope(), opd) {
            (OpdScope::Required, None) => Err(Reason::OpdScope { needed: true }),
            (OpdScope::None, Some(_)) => Err(Reason::OpdScope { needed: false }),
            _ => Ok(()),
        }
    }
}

/// A role held by a user, in a pemda (none for the national admin) and maybe one OPD.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Grant {
    pub role: Role,
    pub tenant: Option<TenantId>,
    pub opd: Option<OpdId>,
}

/// Actions that need a permission. Reading one's own account, changing one's
/// own password and managing one's own API tokens need none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// See the pemda's OPDs, units, positions and officials.
    ViewOrganisation,
    /// Create and edit perangkat daerah.
    ManageOpds,
    /// Create and edit units and positions of one OPD; `None` is a position
    /// outside any OPD (kepala daerah, wakil).
    ManageOpdStructure(Option<OpdId>),
    /// Create and edit officials and their assignments.
    ManageOfficials,
    /// Create users and grant roles in the pemda.
    ManageUsers,
    /// Read the audit log.
    ViewAudit,
    /// Register new pemda (national only).
    ManageTenants,
    /// Read the plans, the performance tree and the consistency report.
    ViewPlanning,
    /// Create and change the RPJMD (Bappeda).
    ManageRpjmd,
    /// Create and change one OPD's Renstra and Renja.
    ManageRenstra(OpdId),
    /// Approve a Renstra (Bappeda).
    ApproveRenstra,
    /// Choose the pemda's rulebook for a year (pemda admin).
    ChooseRulebook,
    /// Draft and edit the Perjanjian Kinerja of one OPD's officials; `None`
    /// is the kepala daerah's own.
    DraftPk(Option<OpdId>),
    /// Return or approve submitted PKs and revoke one in force (Bagian
    /// Organisasi, verifiers). Signing needs no permission: only the two
    /// parties themselves may sign.
    ReviewPk,
    /// Enter one OPD's quarterly realisation, evidence and budget spent, and submit it.
    ReportRealisation(OpdId),
    /// Approve or return OPDs' quarterly reports (verifiers, Bappeda).
    VerifyRealisation,
    /// Set the reporting calendar and reopen a closed period for one OPD (pemda admin).
    ManageCalendar,
}

/// Why a plan may not be changed by someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanRefusal {
    /// Not theirs to change.
    NotPermitted,
    /// Theirs, but a later revision replaced it.
    Superseded,
}

/// An authenticated user with the roles they hold.
#[derive(Debug, Clone, Serialize)]
pub struct Principal {
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    /// The pemda the account belongs to; `None` for national accounts.
    pub home_tenant: Option<TenantId>,
    pub grants: Vec<Grant>,
}

impl Principal {
    pub fn is_national_admin(&self) -> bool {
        self.grants.iter().any(|g| g.role == Role::NationalAdmin)
    }

    /// Whether this user may act in this pemda at all.
    pub fn may_enter(&self, tenant: TenantId) -> bool {
        self.is_national_admin() || self.grants.iter().any(|g| g.tenant == Some(tenant))
    }

    pub fn may(&self, tenant: TenantId, permission: Permission) -> bool {
        self.grants.iter().any(|grant| grant_allows(grant, tenant, permission))
    }

    /// The pemda this user may list: `None` means all of them (national admins).
    pub fn visible_tenants(&self) -> Option<Vec<i64>> {
        (!self.is_national_admin()).then(|| self.grants.iter().filter_map(|g| g.tenant.map(|t| t.0)).collect())
    }

    /// Whether this user may change a plan: the RPJMD is Bappeda's, a
    /// Renstra its OPD's (and Bappeda's); a replaced plan is changed by no one.
    pub fn may_edit_plan(&self, tenant: TenantId, plan: &PlanHeader) -> Result<(), PlanRefusal> {
        let permission = match (plan.kind, plan.opd_id) {
            (PlanKind::Renstra, Some(opd)) => Permission::ManageRenstra(OpdId(opd)),
            _ => Permission::ManageRpjmd,
        };
        if !self.may(tenant, permission) {
            return Err(PlanRefusal::NotPermitted);
        }
        if plan.superseded {
            return Err(PlanRefusal::Superseded);
        }
        Ok(())
    }

    /// The OPDs this user reports realisation for through a grant of their
    /// own OPD: the ones a reporting reminder is for. A pemda admin may
    /// report for any OPD but is reminded of none.
    pub fn reporting_opds(&self, tenant: TenantId) -> Vec<OpdId> {
        self.grants
            .iter()
            .filter_map(|g| g.opd.filter(|opd| grant_allows(g, tenant, Permission::ReportRealisation(*opd))))
            .collect()
    }

    pub fn roles(&self) -> impl Iterator<Item = Role> + '_ {
        self.grants.iter().map(|g| g.role)
    }
}

fn grant_allows(grant: &Grant, tenant: TenantId, permission: Permission) -> bool {
    use Permission::*;
    if grant.role == Role::NationalAdmin {
        return true;
    }
    if grant.tenant != Some(tenant) {
        return false;
    }
    match grant.role {
        Role::NationalAdmin => true,
        Role::PemdaAdmin => permission != ManageTenants,
        Role::OpdOperator => match permission {
            ViewOrganisation | ViewPlanning => true,
            ManageOpdStructure(Some(opd)) | ManageRenstra(opd) => grant.opd == Some(opd),
            DraftPk(Some(opd)) | ReportRealisation(opd) => grant.opd == Some(opd),
            _ => false,
        },
        Role::Evaluator => matches!(permission, ViewOrganisation | ViewAudit | ViewPlanning),
        Role::Verifier => matches!(permission, ViewOrganisation | ViewPlanning | ReviewPk | VerifyRealisation),
        Role::Official | Role::Viewer => matches!(permission, ViewOrganisation | ViewPlanning),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: TenantId = TenantId(1);
    const OTHER: TenantId = TenantId(2);

    fn principal(role: Role, tenant: Option<TenantId>, opd: Option<OpdId>) -> Principal {
        Principal {
            user_id: UserId(1),
            username: "u".into(),
            display_name: "U".into(),
            home_tenant: tenant,
            grants: vec![Grant { role, tenant, opd }],
        }
    }

    #[test]
    fn agreements_are_drafted_by_their_opd_and_reviewed_by_verifiers() {
        let operator = principal(Role::OpdOperator, Some(HOME), Some(OpdId(7)));
        assert!(operator.may(HOME, Permission::DraftPk(Some(OpdId(7)))));
        assert!(!operator.may(HOME, Permission::DraftPk(Some(OpdId(8)))));
        assert!(!operator.may(HOME, Permission::DraftPk(None)), "the kepala daerah's PK is Bappeda's");
        assert!(!operator.may(HOME, Permission::ReviewPk));
        let verifier = principal(Role::Verifier, Some(HOME), None);
        assert!(verifier.may(HOME, Permission::ReviewPk));
        assert!(!verifier.may(HOME, Permission::DraftPk(Some(OpdId(7)))));
        assert!(!principal(Role::Official, Some(HOME), None).may(HOME, Permission::ReviewPk));
    }

    #[test]
    fn plans_are_changed_by_their_owners_and_never_once_replaced() {
        use crate::planning::{Period, PlanStatus};
        let plan = |kind, opd: Option<i64>, superseded| PlanHeader {
            id: 1,
            kind,
            opd_id: opd,
            opd_name: None,
            period: Period::parse("2025", "2029").unwrap(),
            title: "Rencana".into(),
            visi: None,
            revision: 0,
            status: PlanStatus::Draft,
            superseded,
        };
        let operator = principal(Role::OpdOperator, Some(HOME), Some(OpdId(7)));
        let admin = principal(Role::PemdaAdmin, Some(HOME), None);
        assert_eq!(operator.may_edit_plan(HOME, &plan(PlanKind::Renstra, Some(7), false)), Ok(()));
        assert_eq!(
            operator.may_edit_plan(HOME, &plan(PlanKind::Renstra, Some(8), false)),
            Err(PlanRefusal::NotPermitted)
        );
        assert_eq!(operator.may_edit_plan(HOME, &plan(PlanKind::Rpjmd, None, false)), Err(PlanRefusal::NotPermitted));
        assert_eq!(
            operator.may_edit_plan(OTHER, &plan(PlanKind::Renstra, Some(7), false)),
            Err(PlanRefusal::NotPermitted)
        );
        assert_eq!(admin.may_edit_plan(HOME, &plan(PlanKind::Rpjmd, None, false)), Ok(()));
        assert_eq!(admin.may_edit_plan(HOME, &plan(PlanKind::Renstra, Some(8), false)), Ok(()));
        assert_eq!(admin.may_edit_plan(HOME, &plan(PlanKind::Rpjmd, None, true)), Err(PlanRefusal::Superseded));
        assert_eq!(
            operator.may_edit_plan(HOME, &plan(PlanKind::Renstra, Some(8), true)),
            Err(PlanRefusal::NotPermitted),
            "a stranger is not told the plan was replaced"
        );
    }

    #[test]
    fn reminders_to_report_go_to_the_opds_own_reporters() {
        let operator = principal(Role::OpdOperator, Some(HOME), Some(OpdId(7)));
        assert_eq!(operator.reporting_opds(HOME), [OpdId(7)]);
        assert!(operator.reporting_opds(OTHER).is_empty(), "not in another pemda");
        assert!(principal(Role::Official, Some(HOME), Some(OpdId(7))).reporting_opds(HOME).is_empty());
        let admin = principal(Role::PemdaAdmin, Some(HOME), None);
        assert!(admin.may(HOME, Permission::ReportRealisation(OpdId(7))) && admin.reporting_opds(HOME).is_empty());
    }

    #[test]
    fn national_admin_may_everything_everywhere() {
        let admin = principal(Role::NationalAdmin, None, None);
        assert!(admin.may(OTHER, Permission::ManageTenants));
        assert!(admin.may_enter(OTHER));
        assert_eq!(admin.visible_tenants(), None);
    }

    #[test]
    fn pemda_admin_is_confined_to_its_pemda() {
        let admin = principal(Role::PemdaAdmin, Some(HOME), None);
        assert!(admin.may(HOME, Permission::ManageOfficials));
        assert!(!admin.may(HOME, Permission::ManageTenants));
        assert!(!admin.may(OTHER, Permission::ViewOrganisation));
        assert!(!admin.may_enter(OTHER));
        assert_eq!(admin.visible_tenants(), Some(vec![HOME.0]));
    }

    #[test]
    fn operator_manages_only_its_own_opd() {
        let operator = principal(Role::OpdOperator, Some(HOME), Some(OpdId(7)));
        assert!(operator.may(HOME, Permission::ManageOpdStructure(Some(OpdId(7)))));
        assert!(!operator.may(HOME, Permission::ManageOpdStructure(Some(OpdId(8)))));
        assert!(!operator.may(HOME, Permission::ManageOpdStructure(None)));
        assert!(!operator.may(HOME, Permission::ManageOpds));
        assert!(operator.may(HOME, Permission::ManageRenstra(OpdId(7))));
        assert!(!operator.may(HOME, Permission::ManageRenstra(OpdId(8))));
        assert!(!operator.may(HOME, Permission::ManageRpjmd));
        assert!(!operator.may(HOME, Permission::ApproveRenstra));
        assert!(!operator.may(HOME, Permission::ChooseRulebook));
        assert!(operator.may(HOME, Permission::ViewOrganisation));
    }

    #[test]
    fn readers_only_read() {
        for role in [Role::Official, Role::Verifier, Role::Viewer, Role::Evaluator] {
            let reader = principal(role, Some(HOME), None);
            assert!(reader.may(HOME, Permission::ViewOrganisation));
            assert!(!reader.may(HOME, Permission::ManageUsers), "{role:?}");
            assert!(reader.may(HOME, Permission::ViewPlanning));
            assert!(!reader.may(HOME, Permission::ManageRpjmd), "{role:?}");
        }
        assert!(principal(Role::Evaluator, Some(HOME), None).may(HOME, Permission::ViewAudit));
        assert!(!principal(Role::Viewer, Some(HOME), None).may(HOME, Permission::ViewAudit));
    }

    #[test]
    fn scopes_are_checked() {
        assert_eq!(Role::OpdOperator.check_scope(None), Err(Reason::OpdScope { needed: true }));
        assert_eq!(Role::PemdaAdmin.check_scope(Some(OpdId(1))), Err(Reason::OpdScope { needed: false }));
        assert_eq!(Role::Official.check_scope(None), Ok(()));
    }
}

/// Failed logins a (name, client address) pair may make in a row before it must wait.
pub const FREE_LOGIN_FAILURES: u32 = 5;
/// The longest wait.
const MAX_LOGIN_WAIT_MINUTES: i64 = 15;

/// How long a (name, client address) pair waits after `failures` failed
/// logins in a row: nothing for the first five, then one minute, doubling
/// with each further failure up to fifteen. Counting per pair, not per
/// account, means nobody can lock a user out from another address, and a
/// name that does not exist is throttled exactly like one that does.
pub fn login_backoff(failures: u32) -> Option<time::Duration> {
    let over = failures.checked_sub(FREE_LOGIN_FAILURES)?;
    let minutes = 1i64.checked_shl(over.min(8)).unwrap_or(i64::MAX).min(MAX_LOGIN_WAIT_MINUTES);
    Some(time::Duration::minutes(minutes))
}

#[cfg(test)]
mod backoff_tests {
    use super::*;

    #[test]
    fn the_wait_doubles_after_five_failures_up_to_fifteen_minutes() {
        assert_eq!(login_backoff(4), None);
        assert_eq!(login_backoff(5), Some(time::Duration::minutes(1)));
        assert_eq!(login_backoff(6), Some(time::Duration::minutes(2)));
        assert_eq!(login_backoff(8), Some(time::Duration::minutes(8)));
        assert_eq!(login_backoff(9), Some(time::Duration::minutes(15)));
        assert_eq!(login_backoff(u32::MAX), Some(time::Duration::minutes(15)));
    }
}
