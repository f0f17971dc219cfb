//! The audit log of a pemda, filtered and paged, with field-by-field changes.

use super::{FormErrors, Paging, render};
use crate::auth::InTenant;
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::access::Permission;
use domain::audit::{ACTIONS, AuditFilter as ParsedFilter, ENTITIES};
use serde::Deserialize;
use serde_json::Value;
use store::{AuditQuery, ListQuery, Page};

#[derive(Deserialize, Default, Clone)]
pub struct AuditForm {
    #[serde(default)]
    entity: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    actor: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
    #[serde(default)]
    page: Option<String>,
}

struct FieldChange {
    field: String,
    before: String,
    after: String,
}

struct EntryRow {
    seq: i64,
    hash: String,
    at: String,
    actor: String,
    action: String,
    entity: String,
    entity_id: Option<i64>,
    changes: Vec<FieldChange>,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    layout: Layout,
    filter: AuditForm,
    entities: Vec<(&'static str, &'static str)>,
    actions: Vec<(&'static str, &'static str)>,
    entries: Vec<EntryRow>,
    paging: Paging,
    errors: FormErrors,
}

/// The fields that differ between two JSON objects, as display text.
fn changes(before: Option<&str>, after: Option<&str>) -> Vec<FieldChange> {
    let parse = |text: Option<&str>| match text.and_then(|t| serde_json::from_str::<Value>(t).ok()) {
        Some(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    let (before, after) = (parse(before), parse(after));
    let show = |value: Option<&Value>| match value {
        None | Some(Value::Null) => "—".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    let mut fields: Vec<&String> = before.keys().chain(after.keys()).collect();
    fields.sort();
    fields.dedup();
    fields
        .into_iter()
        .filter(|field| before.get(*field) != after.get(*field) && field.as_str() != "updated_at")
        .map(|field| FieldChange {
            field: field.clone(),
            before: show(before.get(field)),
            after: show(after.get(field)),
        })
        .collect()
}

pub async fn list(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    Query(filter): Query<AuditForm>,
) -> AppResult<Response> {
    scope.require(Permission::ViewAudit)?;
    let tr = Tr(locale);
    // A filter that does not fit is shown beside its field; the log then shows unfiltered.
    let (parsed, errors) =
        match ParsedFilter::parse(&filter.entity, &filter.action, &filter.actor, &filter.from, &filter.until) {
            Ok(parsed) => (parsed, FormErrors::default()),
            Err(invalid) => (ParsedFilter::default(), FormErrors::from(&invalid, locale)),
        };
    let page_number = filter.page.as_deref().and_then(|p| p.parse().ok()).unwrap_or(1);
    let query = AuditQuery::of(parsed, page_number, ListQuery::DEFAULT_PER_PAGE * 2);
    let page: Page<store::AuditEntry> = state.store.audit_log(scope.id(), &query).await?;
    let layout = Layout::tenant(tr, &scope, tr.t("audit.title"), "audit");
    let filters = [
        ("entity", filter.entity.as_str()),
        ("action", filter.action.as_str()),
        ("actor", filter.actor.as_str()),
        ("from", filter.from.as_str()),
        ("until", filter.until.as_str()),
    ];
    let paging = Paging::new(format!("{}/audit", layout.base()), &filters, &page);
    let entries = page
        .items
        .into_iter()
        .map(|e| EntryRow {
            changes: changes(e.before_value.as_deref(), e.after_value.as_deref()),
            seq: e.seq,
            hash: e.hash,
            at: tr.datetime(&e.at),
            actor: e.actor,
            action: tr.lookup(&format!("audit.action.{}", e.action)).map_or(e.action, str::to_owned),
            entity: tr.lookup(&format!("audit.entity.{}", e.entity)).map_or(e.entity, str::to_owned),
            entity_id: e.entity_id,
        })
        .collect();
    let view = AuditPage {
        layout,
        entities: ENTITIES.iter().map(|e| (*e, tr.lookup(&format!("audit.entity.{e}")).unwrap_or(e))).collect(),
        actions: ACTIONS.iter().map(|a| (*a, tr.lookup(&format!("audit.action.{a}")).unwrap_or(a))).collect(),
        filter,
        entries,
        paging,
        errors,
    };
    let status = if view.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(render(&view, status))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_only_changed_fields() {
        let diff = changes(
            Some(r#"{"name":"A","kind":"dinas","updated_at":"x"}"#),
            Some(r#"{"name":"B","kind":"dinas","updated_at":"y"}"#),
        );
        assert_eq!(diff.len(), 1);
        assert_eq!((diff[0].field.as_str(), diff[0].before.as_str(), diff[0].after.as_str()), ("name", "A", "B"));
        let created = changes(None, Some(r#"{"name":"A"}"#));
        assert_eq!(created[0].before, "—");
    }
}
