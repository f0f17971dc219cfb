//! The rulebooks the server knows, and the one the pemda uses each year.

use super::{FormErrors, render, respond};
use crate::auth::InTenant;
use crate::error::AppResult;
use crate::extract::FormBody as Form;
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::access::Permission;
use domain::planning::year;
use domain::rulebook::{CapaianRules, Rulebook, RulebookKind};
use domain::{Invalid, Locale, Reason};
use serde::Deserialize;

/// A rulebook as the page shows it.
pub struct RulebookCard<'a> {
    pub book: &'a Rulebook,
    pub rules: &'a CapaianRules,
    pub cap: String,
    pub floor: String,
    /// Each band with its range as text, highest first.
    pub bands: Vec<(String, String)>,
    pub on_track: String,
    pub at_risk: String,
}

pub struct YearChoice {
    pub year: i32,
    pub title: String,
    pub chosen: bool,
}

#[derive(Template)]
#[template(path = "rulebooks.html")]
struct RulebooksPage<'a> {
    layout: Layout,
    years: Vec<YearChoice>,
    cards: Vec<RulebookCard<'a>>,
    can_choose: bool,
    default_id: &'a str,
    form: ChoiceForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
pub struct ChoiceForm {
    #[serde(default)]
    tahun: String,
    #[serde(default)]
    aturan: String,
}

fn card<'a>(book: &'a Rulebook, rules: &'a CapaianRules, locale: Locale) -> RulebookCard<'a> {
    let number = |d| domain::format::decimal(d, 2, locale);
    let limit = |d: Option<rust_decimal::Decimal>| d.map_or_else(|| locale.pick("tanpa", "none").to_owned(), number);
    let mut upper: Option<String> = None;
    let bands = rules
        .bands
        .all()
        .iter()
        .map(|band| {
            let range = match (&band.from, &upper) {
                (Some(from), None) => format!("≥ {}", number(*from)),
                (Some(from), Some(upper)) => format!("{} – < {upper}", number(*from)),
                (None, Some(upper)) => format!("< {upper}"),
                (None, None) => String::new(),
            };
            upper = band.from.map(number);
            (band.label(locale).to_owned(), range)
        })
        .collect();
    RulebookCard {
        book,
        rules,
        cap: limit(rules.method.cap),
        floor: limit(rules.method.floor),
        bands,
        on_track: number(rules.status.on_track),
        at_risk: number(rules.status.at_risk),
    }
}

async fn page(state: &AppState, tr: Tr, scope: &InTenant, form: ChoiceForm, errors: FormErrors) -> AppResult<Response> {
    let rulebooks = &state.config.rulebooks;
    let choices = state.store.rulebook_choices(scope.id(), RulebookKind::Capaian).await?;
    let this_year = state.today().year();
    let mut years: Vec<i32> = (this_year - 1..=this_year + 4).chain(choices.iter().map(|(y, _)| *y)).collect();
    years.sort_unstable();
    years.dedup();
    let years = years
        .into_iter()
        .map(|year| {
            let chosen = choices.iter().find(|(y, _)| *y == year).map(|(_, id)| id.as_str());
            let (book, _) = rulebooks.capaian_or_default(chosen);
            YearChoice { year, title: book.title.clone(), chosen: chosen.is_some() }
        })
        .collect();
    let cards =
        rulebooks.of_kind(RulebookKind::Capaian).filter_map(|book| Some(card(book, book.capaian()?, tr.0))).collect();
    let view = RulebooksPage {
        layout: Layout::tenant(tr, scope, tr.t("rulebook.title"), "planning"),
        years,
        cards,
        can_choose: scope.may(Permission::ChooseRulebook),
        default_id: domain::rulebook::DEFAULT_CAPAIAN,
        form,
        errors,
    };
    Ok(render(&view, StatusCode::OK))
}

pub async fn show(State(state): State<AppState>, Lang(locale): Lang, scope: InTenant) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let form = ChoiceForm { tahun: state.today().year().to_string(), aturan: String::new() };
    page(&state, Tr(locale), &scope, form, FormErrors::default()).await
}

/// Sets the rulebook of a year; an empty choice returns to the default.
pub async fn choose(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    Form(form): Form<ChoiceForm>,
) -> AppResult<Response> {
    scope.require(Permission::ChooseRulebook)?;
    let result: AppResult<()> = async {
        let mut invalid = Invalid::default();
        let year = invalid.check("tahun", year(&form.tahun));
        let book = match form.aturan.trim() {
            "" => Some(None),
            id => {
                let known = state.config.rulebooks.get(id).filter(|b| b.capaian().is_some());
                invalid.check("aturan", known.ok_or(Reason::NotFound)).map(Some)
            }
        };
        let (year, book) = invalid.finish(|| Some((year?, book?)))?;
        if let Some(book) = book {
            book.check_year(year).map_err(|reason| Invalid::one("aturan", reason))?;
        }
        let id = book.map(|b| b.id.as_str());
        state.store.set_rulebook(scope.id(), &scope.actor(), RulebookKind::Capaian, year, id).await?;
        Ok(())
    }
    .await;
    respond(
        result,
        locale,
        |()| format!("/pemda/{}/aturan-capaian", scope.tenant.code),
        async |errors| page(&state, Tr(locale), &scope, form, errors).await,
    )
    .await
}
