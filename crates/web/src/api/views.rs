//! What the API sends and receives, kept apart from store rows so the
//! database can change without changing the contract.

use domain::access::Principal;
use domain::cascade::{ElementContent, Finding, Plan, PlanHeader, TreeNode};
use domain::planning::Target;
use serde::{Deserialize, Serialize};
use store::Page;
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;

/// An error: a stable code, a message in the request's language, and the fields at fault.
#[derive(Serialize, ToSchema)]
pub struct ErrorView {
    /// `unauthenticated`, `forbidden`, `not_found`, `invalid`, `bad_request` or `internal`.
    pub error: String,
    pub message: String,
    pub fields: Vec<FieldErrorView>,
}

#[derive(Serialize, ToSchema)]
pub struct FieldErrorView {
    pub field: String,
    pub message: String,
}

#[derive(Serialize, ToSchema)]
pub struct GrantView {
    /// `admin_nasional`, `admin_pemda`, `operator_opd`, `pejabat`, `verifikator`, `evaluator` or `pemantau`.
    pub role: String,
    pub tenant_id: Option<i64>,
    pub opd_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct MeView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub tenant_id: Option<i64>,
    pub roles: Vec<GrantView>,
}

impl From<&Principal> for MeView {
    fn from(p: &Principal) -> Self {
        MeView {
            id: p.user_id.0,
            username: p.username.clone(),
            display_name: p.display_name.clone(),
            tenant_id: p.home_tenant.map(|t| t.0),
            roles: p
                .grants
                .iter()
                .map(|g| GrantView {
                    role: g.role.key().into(),
                    tenant_id: g.tenant.map(|t| t.0),
                    opd_id: g.opd.map(|o| o.0),
                })
                .collect(),
        }
    }
}

/// Paged lists share one shape: `items`, `total`, `page`, `per_page`.
macro_rules! list_view {
    ($($list:ident of $view:ident from $row:ty;)*) => {$(
        #[derive(Serialize, ToSchema)]
        pub struct $list {
            pub items: Vec<$view>,
            pub total: i64,
            pub page: u32,
            pub per_page: u32,
        }

        impl From<Page<$row>> for $list {
            fn from(page: Page<$row>) -> Self {
                $list {
                    items: page.items.into_iter().map($view::from).collect(),
                    total: page.total,
                    page: page.page,
                    per_page: page.per_page,
                }
            }
        }
    )*};
}

list_view! {
    TenantList of TenantView from store::Tenant;
    OpdList of OpdView from store::Opd;
    UnitList of UnitView from store::Unit;
    PositionList of PositionView from store::Position;
    OfficialList of OfficialView from store::Official;
    AuditList of AuditEntryView from store::AuditEntry;
}

#[derive(Serialize, ToSchema)]
pub struct TenantView {
    pub id: i64,
    /// Kemendagri code, e.g. `16.03`.
    pub code: String,
    pub name: String,
    /// `provinsi`, `kabupaten` or `kota`.
    pub kind: String,
    pub province_code: String,
}

impl From<store::Tenant> for TenantView {
    fn from(t: store::Tenant) -> Self {
        TenantView { id: t.id, code: t.code, name: t.name, kind: t.kind.key().into(), province_code: t.province_code }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SummaryView {
    pub opds: i64,
    pub kecamatan: i64,
    pub units: i64,
    pub positions: i64,
    pub vacant_positions: i64,
    pub officials: i64,
    pub acting_assignments: i64,
    pub users: i64,
}

impl From<store::TenantSummary> for SummaryView {
    fn from(s: store::TenantSummary) -> Self {
        SummaryView {
            opds: s.opds,
            kecamatan: s.kecamatan,
            units: s.units,
            positions: s.positions,
            vacant_positions: s.vacant_positions,
            officials: s.officials,
            acting_assignments: s.acting_assignments,
            users: s.users,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TenantDetail {
    pub tenant: TenantView,
    pub summary: SummaryView,
}

#[derive(Serialize, ToSchema)]
pub struct OpdView {
    pub id: i64,
    pub name: String,
    pub short_name: Option<String>,
    /// One of `sekretariat_daerah`, `sekretariat_dprd`, `inspektorat`, `dinas`, `badan`, `satuan`, `rumah_sakit`, `kecamatan`.
    pub kind: String,
    /// Kemendagri district code, for a kecamatan.
    pub district_code: Option<String>,
    pub active: bool,
    pub unit_count: i64,
    pub position_count: i64,
    #[schema(value_type = String, format = DateTime)]
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<store::Opd> for OpdView {
    fn from(o: store::Opd) -> Self {
        OpdView {
            id: o.id,
            name: o.name,
            short_name: o.short_name,
            kind: o.kind.key().into(),
            district_code: o.district_code,
            active: o.active,
            unit_count: o.unit_count,
            position_count: o.position_count,
            updated_at: o.updated_at,
        }
    }
}

/// A new or changed perangkat daerah. The permission is checked before the
/// body: a required field missing or one that does not validate is a 422
/// naming it.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct OpdInput {
    #[schema(required = true, max_length = 200)]
    pub name: String,
    #[schema(max_length = 40)]
    pub short_name: String,
    /// `sekretariat_daerah`, `sekretariat_dprd`, `inspektorat`, `dinas`, `badan`, `satuan`, `rumah_sakit` or `kecamatan`.
    #[schema(required = true)]
    pub kind: String,
    /// Required for a kecamatan: a district code of this pemda.
    pub district_code: String,
    /// For updates; new OPDs are active. Defaults to true.
    pub active: Option<bool>,
}

#[derive(Serialize, ToSchema)]
pub struct UnitView {
    pub id: i64,
    pub opd_id: i64,
    pub opd_name: String,
    pub parent_id: Option<i64>,
    pub name: String,
    /// `sekretariat`, `bidang`, `bagian`, `sub_bagian`, `seksi` or `uptd`.
    pub kind: String,
}

impl From<store::Unit> for UnitView {
    fn from(u: store::Unit) -> Self {
        UnitView {
            id: u.id,
            opd_id: u.opd_id,
            opd_name: u.opd_name,
            parent_id: u.parent_id,
            name: u.name,
            kind: u.kind.key().into(),
        }
    }
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct UnitInput {
    #[schema(required = true)]
    pub opd_id: Option<i64>,
    pub parent_id: Option<i64>,
    #[schema(required = true, max_length = 200)]
    pub name: String,
    /// `sekretariat`, `bidang`, `bagian`, `sub_bagian`, `seksi` or `uptd`.
    #[schema(required = true)]
    pub kind: String,
}

#[derive(Serialize, ToSchema)]
pub struct PositionView {
    pub id: i64,
    pub opd_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub name: String,
    /// `kepala_daerah`, `wakil_kepala_daerah`, `sekretaris_daerah`, `jpt_pratama`, `camat`, `administrator`, `pengawas` or `pelaksana`.
    pub level: String,
    /// Who holds it today, with `Plt. `/`Plh. ` for acting officials.
    pub holder: Option<String>,
}

impl From<store::Position> for PositionView {
    fn from(p: store::Position) -> Self {
        PositionView {
            id: p.id,
            opd_id: p.opd_id,
            unit_id: p.unit_id,
            name: p.name,
            level: p.level.key().into(),
            holder: p.holder,
        }
    }
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct PositionInput {
    pub opd_id: Option<i64>,
    pub unit_id: Option<i64>,
    #[schema(required = true, max_length = 200)]
    pub name: String,
    /// `kepala_daerah`, `wakil_kepala_daerah`, `sekretaris_daerah`, `jpt_pratama`, `camat`, `administrator`, `pengawas` or `pelaksana`.
    #[schema(required = true)]
    pub level: String,
}

#[derive(Serialize, ToSchema)]
pub struct OfficialView {
    pub id: i64,
    /// 18 digits.
    pub nip: String,
    pub name: String,
    pub front_titles: Option<String>,
    pub back_titles: Option<String>,
    /// Name with titles, as printed.
    pub full_name: String,
    /// Golongan ruang, e.g. `IV/c`.
    pub golongan: String,
    /// Pangkat, e.g. `Pembina Utama Muda`.
    pub pangkat: String,
    pub position: Option<String>,
}

impl From<store::Official> for OfficialView {
    fn from(o: store::Official) -> Self {
        OfficialView {
            full_name: o.full_name(),
            id: o.id,
            nip: o.nip,
            name: o.name,
            front_titles: o.front_titles,
            back_titles: o.back_titles,
            golongan: o.golongan.code().into(),
            pangkat: o.golongan.pangkat().into(),
            position: o.position_name,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AssignmentView {
    pub id: i64,
    pub position_id: i64,
    pub position_name: String,
    /// `definitif`, `plt` or `plh`.
    pub kind: String,
    #[schema(value_type = String, format = Date)]
    pub starts_on: Date,
    #[schema(value_type = Option<String>, format = Date)]
    pub ends_on: Option<Date>,
    pub decree: Option<String>,
}

impl From<store::Assignment> for AssignmentView {
    fn from(a: store::Assignment) -> Self {
        AssignmentView {
            id: a.id,
            position_id: a.position_id,
            position_name: a.position_name,
            kind: a.kind.key().into(),
            starts_on: a.starts_on,
            ends_on: a.ends_on,
            decree: a.decree,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct OfficialDetail {
    pub official: OfficialView,
    pub assignments: Vec<AssignmentView>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct OfficialInput {
    /// 18 digits: birth date, appointment month, sex and a serial number, each checked.
    #[schema(required = true)]
    pub nip: String,
    #[schema(required = true, max_length = 100)]
    pub name: String,
    pub front_titles: String,
    pub back_titles: String,
    /// e.g. `IV/c`.
    #[schema(required = true)]
    pub golongan: String,
}

#[derive(Serialize, ToSchema)]
pub struct AuditEntryView {
    pub id: i64,
    pub seq: i64,
    #[schema(value_type = String, format = DateTime)]
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    /// The row before the change, as JSON text.
    pub before: Option<String>,
    /// The row after the change, as JSON text.
    pub after: Option<String>,
    pub hash: String,
    pub prev_hash: String,
}

impl From<store::AuditEntry> for AuditEntryView {
    fn from(e: store::AuditEntry) -> Self {
        AuditEntryView {
            id: e.id,
            seq: e.seq,
            at: e.at,
            actor: e.actor,
            action: e.action,
            entity: e.entity,
            entity_id: e.entity_id,
            before: e.before_value,
            after: e.after_value,
            hash: e.hash,
            prev_hash: e.prev_hash,
        }
    }
}

// --- planning -------------------------------------------------------------
// Amounts and targets travel as text: exact decimals with `.` as the decimal
// mark; a range target is `low - high`, a qualitative target its level.

/// An RPJMD or Renstra, one version of it.
#[derive(Serialize, ToSchema)]
pub struct PlanView {
    pub id: i64,
    /// `rpjmd` or `renstra`.
    pub kind: String,
    pub opd_id: Option<i64>,
    pub opd_name: Option<String>,
    pub start_year: i32,
    pub end_year: i32,
    pub title: String,
    pub visi: Option<String>,
    /// 0 for the original plan, then 1, 2… for each revision (perubahan).
    pub revision: i32,
    /// `draft` or `approved`.
    pub status: String,
    /// Replaced by a later revision: readable, no longer changeable.
    pub superseded: bool,
}

impl From<&PlanHeader> for PlanView {
    fn from(h: &PlanHeader) -> Self {
        PlanView {
            id: h.id,
            kind: h.kind.key().into(),
            opd_id: h.opd_id,
            opd_name: h.opd_name.clone(),
            start_year: h.period.start,
            end_year: h.period.end,
            title: h.title.clone(),
            visi: h.visi.clone(),
            revision: h.revision,
            status: h.status.key().into(),
            superseded: h.superseded,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PlanList {
    pub items: Vec<PlanView>,
}

/// A plan with its elements in tree order (each after its parent).
#[derive(Serialize, ToSchema)]
pub struct PlanDetail {
    pub plan: PlanView,
    pub elements: Vec<ElementView>,
}

#[derive(Serialize, ToSchema)]
pub struct ElementView {
    pub id: Option<i64>,
    /// `misi`, `tujuan`, `sasaran`, `strategi`, `arah_kebijakan`, `program`, `kegiatan` or `sub_kegiatan`.
    pub kind: String,
    /// Unique in the plan; Permendagri 90 codes for program, kegiatan and sub-kegiatan.
    pub code: String,
    pub name: String,
    pub parent_code: Option<String>,
    /// For a Renstra sasaran: the codes of the RPJMD sasaran it supports.
    pub supports: Vec<String>,
    /// Indicative budget (pagu) per year.
    pub budgets: Vec<YearAmount>,
    pub indicators: Vec<IndicatorView>,
}

#[derive(Serialize, ToSchema)]
pub struct YearAmount {
    pub year: i32,
    /// Rupiah, exact.
    pub amount: String,
}

#[derive(Serialize, ToSchema)]
pub struct YearTarget {
    pub year: i32,
    pub target: String,
}

#[derive(Serialize, ToSchema)]
pub struct IndicatorView {
    pub id: Option<i64>,
    pub name: String,
    pub definition: Option<String>,
    pub formula: Option<String>,
    pub unit: String,
    /// `higher`, `lower` or `range`.
    pub polarity: String,
    /// `number`, `percent`, `index`, `ratio` or `level`.
    pub value_kind: String,
    /// How quarters make the year: `sum`, `last`, `average`, `max` or `min`.
    pub aggregation: String,
    pub data_source: Option<String>,
    pub responsible_opd_id: Option<i64>,
    pub is_iku: bool,
    pub baseline: Option<String>,
    pub targets: Vec<YearTarget>,
    pub final_target: Option<String>,
}

impl From<&ElementContent> for ElementView {
    fn from(e: &ElementContent) -> Self {
        let canonical = |t: &Option<Target>| t.as_ref().map(Target::canonical);
        ElementView {
            id: e.id,
            kind: e.draft.kind.key().into(),
            code: e.draft.code.clone(),
            name: e.draft.name.clone(),
            parent_code: e.draft.parent_code.clone(),
            supports: e.supports.clone(),
            budgets: e
                .budgets
                .iter()
                .map(|(year, amount)| YearAmount { year: *year, amount: amount.normalize().to_string() })
                .collect(),
            indicators: e
                .indicators
                .iter()
                .map(|i| {
                    let d = &i.draft;
                    IndicatorView {
                        id: i.id,
                        name: d.name.clone(),
                        definition: d.definition.clone(),
                        formula: d.formula.clone(),
                        unit: d.unit.clone(),
                        polarity: d.polarity.key().into(),
                        value_kind: d.value_kind.key().into(),
                        aggregation: d.aggregation.key().into(),
                        data_source: d.data_source.clone(),
                        responsible_opd_id: d.responsible_opd,
                        is_iku: d.is_iku,
                        baseline: canonical(&d.baseline),
                        targets: d
                            .targets
                            .iter()
                            .map(|(year, t)| YearTarget { year: *year, target: t.canonical() })
                            .collect(),
                        final_target: canonical(&d.final_target),
                    }
                })
                .collect(),
        }
    }
}

impl From<&Plan> for PlanDetail {
    fn from(plan: &Plan) -> Self {
        PlanDetail {
            plan: PlanView::from(&plan.header),
            elements: plan.in_tree_order().into_iter().map(|(_, e)| ElementView::from(e)).collect(),
        }
    }
}

/// The performance tree for one year.
#[derive(Serialize, ToSchema)]
pub struct TreeView {
    pub year: i32,
    /// From RPJMD tujuan down to sub-kegiatan.
    pub nodes: Vec<TreeNodeView>,
    /// OPD sasaran supporting no RPJMD sasaran, with what hangs under them.
    pub unlinked: Vec<TreeNodeView>,
}

#[derive(Serialize, ToSchema)]
pub struct TreeNodeView {
    pub kind: String,
    pub code: String,
    pub name: String,
    /// The OPD, for Renstra elements.
    pub opd: Option<String>,
    pub indicators: Vec<TreeIndicatorView>,
    /// For a crosscutting sasaran: the other RPJMD sasaran it supports.
    pub also_supports: Vec<String>,
    #[schema(no_recursion)]
    pub children: Vec<TreeNodeView>,
}

#[derive(Serialize, ToSchema)]
pub struct TreeIndicatorView {
    pub name: String,
    pub unit: String,
    /// The year's target, formatted in the request's language.
    pub target: Option<String>,
    pub is_iku: bool,
}

impl From<&TreeNode> for TreeNodeView {
    fn from(n: &TreeNode) -> Self {
        TreeNodeView {
            kind: n.kind.key().into(),
            code: n.code.clone(),
            name: n.name.clone(),
            opd: n.opd.clone(),
            indicators: n
                .indicators
                .iter()
                .map(|i| TreeIndicatorView {
                    name: i.name.clone(),
                    unit: i.unit.clone(),
                    target: i.target.clone(),
                    is_iku: i.is_iku,
                })
                .collect(),
            also_supports: n.also_supports.clone(),
            children: n.children.iter().map(TreeNodeView::from).collect(),
        }
    }
}

/// The consistency report: every finding, in the report's order.
#[derive(Serialize, ToSchema)]
pub struct ConsistencyView {
    pub total: usize,
    pub findings: Vec<FindingView>,
}

#[derive(Serialize, ToSchema)]
pub struct FindingView {
    /// `unlinked_sasaran`, `unsupported_sasaran`, `missing_target`, … (see the report page).
    pub kind: String,
    /// The finding's title in the request's language.
    pub title: String,
    pub plan_id: i64,
    pub plan: String,
    pub code: String,
    pub name: String,
    pub detail: String,
}

impl FindingView {
    pub fn new(f: Finding, locale: domain::Locale) -> Self {
        FindingView {
            kind: f.kind.key().into(),
            title: f.kind.label(locale).into(),
            plan_id: f.plan_id,
            plan: f.plan,
            code: f.code,
            name: f.name,
            detail: f.detail,
        }
    }
}

/// An OPD's Renja for a year: the Renstra's program, kegiatan and sub-kegiatan with their budgets.
#[derive(Serialize, ToSchema)]
pub struct RenjaView {
    pub opd_id: i64,
    pub year: i32,
    pub items: Vec<RenjaItemView>,
}

#[derive(Serialize, ToSchema)]
pub struct RenjaItemView {
    pub element_id: i64,
    pub kind: String,
    pub code: String,
    pub name: String,
    /// The Renstra's indicative pagu for the year.
    pub planned: Option<String>,
    /// The DPA pagu.
    pub pagu: Option<String>,
    /// The changed pagu after a budget change.
    pub pagu_perubahan: Option<String>,
}

impl From<store::RenjaRow> for RenjaItemView {
    fn from(r: store::RenjaRow) -> Self {
        RenjaItemView {
            element_id: r.element_id,
            kind: r.kind.key().into(),
            code: r.code,
            name: r.name,
            planned: r.planned.map(|d| d.to_string()),
            pagu: r.pagu.map(|d| d.to_string()),
            pagu_perubahan: r.pagu_perubahan.map(|d| d.to_string()),
        }
    }
}

/// A file's bytes, for the documentation: handlers send the bytes themselves.
pub struct FileBytes;

impl utoipa::PartialSchema for FileBytes {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .into()
    }
}

impl ToSchema for FileBytes {}
