//! Perjanjian Kinerja: the year's list of who signs and who has not, a PK's
//! page (rows, rencana aksi, budget, workflow, signatures, amendments), its
//! PDF and DOCX, the cascade coverage, and the batch ZIP.

use super::{FormErrors, render, see_other, unprocessable};
use crate::app::pk::verify_url;
use crate::auth::InTenant;
use crate::error::{AppError, AppResult};
use crate::extract::{FormBody as Form, RowId, SubId};
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::access::Permission;
use domain::pk::{AmendmentReason, BudgetRow, BudgetRowInput, PkLevel, PkRow, PkRowInput, PkStatus, Step};
use domain::planning::{Aggregation, ElementKind, Polarity, ValueKind};
use domain::{Invalid, Locale, OpdId, Reason, format};
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

pub fn may_draft(scope: &InTenant, opd: Option<i64>) -> bool {
    scope.may(Permission::DraftPk(opd.map(OpdId)))
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
    scope.require(Permission::ViewPlanning)?;
    let tr = Tr(locale);
    let year = params.year(&state)?;
    let opd = params.opd.as_deref().and_then(|o| o.parse().ok());
    let only_unsigned = params.belum.is_some();
    let slots = state.store.pk_slots(scope.id(), year, opd, state.today()).await?;
    let total = slots.len();
    let in_force = slots.iter().filter(|s| s.status() == Some(PkStatus::InForce)).count();
    let drafted = slots.iter().filter(|s| s.pk_id.is_some()).count();
    let slots = slots
        .into_iter()
        .filter(|s| !only_unsigned || s.status() != Some(PkStatus::InForce))
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
    scope.require(Permission::DraftPk(None))?;
    let year = form.year(&state)?;
    state.store.create_all_pks(scope.id(), &scope.actor(), year, state.today()).await?;
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

async fn find_slot(state: &AppState, scope: &InTenant, position: i64, year: i32) -> AppResult<PkSlot> {
    let slots = state.store.pk_slots(scope.id(), year, None, state.today()).await?;
    slots.into_iter().find(|s| s.position_id == position).ok_or(AppError::NotFound)
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
    let slot = find_slot(&state, &scope, params.jabatan.ok_or(AppError::NotFound)?, year).await?;
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
    let slot = find_slot(&state, &scope, position, year).await?;
    if !may_draft(&scope, slot.opd_id) {
        return Err(AppError::Forbidden);
    }
    let chosen: Vec<String> = pairs.iter().filter(|(k, _)| k == "elemen").map(|(_, v)| v.clone()).collect();
    match state.store.create_pk(scope.id(), &scope.actor(), position, year, &chosen, state.today()).await {
        Ok(version) => Ok(see_other(&format!("/pemda/{}/pk/{version}", scope.tenant.code))),
        Err(store::StoreError::Invalid(invalid)) => {
            let errors = FormErrors::from(&invalid, locale);
            Ok(unprocessable(new_page(&state, &scope, Tr(locale), slot, year, &chosen, errors).await?))
        }
        Err(other) => Err(other.into()),
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

/// The version, checked to belong to the pemda and readable by the user.
pub async fn readable(state: &AppState, scope: &InTenant, id: i64) -> AppResult<PkVersion> {
    scope.require(Permission::ViewPlanning)?;
    Ok(state.store.pk_version(scope.id(), id).await?)
}

/// The version, for a change by its drafters.
async fn draftable(state: &AppState, scope: &InTenant, id: i64) -> AppResult<PkVersion> {
    let version = readable(state, scope, id).await?;
    if !may_draft(scope, version.header.opd_id) {
        return Err(AppError::Forbidden);
    }
    Ok(version)
}

/// The official the signed-in user signs as, if linked to one.
async fn signer(state: &AppState, scope: &InTenant) -> AppResult<Option<i64>> {
    Ok(state.store.official_of_user(scope.principal.user_id.0).await?)
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
    let me = signer(state, scope).await?;
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
    let version = readable(&state, &scope, id).await?;
    detail_page(&state, &scope, Tr(locale), version, Reopen::default()).await
}

/// After a change: back to the PK page, or the page again with the errors.
async fn after_change<T>(
    state: &AppState,
    scope: &InTenant,
    locale: Locale,
    id: i64,
    result: Result<T, store::StoreError>,
    reopen: impl FnOnce(FormErrors) -> Reopen,
) -> AppResult<Response> {
    match result {
        Ok(_) => Ok(see_other(&format!("/pemda/{}/pk/{id}", scope.tenant.code))),
        Err(store::StoreError::Invalid(invalid)) => fail(state, scope, locale, id, invalid, reopen).await,
        Err(other) => Err(other.into()),
    }
}

async fn fail(
    state: &AppState,
    scope: &InTenant,
    locale: Locale,
    id: i64,
    invalid: Invalid,
    reopen: impl FnOnce(FormErrors) -> Reopen,
) -> AppResult<Response> {
    let version = state.store.pk_version(scope.id(), id).await?;
    let page = detail_page(state, scope, Tr(locale), version, reopen(FormErrors::from(&invalid, locale))).await?;
    Ok(unprocessable(page))
}

async fn save_row(
    state: AppState,
    locale: Locale,
    scope: InTenant,
    id: i64,
    row_id: Option<i64>,
    input: PkRowInput,
) -> AppResult<Response> {
    let version = draftable(&state, &scope, id).await?;
    let existing =
        row_id.map(|r| version.row_ids.iter().position(|i| *i == r).ok_or(AppError::NotFound)).transpose()?;
    let (key, source) = match existing {
        Some(index) => (version.content.rows[index].key.clone(), version.content.rows[index].source.clone()),
        None => (String::new(), None),
    };
    let reopen = |errors| Reopen { errors, row: Some((row_id.unwrap_or(0), input.clone())), budget: None };
    let row = match PkRow::parse(&input, key, source, locale) {
        Ok(row) => row,
        Err(invalid) => return fail(&state, &scope, locale, id, invalid, reopen).await,
    };
    let result = state.store.save_pk_row(scope.id(), &scope.actor(), id, row_id, &row).await;
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
    draftable(&state, &scope, id).await?;
    let result = state.store.delete_pk_row(scope.id(), &scope.actor(), id, row).await;
    after_change(&state, &scope, locale, id, result, |errors| Reopen { errors, ..Reopen::default() }).await
}

async fn save_budget(
    state: AppState,
    locale: Locale,
    scope: InTenant,
    id: i64,
    row_id: Option<i64>,
    input: BudgetRowInput,
) -> AppResult<Response> {
    draftable(&state, &scope, id).await?;
    let reopen = |errors| Reopen { errors, row: None, budget: Some((row_id.unwrap_or(0), input.clone())) };
    let row = match BudgetRow::parse(&input, locale) {
        Ok(row) => row,
        Err(invalid) => return fail(&state, &scope, locale, id, invalid, reopen).await,
    };
    let result = state.store.save_pk_budget(scope.id(), &scope.actor(), id, row_id, &row).await;
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
    draftable(&state, &scope, id).await?;
    let result = state.store.delete_pk_budget(scope.id(), &scope.actor(), id, row).await;
    after_change(&state, &scope, locale, id, result, |errors| Reopen { errors, ..Reopen::default() }).await
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
    draftable(&state, &scope, id).await?;
    let mut invalid = Invalid::default();
    let place = invalid.check("tempat", domain::text::required_text(&form.tempat, 80));
    let date = invalid.check("tanggal", domain::text::date(&form.tanggal));
    let result = match invalid.finish(|| Some((place?, date?))) {
        Ok((place, date)) => state.store.set_pk_place(scope.id(), &scope.actor(), id, &place, date).await,
        Err(invalid) => Err(invalid.into()),
    };
    after_change(&state, &scope, locale, id, result, |errors| Reopen { errors, ..Reopen::default() }).await
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
    let version = readable(&state, &scope, id).await?;
    let allowed = match step {
        Step::Submit => may_draft(&scope, version.header.opd_id),
        _ => scope.may(Permission::ReviewPk),
    };
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let result = state.store.pk_step(scope.id(), &scope.actor(), id, step, note).await;
    after_change(&state, &scope, locale, id, result, |errors| Reopen { errors, ..Reopen::default() }).await
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

/// Signs as the party the user is; the password is asked again, so a
/// session left open cannot sign.
pub async fn sign(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    Form(form): Form<SignForm>,
) -> AppResult<Response> {
    readable(&state, &scope, id).await?;
    let official = signer(&state, &scope).await?.ok_or(AppError::Forbidden)?;
    let stored = state.store.credentials(&scope.principal.username).await?.map(|c| c.password_hash);
    if !state.config.password_hasher.verify(form.sandi, stored).await {
        let invalid = Invalid::one("sandi", Reason::WrongPassword);
        return fail(&state, &scope, locale, id, invalid, |errors| Reopen { errors, ..Reopen::default() }).await;
    }
    let version = state.store.pk_version(scope.id(), id).await?;
    if !version.content.is_party(official) {
        return Err(AppError::Forbidden);
    }
    let result = state.store.sign_pk(scope.id(), &scope.actor(), &state.config.vault, id, official).await;
    if let Ok(PkStatus::InForce) = result {
        // Issue the PDF now, so that the copy people download is the one
        // whose fingerprint the verification page knows.
        crate::app::pk::issue(&state, scope.id(), id).await?;
    }
    after_change(&state, &scope, locale, id, result, |errors| Reopen { errors, ..Reopen::default() }).await
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
    draftable(&state, &scope, id).await?;
    let result = match AmendmentReason::parse(&form.alasan) {
        Ok(reason) => state.store.amend_pk(scope.id(), &scope.actor(), id, reason, &form.catatan, state.today()).await,
        Err(reason) => Err(Invalid::one("alasan", reason).into()),
    };
    match result {
        Ok(new) => Ok(see_other(&format!("/pemda/{}/pk/{new}", scope.tenant.code))),
        Err(store::StoreError::Invalid(invalid)) => {
            fail(&state, &scope, locale, id, invalid, |errors| Reopen { errors, ..Reopen::default() }).await
        }
        Err(other) => Err(other.into()),
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
    let slots = state.store.pk_slots(scope.id(), year, None, state.today()).await?;
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

/// A file download with its name.
pub fn download(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response()
}
