//! Planning documents: the RPJMD and each OPD's Renstra, their elements
//! (misi … sub-kegiatan) and indicators with yearly targets.

use super::{FormErrors, plan_path, render, respond, see_other};
use crate::app::planning::{editable_plan, may_edit, require_edit};
use crate::auth::InTenant;
use crate::error::{AppError, AppResult};
use crate::extract::{FormBody as Form, RowId, SubId};
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::access::Permission;
use domain::cascade::{ElementContent, IndicatorContent, Plan, PlanHeader};
use domain::number::Quantity;
use domain::planning::{
    Aggregation, ElementDraft, ElementKind, IndicatorDraft, IndicatorInput, Period, PlanDraft, PlanKind, Polarity,
    ValueKind, target_field,
};
use domain::{Invalid, Locale, OpdId};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "plan_list.html")]
struct PlanListPage {
    layout: Layout,
    plans: Vec<PlanHeader>,
    opds: Vec<(i64, String)>,
    form: PlanForm,
    errors: FormErrors,
    can_create_rpjmd: bool,
}

#[derive(Deserialize, Default, Clone)]
pub struct PlanForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    opd: String,
    #[serde(default)]
    start_year: String,
    #[serde(default)]
    end_year: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    visi: String,
}

async fn list_page(
    state: &AppState,
    tr: Tr,
    scope: &InTenant,
    form: PlanForm,
    errors: FormErrors,
) -> AppResult<Response> {
    let plans = state.store.plans(scope.id()).await?;
    let opds = state
        .store
        .opd_options(scope.id())
        .await?
        .into_iter()
        .filter(|(opd, _)| scope.may(Permission::ManageRenstra(OpdId(*opd))))
        .collect();
    let view = PlanListPage {
        layout: Layout::tenant(tr, scope, tr.t("plan.title"), "planning"),
        plans,
        opds,
        form,
        errors,
        can_create_rpjmd: scope.may(Permission::ManageRpjmd),
    };
    Ok(render(&view, StatusCode::OK))
}

pub async fn list(State(state): State<AppState>, Lang(locale): Lang, scope: InTenant) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let year = state.today().year();
    let form = PlanForm { start_year: year.to_string(), end_year: (year + 4).to_string(), ..PlanForm::default() };
    list_page(&state, Tr(locale), &scope, form, FormErrors::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    Form(form): Form<PlanForm>,
) -> AppResult<Response> {
    if !scope.manages_some_plan() {
        return Err(AppError::Forbidden);
    }
    let result: AppResult<_> = async {
        let draft = PlanDraft::parse(&form.kind, &form.opd, &form.start_year, &form.end_year, &form.title, &form.visi)?;
        let allowed = match draft.opd_id {
            Some(opd) => scope.may(Permission::ManageRenstra(OpdId(opd))),
            None => scope.may(Permission::ManageRpjmd),
        };
        if !allowed {
            return Err(AppError::Forbidden);
        }
        Ok(state.store.create_plan(scope.id(), &scope.actor(), &draft).await?)
    }
    .await;
    respond(
        result,
        locale,
        |plan| plan_path(&scope, plan.id),
        async |errors| list_page(&state, Tr(locale), &scope, form, errors).await,
    )
    .await
}

/// A row of the plan table: an element, its depth, and its indicators with
/// their targets laid out under the period's years.
pub struct ElementRow {
    pub depth: usize,
    pub element: ElementContent,
    pub indicators: Vec<IndicatorRow>,
    pub budgets: Vec<String>,
    pub supports: String,
}

pub struct IndicatorRow {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub polarity: Polarity,
    pub is_iku: bool,
    pub baseline: String,
    pub targets: Vec<String>,
    pub final_target: String,
}

fn indicator_row(indicator: &IndicatorContent, period: Period, locale: Locale) -> IndicatorRow {
    let draft = &indicator.draft;
    let show = |t: Option<&domain::planning::Target>| t.map_or_else(|| "—".to_owned(), |t| t.display(locale));
    IndicatorRow {
        id: indicator.id.unwrap_or_default(),
        name: draft.name.clone(),
        unit: draft.unit.clone(),
        polarity: draft.polarity,
        is_iku: draft.is_iku,
        baseline: show(draft.baseline.as_ref()),
        targets: period.years().map(|y| show(domain::cascade::target_of(draft, y))).collect(),
        final_target: show(draft.final_target.as_ref()),
    }
}

pub fn rows(plan: &Plan, locale: Locale) -> Vec<ElementRow> {
    let period = plan.header.period;
    plan.in_tree_order()
        .into_iter()
        .map(|(depth, element)| ElementRow {
            depth,
            indicators: element.indicators.iter().map(|i| indicator_row(i, period, locale)).collect(),
            budgets: period
                .years()
                .map(|y| {
                    element
                        .budgets
                        .iter()
                        .find(|(year, _)| *year == y)
                        .map_or_else(String::new, |(_, b)| domain::format::rupiah(*b, locale))
                })
                .collect(),
            supports: element.supports.join(", "),
            element: element.clone(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "plan_detail.html")]
struct PlanDetailPage {
    layout: Layout,
    plan: PlanHeader,
    label: String,
    years: Vec<i32>,
    rows: Vec<ElementRow>,
    indicator_count: usize,
    can_edit: bool,
    can_approve: bool,
    kinds: Vec<ElementKind>,
    parents: Vec<(String, String)>,
    form: ElementForm,
    errors: FormErrors,
    header_form: PlanForm,
}

async fn detail_page(
    state: &AppState,
    tr: Tr,
    scope: &InTenant,
    id: i64,
    form: ElementForm,
    header_form: Option<PlanForm>,
    errors: FormErrors,
) -> AppResult<Response> {
    let plan = state.store.plan(scope.id(), id).await?;
    let header = plan.header.clone();
    let label = header.label(tr.0);
    let view = PlanDetailPage {
        layout: Layout::tenant(tr, scope, &label, "planning"),
        years: header.period.years().collect(),
        rows: rows(&plan, tr.0),
        indicator_count: plan.indicator_count(),
        can_edit: may_edit(scope, &header),
        can_approve: header.kind == PlanKind::Renstra && !header.superseded && scope.may(Permission::ApproveRenstra),
        kinds: ElementKind::of_plan(header.kind).collect(),
        parents: plan
            .in_tree_order()
            .into_iter()
            .filter(|(_, e)| ElementKind::ALL.iter().any(|k| k.parent_in(header.kind) == Ok(Some(e.draft.kind))))
            .map(|(_, e)| (e.draft.code.clone(), format!("{} · {}", e.draft.code, e.draft.name)))
            .collect(),
        form,
        errors,
        header_form: header_form.unwrap_or_else(|| PlanForm {
            kind: header.kind.key().to_owned(),
            opd: header.opd_id.map(|o| o.to_string()).unwrap_or_default(),
            start_year: header.period.start.to_string(),
            end_year: header.period.end.to_string(),
            title: header.title.clone(),
            visi: header.visi.clone().unwrap_or_default(),
        }),
        label,
        plan: header,
    };
    Ok(render(&view, StatusCode::OK))
}

pub async fn detail(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    detail_page(&state, Tr(locale), &scope, id, ElementForm::default(), None, FormErrors::default()).await
}

/// Changes the period, title and visi.
pub async fn update(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    Form(form): Form<PlanForm>,
) -> AppResult<Response> {
    let header = editable_plan(&state, &scope, id).await?;
    let result: AppResult<_> = async {
        let opd = header.opd_id.map(|o| o.to_string()).unwrap_or_default();
        let draft =
            PlanDraft::parse(header.kind.key(), &opd, &form.start_year, &form.end_year, &form.title, &form.visi)?;
        Ok(state.store.update_plan(scope.id(), &scope.actor(), id, &draft).await?)
    }
    .await;
    respond(
        result,
        locale,
        |plan| plan_path(&scope, plan.id),
        async |errors| detail_page(&state, Tr(locale), &scope, id, ElementForm::default(), Some(form), errors).await,
    )
    .await
}

pub async fn approve(State(state): State<AppState>, scope: InTenant, RowId(id): RowId) -> AppResult<Response> {
    scope.require(Permission::ApproveRenstra)?;
    let plan = state.store.approve_plan(scope.id(), &scope.actor(), id).await?;
    Ok(see_other(&plan_path(&scope, plan.id)))
}

#[derive(Deserialize, Default)]
pub struct ReviseForm {
    #[serde(default)]
    note: String,
}

pub async fn revise(
    State(state): State<AppState>,
    scope: InTenant,
    RowId(id): RowId,
    Form(form): Form<ReviseForm>,
) -> AppResult<Response> {
    editable_plan(&state, &scope, id).await?;
    let note = domain::text::required_text(&form.note, 500).map_err(|r| Invalid::one("note", r))?;
    let plan = state.store.revise_plan(scope.id(), &scope.actor(), id, &note).await?;
    Ok(see_other(&plan_path(&scope, plan.id)))
}

#[derive(Deserialize, Default, Clone)]
pub struct ElementForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    parent_code: String,
}

pub async fn add_element(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(id): RowId,
    Form(form): Form<ElementForm>,
) -> AppResult<Response> {
    let header = editable_plan(&state, &scope, id).await?;
    let result: AppResult<_> = async {
        let draft = ElementDraft::parse(header.kind, &form.kind, &form.code, &form.name, &form.parent_code)?;
        Ok(state.store.add_element(scope.id(), &scope.actor(), id, &draft).await?)
    }
    .await;
    respond(
        result,
        locale,
        |element| format!("{}/elemen/{element}", plan_path(&scope, id)),
        async |errors| detail_page(&state, Tr(locale), &scope, id, form, None, errors).await,
    )
    .await
}

/// The element page: its fields, budget, links and indicators.
#[derive(Template)]
#[template(path = "plan_element.html")]
struct ElementPage {
    layout: Layout,
    plan: PlanHeader,
    plan_label: String,
    element: ElementContent,
    indicators: Vec<IndicatorRow>,
    years: Vec<i32>,
    can_edit: bool,
    parents: Vec<(String, String)>,
    form: ElementEditForm,
    errors: FormErrors,
    /// RPJMD sasaran a Renstra sasaran may support: code, label, chosen.
    rpjmd_sasaran: Vec<(String, String, bool)>,
    indicator: IndicatorFormView,
}

#[derive(Deserialize, Default, Clone)]
pub struct ElementEditForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    parent_code: String,
    /// `budget_1`… and `supports` (repeated) arrive in `rest`.
    #[serde(flatten)]
    rest: HashMap<String, String>,
    #[serde(skip)]
    supports: Vec<String>,
}

impl ElementEditForm {
    fn budget(&self, index: &usize) -> &str {
        self.rest.get(&format!("budget_{}", index + 1)).map_or("", String::as_str)
    }
}

/// The indicator form's choices, values and errors.
pub struct IndicatorFormView {
    pub action: String,
    pub input: IndicatorInput,
    pub targets: Vec<(i32, &'static str, String)>,
    pub errors: FormErrors,
    pub opds: Vec<(i64, String)>,
    pub polarities: &'static [Polarity],
    pub value_kinds: &'static [ValueKind],
    pub aggregations: &'static [Aggregation],
}

impl IndicatorFormView {
    async fn new(
        state: &AppState,
        scope: &InTenant,
        action: String,
        input: IndicatorInput,
        period: Period,
        errors: FormErrors,
    ) -> AppResult<Self> {
        let targets = period
            .years()
            .map(|y| {
                let entered =
                    input.targets.iter().find(|(year, _)| *year == y).map(|(_, t)| t.clone()).unwrap_or_default();
                (y, target_field(period, y), entered)
            })
            .collect();
        Ok(IndicatorFormView {
            action,
            input,
            targets,
            errors,
            opds: state.store.opd_options(scope.id()).await?,
            polarities: Polarity::ALL,
            value_kinds: ValueKind::ALL,
            aggregations: Aggregation::ALL,
        })
    }
}

async fn element_page(
    state: &AppState,
    tr: Tr,
    scope: &InTenant,
    plan_id: i64,
    element_id: i64,
    edit: Option<(ElementEditForm, FormErrors)>,
    indicator: Option<(IndicatorInput, FormErrors)>,
) -> AppResult<Response> {
    let (form, errors) = match edit {
        Some((form, errors)) => (Some(form), errors),
        None => (None, FormErrors::default()),
    };
    let plan = state.store.plan(scope.id(), plan_id).await?;
    let element = plan.elements.iter().find(|e| e.id == Some(element_id)).cloned().ok_or(AppError::NotFound)?;
    let header = plan.header.clone();
    let period = header.period;
    let chosen = |code: &str| {
        form.as_ref()
            .map_or_else(|| element.supports.iter().any(|c| c == code), |f| f.supports.iter().any(|c| c == code))
    };
    let rpjmd_sasaran = if header.kind == PlanKind::Renstra && element.draft.kind == ElementKind::Sasaran {
        let rpjmd = state.store.rpjmd_in_force(scope.id()).await?;
        rpjmd
            .iter()
            .flat_map(|p| &p.elements)
            .filter(|e| e.draft.kind == ElementKind::Sasaran)
            .map(|e| (e.draft.code.clone(), format!("{} · {}", e.draft.code, e.draft.name), chosen(&e.draft.code)))
            .collect()
    } else {
        Vec::new()
    };
    let form = form.unwrap_or_else(|| ElementEditForm {
        code: element.draft.code.clone(),
        name: element.draft.name.clone(),
        parent_code: element.draft.parent_code.clone().unwrap_or_default(),
        rest: period
            .years()
            .enumerate()
            .filter_map(|(i, y)| {
                let entry = |b: &Decimal| domain::number::entry(*b, tr.0);
                element
                    .budgets
                    .iter()
                    .find(|(year, _)| *year == y)
                    .map(|(_, b)| (format!("budget_{}", i + 1), entry(b)))
            })
            .collect(),
        supports: element.supports.clone(),
    });
    let parent_kind = element.draft.kind.parent_in(header.kind).ok().flatten();
    let action = format!("{}/elemen/{element_id}/indikator", plan_path(scope, plan_id));
    let (input, indicator_errors) = indicator.unwrap_or_default();
    let input = if input == IndicatorInput::default() {
        IndicatorInput { polarity: "higher".into(), value_kind: "number".into(), aggregation: "last".into(), ..input }
    } else {
        input
    };
    let plan_label = header.label(tr.0);
    let view = ElementPage {
        layout: Layout::tenant(
            tr,
            scope,
            &format!("{} {}", element.draft.kind.label(tr.0), element.draft.code),
            "planning",
        ),
        indicators: element.indicators.iter().map(|i| indicator_row(i, period, tr.0)).collect(),
        years: period.years().collect(),
        can_edit: may_edit(scope, &header),
        parents: plan
            .elements
            .iter()
            .filter(|e| Some(e.draft.kind) == parent_kind)
            .map(|e| (e.draft.code.clone(), format!("{} · {}", e.draft.code, e.draft.name)))
            .collect(),
        form,
        errors,
        rpjmd_sasaran,
        indicator: IndicatorFormView::new(state, scope, action, input, period, indicator_errors).await?,
        plan_label,
        plan: header,
        element,
    };
    Ok(render(&view, StatusCode::OK))
}

pub async fn element(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(plan): RowId,
    SubId(element): SubId,
) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    element_page(&state, Tr(locale), &scope, plan, element, None, None).await
}

/// Parses the budget fields (`budget_1`… for the period's years) of a form.
fn budgets(form: &ElementEditForm, period: Period, locale: Locale) -> Result<Vec<(i32, Decimal)>, Invalid> {
    const FIELDS: [&str; 10] = [
        "budget_1",
        "budget_2",
        "budget_3",
        "budget_4",
        "budget_5",
        "budget_6",
        "budget_7",
        "budget_8",
        "budget_9",
        "budget_10",
    ];
    let mut invalid = Invalid::default();
    let mut out = Vec::new();
    for (index, year) in period.years().enumerate() {
        let raw = form.budget(&index);
        if raw.trim().is_empty() {
            continue;
        }
        let field = FIELDS.get(index).copied().unwrap_or("budget");
        match Quantity::Money.parse(raw, locale) {
            Ok(amount) => out.push((year, amount)),
            Err(reason) => invalid.push(field, reason),
        }
    }
    invalid.finish(|| Some(out))
}

pub async fn update_element(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(plan): RowId,
    SubId(element): SubId,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let header = editable_plan(&state, &scope, plan).await?;
    // `supports` repeats, which a flattened map cannot hold: read the pairs.
    let mut form = ElementEditForm::default();
    for (key, value) in pairs {
        match key.as_str() {
            "code" => form.code = value,
            "name" => form.name = value,
            "parent_code" => form.parent_code = value,
            "supports" => form.supports.push(value),
            _ => {
                form.rest.insert(key, value);
            }
        }
    }
    let current = state.store.plan(scope.id(), plan).await?;
    let kind =
        current.elements.iter().find(|e| e.id == Some(element)).map(|e| e.draft.kind).ok_or(AppError::NotFound)?;
    let result: AppResult<_> = async {
        let draft = ElementDraft::parse(header.kind, kind.key(), &form.code, &form.name, &form.parent_code);
        let amounts = budgets(&form, header.period, locale);
        let (draft, amounts) = match (draft, amounts) {
            (Ok(d), Ok(a)) => (d, a),
            (d, a) => {
                let mut all = d.err().unwrap_or_default();
                all.0.extend(a.err().unwrap_or_default().0);
                return Err(all.into());
            }
        };
        let amounts = if kind.has_budget() { amounts } else { Vec::new() };
        let supports = if kind == ElementKind::Sasaran && header.kind == PlanKind::Renstra {
            form.supports.clone()
        } else {
            Vec::new()
        };
        let change = store::ElementUpdate { draft: &draft, budgets: &amounts, supports: &supports };
        state.store.update_element(scope.id(), &scope.actor(), plan, element, change).await?;
        Ok(())
    }
    .await;
    respond(
        result,
        locale,
        |()| format!("{}/elemen/{element}", plan_path(&scope, plan)),
        async |errors| element_page(&state, Tr(locale), &scope, plan, element, Some((form, errors)), None).await,
    )
    .await
}

pub async fn delete_element(
    State(state): State<AppState>,
    scope: InTenant,
    RowId(plan): RowId,
    SubId(element): SubId,
) -> AppResult<Response> {
    editable_plan(&state, &scope, plan).await?;
    state.store.delete_element(scope.id(), &scope.actor(), plan, element).await?;
    Ok(see_other(&plan_path(&scope, plan)))
}

/// An indicator form: its fields, and `target_1`… for the years of the period.
#[derive(Deserialize, Default)]
pub struct IndicatorForm {
    #[serde(flatten)]
    fields: HashMap<String, String>,
}

impl IndicatorForm {
    fn input(&self, period: Period) -> IndicatorInput {
        let get = |key: &str| self.fields.get(key).cloned().unwrap_or_default();
        IndicatorInput {
            name: get("name"),
            definition: get("definition"),
            formula: get("formula"),
            unit: get("unit"),
            polarity: get("polarity"),
            value_kind: get("value_kind"),
            aggregation: get("aggregation"),
            data_source: get("data_source"),
            responsible_opd: get("responsible_opd"),
            is_iku: get("is_iku"),
            baseline: get("baseline"),
            final_target: get("final_target"),
            targets: period
                .years()
                .map(|y| (y, get(target_field(period, y))))
                .filter(|(_, t)| !t.trim().is_empty())
                .collect(),
            plausible_min: get("plausible_min"),
            plausible_max: get("plausible_max"),
        }
    }
}

/// The entered text of a stored indicator, for its edit form.
fn input_of(draft: &IndicatorDraft, locale: Locale) -> IndicatorInput {
    let entry = |t: &Option<domain::planning::Target>| t.as_ref().map(|t| t.entry(locale)).unwrap_or_default();
    IndicatorInput {
        name: draft.name.clone(),
        definition: draft.definition.clone().unwrap_or_default(),
        formula: draft.formula.clone().unwrap_or_default(),
        unit: draft.unit.clone(),
        polarity: draft.polarity.key().into(),
        value_kind: draft.value_kind.key().into(),
        aggregation: draft.aggregation.key().into(),
        data_source: draft.data_source.clone().unwrap_or_default(),
        responsible_opd: draft.responsible_opd.map(|o| o.to_string()).unwrap_or_default(),
        is_iku: if draft.is_iku { "ya".into() } else { String::new() },
        baseline: entry(&draft.baseline),
        final_target: entry(&draft.final_target),
        targets: draft.targets.iter().map(|(y, t)| (*y, t.entry(locale))).collect(),
        plausible_min: draft.plausible_min.map(|d| domain::number::entry(d, locale)).unwrap_or_default(),
        plausible_max: draft.plausible_max.map(|d| domain::number::entry(d, locale)).unwrap_or_default(),
    }
}

pub async fn add_indicator(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(plan): RowId,
    SubId(element): SubId,
    Form(form): Form<IndicatorForm>,
) -> AppResult<Response> {
    let header = editable_plan(&state, &scope, plan).await?;
    let input = form.input(header.period);
    let result: AppResult<_> = async {
        let draft = IndicatorDraft::parse(&input, header.period, locale)?;
        Ok(state.store.add_indicator(scope.id(), &scope.actor(), plan, element, &draft).await?)
    }
    .await;
    respond(
        result,
        locale,
        |_| format!("{}/elemen/{element}", plan_path(&scope, plan)),
        async |errors| element_page(&state, Tr(locale), &scope, plan, element, None, Some((input, errors))).await,
    )
    .await
}

#[derive(Template)]
#[template(path = "plan_indicator.html")]
struct IndicatorPage {
    layout: Layout,
    plan: PlanHeader,
    element: ElementContent,
    indicator_id: i64,
    can_edit: bool,
    indicator: IndicatorFormView,
}

/// The indicator with its element, found in the plan.
fn locate(plan: &Plan, indicator: i64) -> Option<(&ElementContent, &IndicatorContent)> {
    plan.elements.iter().find_map(|e| e.indicators.iter().find(|i| i.id == Some(indicator)).map(|i| (e, i)))
}

async fn indicator_page(
    state: &AppState,
    tr: Tr,
    scope: &InTenant,
    plan_id: i64,
    indicator_id: i64,
    input: Option<IndicatorInput>,
    errors: FormErrors,
) -> AppResult<Response> {
    let plan = state.store.plan(scope.id(), plan_id).await?;
    let (element, indicator) = locate(&plan, indicator_id).ok_or(AppError::NotFound)?;
    let input = input.unwrap_or_else(|| input_of(&indicator.draft, tr.0));
    let action = format!("{}/indikator/{indicator_id}", plan_path(scope, plan_id));
    let view = IndicatorPage {
        layout: Layout::tenant(tr, scope, &indicator.draft.name, "planning"),
        indicator: IndicatorFormView::new(state, scope, action, input, plan.header.period, errors).await?,
        can_edit: may_edit(scope, &plan.header),
        element: element.clone(),
        indicator_id,
        plan: plan.header.clone(),
    };
    Ok(render(&view, StatusCode::OK))
}

pub async fn indicator(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(plan): RowId,
    SubId(indicator): SubId,
) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    indicator_page(&state, Tr(locale), &scope, plan, indicator, None, FormErrors::default()).await
}

pub async fn update_indicator(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    RowId(plan): RowId,
    SubId(indicator): SubId,
    Form(form): Form<IndicatorForm>,
) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let current = state.store.plan(scope.id(), plan).await?;
    require_edit(&scope, &current.header)?;
    let element = locate(&current, indicator).and_then(|(e, _)| e.id).ok_or(AppError::NotFound)?;
    let input = form.input(current.header.period);
    let result: AppResult<_> = async {
        let draft = IndicatorDraft::parse(&input, current.header.period, locale)?;
        Ok(state.store.update_indicator(scope.id(), &scope.actor(), plan, element, indicator, &draft).await?)
    }
    .await;
    respond(
        result,
        locale,
        |()| format!("{}/elemen/{element}", plan_path(&scope, plan)),
        async |errors| indicator_page(&state, Tr(locale), &scope, plan, indicator, Some(input), errors).await,
    )
    .await
}

pub async fn delete_indicator(
    State(state): State<AppState>,
    scope: InTenant,
    RowId(plan): RowId,
    SubId(indicator): SubId,
) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let current = state.store.plan(scope.id(), plan).await?;
    require_edit(&scope, &current.header)?;
    let element = locate(&current, indicator).and_then(|(e, _)| e.id).ok_or(AppError::NotFound)?;
    state.store.delete_indicator(scope.id(), &scope.actor(), plan, element, indicator).await?;
    Ok(see_other(&format!("{}/elemen/{element}", plan_path(&scope, plan))))
}
