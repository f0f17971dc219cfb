//! Perjanjian Kinerja: the year's list of who signs and who has not, a PK's
//! page (rows, rencana aksi, budget, workflow, signatures, amendments), its
//! PDF and DOCX, the cascade coverage, and the batch ZIP.

use super::{FormErrors, render, see_other, unprocessable};
use crate::app::pk::{self as use_case, SlotFilter, may_draft, verify_url};
use crate::auth::InTenant;
use crate::error::{AppError, AppResult};
use crate::extract::{FormBody as Form, RowId, SubId};
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::access::Permission;
use domain::pk::{AmendmentReason, BudgetRow, BudgetRowInput, PkLevel, PkRow, PkRowInput, PkStatus, Step};
use domain::planning::{Aggregation, ElementKind, Polarity, ValueKind};
use domain::{Invalid, Locale, OpdId, format};
use serde::Deserialize;
use store::{PkSlot, PkVersion};

pub mod batch;
pub mod document;

/// `?tahun=2026&opd=7&belum=1`.
#[derive(Debug, Deserialize, Default)]
pub struct YearParams {
    #[serde(default)]
    pub tahun: Option<String>,
    #[serde(default)]
    pub opd: Option<String>,
    #[serde(default)]
    pub belum: Option<String>,
}

impl YearParams {
    pub fn year(&self, state: &AppState) -> AppResult<i32> {
        match self.tahun.as_deref().filter(|t| !t.trim().is_empty()) {
            Some(raw) => domain::planning::year(raw).map_err(|r| Invalid::one("tahun", r).into()),
            None => Ok(state.today().year()),
        }
    }
}

pub struct SlotView {
    pub slot: PkSlot,
    pub level: &'static str,
    pub status: Option<PkStatus>,
    pub status_label: String,
    pub may_draft: bool,
    /// Administrators and pengawas choose their programs or kegiatan first.
    pub needs_choice: bool,
}

#[derive(Template)]
#[template(path = "pk_list.html")]
struct ListPage {
    layout: Layout,
    year: i32,
    /// `(id, name, selected)`.
    opds: Vec<(i64, String, bool)>,
    only_unsigned: bool,
    slots: Vec<SlotView>,
    in_force: usize,
    drafted: usize,
    total: usize,
    can_draft_all: bool,
}

pub async fn list(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    Query(params): Query<YearParams>,
) -> AppResult<Response> {
    let tr = Tr(locale);
    let year = params.year(&state)?;
    let opd = params.opd.as_deref().and_then(|o| o.parse().ok());
    let only_unsigned = params.belum.is_some();
    let all = use_case::slots(&state, &scope, year, SlotFilter { opd, ..SlotFilter::default() }).await?;
    let total = all.len();
    let in_force = all.iter().filter(|s| s.status() == Some(PkStatus::InForce)).count();
    let drafted = all.iter().filter(|s| s.pk_id.is_some()).count();
    // The counts are of every slot; the list, of those the filter keeps: one read serves both.
    let filter = SlotFilter { unsigned: only_unsigned, ..SlotFilter::default() };
    let slots = all
        .into_iter()
        .filter(|s| filter.keeps_status(s.status()))
        .map(|slot| slot_view(slot, &scope, locale))
        .collect();
    let view = ListPage {
        layout: Layout::tenant(tr, &scope, tr.t("pk.title"), "pk"),
        year,
        opds: state
            .store
            .opd_options(scope.id())
            .await?
            .into_iter()
            .map(|(id, name)| (id, name, opd == Some(id)))
            .collect(),
        only_unsigned,
        slots,
        in_force,
        drafted,
        total,
        can_draft_all: scope.may(Permission::DraftPk(None)),
    };
    Ok(render(&view, StatusCode::OK))
}

fn slot_view(slot: PkSlot, scope: &InTenant, locale: Locale) -> SlotView {
    let level = PkLevel::of(slot.position_level);
    let status = slot.status();
    SlotView {
        level: level.map_or("", |l| l.label(locale)),
        status_label: status
            .map_or_else(|| locale.pick("Belum dibuat", "Not drafted").to_owned(), |s| s.label(locale).to_owned()),
        status,
        may_draft: may_draft(scope, slot.opd_id) && slot.holder.is_some(),
        needs_choice: matches!(level, Some(PkLevel::Administrator | PkLevel::Pengawas)),
        slot,
    }
}

/// Drafts every missing PK of the year at once (Bappeda).
pub async fn create_all(
    State(state): State<AppState>,
    scope: InTenant,
    Form(form): Form<YearParams>,
) -> AppResult<Response> {
    let year = form.year(&state)?;
    use_case::draft_all(&state, &scope, year).await?;
    Ok(see_other(&format!("/pemda/{}/pk?tahun={year}", scope.tenant.code)))
}

#[derive(Template)]
#[template(path = "pk_new.html")]
struct NewPage {
    layout: Layout,
    year: i32,
    slot: SlotView,
    /// `(code, name, chosen)` of the programs or kegiatan to choose from.
    choices: Vec<(String, String, bool)>,
    choice_kind: &'static str,
    errors: FormErrors,
}

#[derive(Debug, Deserialize)]
pub struct NewParams {
    #[serde(default)]
    jabatan: Option<i64>,
    #[serde(default)]
    tahun: Option<String>,
}

async fn new_page(
    state: &AppState,
    scope: &InTenant,
    tr: Tr,
    slot: PkSlot,
    year: i32,
    chosen: &[String],
    errors: FormErrors,
) -> AppResult<Response> {
    let level = PkLevel::of(slot.position_level);
    let kind = match level {
        Some(PkLevel::Administrator) => Some(ElementKind::Program),
        Some(PkLevel::Pengawas) => Some(ElementKind::Kegiatan),
        _ => None,
    };
    let mut choices = Vec::new();
    if let (Some(kind), Some(opd)) = (kind, slot.opd_id) {
        for row in state.store.renja(scope.id(), opd, year).await? {
            if row.kind == kind {
                choices.push((row.code.clone(), row.name, chosen.contains(&row.code)));
            }
        }
    }
    let view = NewPage {
        layout: Layout::tenant(tr, scope, tr.t("pk.new"), "pk"),
        year,
        choice_kind: kind.map_or("", |k| k.label(tr.0)),
        slot: slot_view(slot, scope, tr.0),
        choices,
        errors,
    };
    Ok(render(&view, StatusCode::OK))
}

pub async fn new(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    Query(params): Query<NewParams>,
) -> AppResult<Response> {
    if !scope.drafts_some_pk() {
        return Err(AppError::Forbidden);
    }
    let year = YearParams { tahun: params.tahun, ..YearParams::default() }.year(&state)?;
    let slot = use_case::slot(&state, &scope, params.jabatan.ok_or(AppError::NotFound)?, year).await?;
    if !may_draft(&scope, slot.opd_id) {
        return Err(AppError::Forbidden);
    }
    new_page(&state, &scope, Tr(locale), slot, year, &[], FormErrors::default()).await
}

/// Drafts one PK from the plan. The form repeats `elemen` once per chosen
/// program or kegiatan, so it is read as pairs.
pub async fn create(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    if !scope.drafts_some_pk() {
        return Err(AppError::Forbidden);
    }
    let field = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let position: i64 = field("jabatan").and_then(|p| p.parse().ok()).ok_or(AppError::NotFound)?;
    let year = YearParams { tahun: field("tahun"), ..YearParams::default() }.year(&state)?;
    let chosen: Vec<String> = pairs.iter().filter(|(k, _)| k == "elemen").map(|(_, v)| v.clone()).collect();
    match use_case::draft(&state, &scope, position, year, &chosen).await {
        Ok(version) => Ok(see_other(&format!("/pemda/{}/pk/{version}", scope.tenant.code))),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from(&invalid, locale);
            let slot = use_case::slot(&state, &scope, position, year).await?;
            Ok(unprocessable(new_page(&state, &scope, Tr(locale), slot, year, &chosen, errors).await?))
        }
        Err(other) => Err(other),
    }
}

pub struct RowView {
    pub id: i64,
    pub row: PkRow,
    pub target: String,
    pub quarters: [String; 4],
    /// What its edit form shows: the row, or what was just entered and refused.
    pub entry: PkRowInput,
    pub parent: Option<String>,
    /// Why the row cannot be submitted yet, if it cannot.
    pub problem: Option<String>,
    /// Its edit form failed and opens again.
    pub open: bool,
}

pub struct BudgetView {
    pub id: i64,
    pub row: BudgetRow,
    pub amount: String,
    pub entry: BudgetRowInput,
    pub open: bool,
}

pub struct HistoryEntry {
    pub id: i64,
    pub number: i32,
    pub label: &'static str,
    pub current: bool,
}

pub struct SignatureView {
    pub party: &'static str,
    pub name: String,
    pub at: String,
    pub key: String,
}

#[derive(Template)]
#[template(path = "pk_detail.html")]
struct DetailPage {
    layout: Layout,
    v: PkVersion,
    opd_name: Option<String>,
    status_label: &'static str,
    rows: Vec<RowView>,
    budget: Vec<BudgetView>,
    total: String,
    signatures: Vec<SignatureView>,
    history: Vec<HistoryEntry>,
    parents: Vec<(String, String)>,
    can_edit: bool,
    can_review: bool,
    sign_as: Option<domain::pk::SigningParty>,
    can_amend: bool,
    verify_url: String,
    date_entry: String,
    date_display: String,
    value_kinds: &'static [ValueKind],
    polarities: &'static [Polarity],
    aggregations: &'static [Aggregation],
    reasons: &'static [AmendmentReason],
    errors: FormErrors,
    /// The add forms that failed, to open them again with what was entered.
    open_new_row: bool,
    open_new_budget: bool,
    new_row: PkRowInput,
    new_budget: BudgetRowInput,
}

/// A form that failed: which one (`Some(0)` is an add form) and what was
/// entered, so the page opens it again as the user left it.
#[derive(Default)]
struct Reopen {
    errors: FormErrors,
    row: Option<(i64, PkRowInput)>,
    budget: Option<(i64, BudgetRowInput)>,
}

impl Reopen {
    fn row_entry(&self, id: i64) -> Option<PkRowInput> {
        self.row.as_ref().filter(|(r, _)| *r == id).map(|(_, input)| input.clone())
    }

    fn budget_entry(&self, id: i64) -> Option<BudgetRowInput> {
        self.budget.as_ref().filter(|(r, _)| *r == id).map(|(_, input)| input.clone())
    }
}

/// The edit form's values for a stored row.
fn row_entry(row: &PkRow, locale: Locale) -> PkRowInput {
    let quarter = |i: usize| row.quarters[i].map(|d| domain::number::entry(d, locale)).unwrap_or_default();
    PkRowInput {
        goal: row.goal.clone(),
        indicator: row.indicator.clone(),
        unit: row.unit.clone(),
        value_kind: row.value_kind.key().to_owned(),
        polarity: row.polarity.key().to_owned(),
        aggregation: row.aggregation.key().to_owned(),
        target: row.target.as_ref().map(|t| t.entry(locale)).unwrap_or_default(),
        q1: quarter(0),
        q2: quarter(1),
        q3: quarter(2),
        q4: quarter(3),
        parent_key: row.parent_key.clone().unwrap_or_default(),
    }
}

async fn detail_page(state: &AppState, scope: &InTenant, tr: Tr, v: PkVersion, reopen: Reopen) -> AppResult<Response> {
    let locale = tr.0;
    let zone = state.config.time_zone;
    let superior_rows = match v.header.superior_position_id {
        Some(position) => state.store.pk_position_rows(scope.id(), position, v.content.year).await?,
        None => Vec::new(),
    };
    let parents: Vec<(String, String)> =
        superior_rows.iter().map(|r| (r.key.clone(), format!("{} — {}", r.goal, r.indicator))).collect();
    let show = |d: &rust_decimal::Decimal| format::decimal(*d, d.normalize().scale().min(4), locale);
    let rows = v
        .content
        .rows
        .iter()
        .zip(&v.row_ids)
        .map(|(row, id)| RowView {
            id: *id,
            target: row
                .target
                .as_ref()
                .map_or_else(|| "–".to_owned(), |t| format!("{} {}", t.display(locale), row.unit)),
            quarters: row.quarters.map(|q| q.as_ref().map_or_else(|| "–".to_owned(), show)),
            entry: reopen.row_entry(*id).unwrap_or_else(|| row_entry(row, locale)),
            parent: row.parent_key.as_ref().map(|key| {
                parents.iter().find(|(k, _)| k == key).map_or_else(
                    || locale.pick("(baris atasan tidak ditemukan)", "(superior row not found)").to_owned(),
                    |(_, label)| label.clone(),
                )
            }),
            problem: row.check_complete().err().map(|r| r.message(locale)),
            open: reopen.row.as_ref().is_some_and(|(r, _)| r == id),
            row: row.clone(),
        })
        .collect();
    let budget = v
        .content
        .budget
        .iter()
        .zip(&v.budget_ids)
        .map(|(row, id)| BudgetView {
            id: *id,
            amount: format::rupiah(row.amount, locale),
            entry: reopen.budget_entry(*id).unwrap_or_else(|| BudgetRowInput {
                code: row.code.clone(),
                name: row.name.clone(),
                amount: domain::number::entry(row.amount, locale),
                note: row.note.clone(),
            }),
            open: reopen.budget.as_ref().is_some_and(|(r, _)| r == id),
            row: row.clone(),
        })
        .collect();
    let signatures = v
        .signatures
        .iter()
        .map(|s| {
            let party = v.content.party(s.party);
            SignatureView {
                party: s.party.label(locale),
                name: party.name.clone(),
                at: format::datetime(s.signed_at, zone, locale),
                key: s.public_key.chars().take(16).collect(),
            }
        })
        .collect();
    let me = use_case::signer(state, scope).await?;
    let status = v.header.status;
    let sign_as = me.and_then(|official| v.content.signing_party(status, official));
    let opd_name = match v.header.opd_id {
        Some(opd) => Some(state.store.opd(scope.id(), OpdId(opd)).await?.name),
        None => None,
    };
    let view = DetailPage {
        layout: Layout::tenant(tr, scope, &format!("{} {}", tr.t("pk.short"), v.content.first.position), "pk"),
        opd_name,
        status_label: status.label(locale),
        total: domain::pk::budget_total(&v.content.budget)
            .map_or_else(|| "—".to_owned(), |total| format::rupiah(total, locale)),
        rows,
        budget,
        signatures,
        history: v
            .history
            .iter()
            .map(|(id, number, s)| HistoryEntry {
                id: *id,
                number: *number,
                label: s.label(locale),
                current: *id == v.header.version_id,
            })
            .collect(),
        parents,
        can_edit: status.editable() && may_draft(scope, v.header.opd_id),
        can_review: scope.may(Permission::ReviewPk),
        sign_as,
        can_amend: may_draft(scope, v.header.opd_id)
            && domain::pk::may_amend(status, v.history.iter().map(|(_, _, s)| *s)).is_ok(),
        verify_url: verify_url(state, &v.content.code),
        date_entry: v.content.date.to_string(),
        date_display: format::date(v.content.date, locale),
        value_kinds: ValueKind::ALL,
        polarities: Polarity::ALL,
        aggregations: Aggregation::ALL,
        reasons: AmendmentReason::ALL,
        new_row: reopen.row_entry(0).unwrap_or_default(),
        new_budget: reopen.budget_entry(0).unwrap_or_default(),
        errors: reopen.errors,
        open_new_row: reopen.row.as_ref().is_some_and(|(r, _)| *r == 0),
        open_new_budget: reopen.budget.as_ref().is_some_and(|(r, _)| *r == 0),
        v,
    };
    Ok(render(&view, StatusCode::OK))
}

pub async fn detail(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
) -> AppResult<Response> {
    let version = use_case::read(&state, &scope, id).await?;
    detail_page(&state, &scope, Tr(locale), version, Reopen::default()).await
}

/// After a change: back to `to` (the PK page unless said), or the page
/// again with the errors beside the form that `reopen` opens.
async fn after_change<T>(
    state: &AppState,
    scope: &InTenant,
    locale: Locale,
    id: i64,
    result: AppResult<T>,
    reopen: impl FnOnce(FormErrors) -> Reopen,
) -> AppResult<Response> {
    match result {
        Ok(_) => Ok(see_other(&format!("/pemda/{}/pk/{id}", scope.tenant.code))),
        Err(AppError::Invalid(invalid)) => {
            let version = state.store.pk_version(scope.id(), id).await?;
            let errors = FormErrors::from(&invalid, locale);
            let page = detail_page(state, scope, Tr(locale), version, reopen(errors)).await?;
            Ok(unprocessable(page))
        }
        Err(other) => Err(other),
    }
}

fn summary(errors: FormErrors) -> Reopen {
    Reopen { errors, ..Reopen::default() }
}

async fn save_row(
    state: AppState,
    locale: Locale,
    scope: InTenant,
    id: i64,
    row_id: Option<i64>,
    input: PkRowInput,
) -> AppResult<Response> {
    let result = use_case::save_row(&state, &scope, id, row_id, &input, locale).await;
    let reopen = |errors| Reopen { errors, row: Some((row_id.unwrap_or(0), input)), budget: None };
    after_change(&state, &scope, locale, id, result, reopen).await
}

pub async fn add_row(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    Form(input): Form<PkRowInput>,
) -> AppResult<Response> {
    save_row(state, locale, scope, id, None, input).await
}

pub async fn update_row(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    SubId(row): SubId,
    Form(input): Form<PkRowInput>,
) -> AppResult<Response> {
    save_row(state, locale, scope, id, Some(row), input).await
}

pub async fn delete_row(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    SubId(row): SubId,
) -> AppResult<Response> {
    let result = use_case::delete_row(&state, &scope, id, row).await;
    after_change(&state, &scope, locale, id, result, summary).await
}

async fn save_budget(
    state: AppState,
    locale: Locale,
    scope: InTenant,
    id: i64,
    row_id: Option<i64>,
    input: BudgetRowInput,
) -> AppResult<Response> {
    let result = use_case::save_budget(&state, &scope, id, row_id, &input, locale).await;
    let reopen = |errors| Reopen { errors, row: None, budget: Some((row_id.unwrap_or(0), input)) };
    after_change(&state, &scope, locale, id, result, reopen).await
}

pub async fn add_budget(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    Form(input): Form<BudgetRowInput>,
) -> AppResult<Response> {
    save_budget(state, locale, scope, id, None, input).await
}

pub async fn update_budget(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    SubId(row): SubId,
    Form(input): Form<BudgetRowInput>,
) -> AppResult<Response> {
    save_budget(state, locale, scope, id, Some(row), input).await
}

pub async fn delete_budget(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    SubId(row): SubId,
) -> AppResult<Response> {
    let result = use_case::delete_budget(&state, &scope, id, row).await;
    after_change(&state, &scope, locale, id, result, summary).await
}

#[derive(Debug, Deserialize)]
pub struct PlaceForm {
    #[serde(default)]
    tempat: String,
    #[serde(default)]
    tanggal: String,
}

pub async fn set_place(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    Form(form): Form<PlaceForm>,
) -> AppResult<Response> {
    let result = use_case::set_place(&state, &scope, id, &form.tempat, &form.tanggal).await;
    after_change(&state, &scope, locale, id, result, summary).await
}

#[derive(Debug, Deserialize, Default)]
pub struct NoteForm {
    #[serde(default)]
    catatan: String,
}

async fn step(
    state: AppState,
    locale: Locale,
    scope: InTenant,
    id: i64,
    step: Step,
    note: &str,
) -> AppResult<Response> {
    let result = use_case::step(&state, &scope, id, step, note).await;
    after_change(&state, &scope, locale, id, result, summary).await
}

pub async fn submit(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
) -> AppResult<Response> {
    step(state, locale, scope, id, Step::Submit, "").await
}

pub async fn approve(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
) -> AppResult<Response> {
    step(state, locale, scope, id, Step::Approve, "").await
}

pub async fn send_back(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    Form(form): Form<NoteForm>,
) -> AppResult<Response> {
    step(state, locale, scope, id, Step::Return, &form.catatan).await
}

pub async fn revoke(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    Form(form): Form<NoteForm>,
) -> AppResult<Response> {
    step(state, locale, scope, id, Step::Revoke, &form.catatan).await
}

#[derive(Debug, Deserialize, Default)]
pub struct SignForm {
    #[serde(default)]
    sandi: String,
}

/// Signs as the party the user is; the password is asked again.
pub async fn sign(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    Form(form): Form<SignForm>,
) -> AppResult<Response> {
    let result = use_case::sign(&state, &scope, id, form.sandi).await;
    after_change(&state, &scope, locale, id, result, summary).await
}

#[derive(Debug, Deserialize, Default)]
pub struct AmendForm {
    #[serde(default)]
    alasan: String,
    #[serde(default)]
    catatan: String,
}

pub async fn amend(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    Form(form): Form<AmendForm>,
) -> AppResult<Response> {
    match use_case::amend(&state, &scope, id, &form.alasan, &form.catatan).await {
        Ok(new) => Ok(see_other(&format!("/pemda/{}/pk/{new}", scope.tenant.code))),
        other => after_change(&state, &scope, locale, id, other, summary).await,
    }
}

pub struct CoverageRow {
    pub depth: usize,
    pub position: String,
    pub holder_link: String,
    pub goal: String,
    pub indicator: String,
    pub target: String,
    pub unsupported: bool,
    pub orphan: bool,
}

#[derive(Template)]
#[template(path = "pk_coverage.html")]
struct CoveragePage {
    layout: Layout,
    year: i32,
    tree: Vec<CoverageRow>,
    unsupported: usize,
    orphans: Vec<CoverageRow>,
}

/// The cascade of the year's PK rows as a tree (the pohon kinerja of the
/// agreements), with rows nobody below supports and rows with no parent.
pub async fn coverage(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    Query(params): Query<YearParams>,
) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let tr = Tr(locale);
    let year = params.year(&state)?;
    let agreements = state.store.pk_year_rows(scope.id(), year).await?;
    let slots = use_case::slots(&state, &scope, year, SlotFilter::default()).await?;
    let name_of = |position: i64| {
        slots
            .iter()
            .find(|s| s.position_id == position)
            .map(|s| (s.position_name.clone(), s.version_id))
            .unwrap_or_default()
    };
    let views: Vec<domain::pk::Agreement<'_>> = agreements
        .iter()
        .map(|(pk, _, level, superior, rows)| domain::pk::Agreement {
            pk_id: *pk,
            level: *level,
            superior: *superior,
            rows,
        })
        .collect();
    let result = domain::pk::coverage(&views);
    let row_view = |r: domain::pk::RowRef, depth: usize| {
        let (_, position, _, _, rows) = agreements.iter().find(|(pk, ..)| *pk == r.pk_id)?;
        let row = rows.get(r.row)?;
        let (name, version) = name_of(*position);
        Some(CoverageRow {
            depth,
            position: name,
            holder_link: version.map(|v| format!("/pemda/{}/pk/{v}", scope.tenant.code)).unwrap_or_default(),
            goal: row.goal.clone(),
            indicator: row.indicator.clone(),
            target: row
                .target
                .as_ref()
                .map_or_else(|| "–".to_owned(), |t| format!("{} {}", t.display(locale), row.unit)),
            unsupported: result.unsupported.contains(&r),
            orphan: result.orphans.contains(&r),
        })
    };
    let mut tree = Vec::new();
    let roots: Vec<domain::pk::RowRef> = agreements
        .iter()
        .filter(|(_, _, level, superior, _)| *level == PkLevel::KepalaDaerah || superior.is_none())
        .flat_map(|(pk, _, _, _, rows)| (0..rows.len()).map(move |row| domain::pk::RowRef { pk_id: *pk, row }))
        .collect();
    let mut stack: Vec<(domain::pk::RowRef, usize)> = roots.into_iter().rev().map(|r| (r, 0)).collect();
    while let Some((r, depth)) = stack.pop() {
        if let Some(view) = row_view(r, depth) {
            tree.push(view);
        }
        if let Some(children) = result.children.get(&r) {
            stack.extend(children.iter().rev().map(|c| (*c, depth + 1)));
        }
    }
    let orphans = result.orphans.iter().filter_map(|r| row_view(*r, 0)).collect();
    let view = CoveragePage {
        layout: Layout::tenant(tr, &scope, tr.t("pk.coverage"), "pk"),
        year,
        unsupported: result.unsupported.len(),
        tree,
        orphans,
    };
    Ok(render(&view, StatusCode::OK))
}
