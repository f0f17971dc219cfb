//! The performance tree (pohon kinerja) and the consistency report.

use super::render;
use crate::app::capaian::figures;
use crate::app::period::{PeriodParams, chosen_period, chosen_year};
use crate::app::planning::{findings, tree_of};
use crate::auth::InTenant;
use crate::error::AppResult;
use crate::extract::QueryParams;
use crate::i18n::Tr;
use crate::layout::Layout;
use crate::middleware::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use docs::tree_pdf::{self, TreeDocument};
use domain::access::Permission;
use domain::cascade::{Finding, FindingKind, TreeNode};
use domain::format;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize, Default)]
pub struct TreeParams {
    #[serde(default)]
    tahun: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    tw: String,
}

/// One line of the tree as the template writes it: a node, whether a list
/// of children opens under it, and how many open lists close after it.
pub struct TreeLine {
    pub node: TreeNode,
    pub depth: usize,
    pub opens: bool,
    pub closes: usize,
}

/// Flattens the tree in document order. With a `needle`, keeps the nodes
/// that mention it with everything under them, and the branches leading there.
fn lines(roots: &[TreeNode], needle: &str) -> Vec<TreeLine> {
    fn visit(node: &TreeNode, depth: usize, needle: &str, out: &mut Vec<TreeLine>) {
        let needle = if node.matches_self(needle) { "" } else { needle };
        let children: Vec<&TreeNode> =
            node.children.iter().filter(|c| needle.is_empty() || c.matches(needle)).collect();
        out.push(TreeLine { node: node.leaf(), depth, opens: !children.is_empty(), closes: 0 });
        for child in &children {
            visit(child, depth + 1, needle, out);
        }
        if !children.is_empty()
            && let Some(last) = out.last_mut()
        {
            last.closes += 1;
        }
    }
    let mut out = Vec::new();
    for root in roots.iter().filter(|r| needle.is_empty() || r.matches(needle)) {
        visit(root, 0, needle, &mut out);
    }
    out
}

fn with_depth(lines: &[TreeLine]) -> Vec<(usize, &TreeNode)> {
    lines.iter().map(|l| (l.depth, &l.node)).collect()
}

#[derive(Template)]
#[template(path = "tree.html")]
struct TreePage {
    layout: Layout,
    year: i32,
    query: String,
    lines: Vec<TreeLine>,
    unlinked: Vec<TreeLine>,
    nodes: usize,
    has_rpjmd: bool,
    quarter: domain::capaian::Quarter,
    /// Capaian to date of each element: percent, band rank and band label.
    capaian: HashMap<i64, (String, usize, String)>,
    bands: usize,
}

impl TreePage {
    fn figure(&self, node: &TreeNode) -> Option<&(String, usize, String)> {
        node.element_id.and_then(|id| self.capaian.get(&id))
    }
}

pub async fn page(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    QueryParams(params): QueryParams<TreeParams>,
) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let tr = Tr(locale);
    let year = chosen_year(&state, &params.tahun);
    let (roots, unlinked, has_rpjmd) = tree_of(&state, &scope, year, locale).await?;
    let needle = params.q.trim().to_lowercase();
    let period = PeriodParams { tahun: year.to_string(), tw: params.tw.clone() };
    let (_, quarter) = chosen_period(&state, &scope, &period).await?;
    let figures = figures(&state, &scope, year, quarter).await?;
    let capaian = figures
        .overview
        .elements
        .iter()
        .filter_map(|(id, roll)| {
            let mean = roll.mean?;
            let rank = figures.rules.bands.rank(mean);
            let label = figures.band_label(Some(rank), locale);
            Some((*id, (format::percent(domain::capaian::round(mean), locale), rank, label)))
        })
        .collect();
    let view = TreePage {
        quarter,
        capaian,
        bands: figures.rules.bands.all().len(),
        layout: Layout::tenant(tr, &scope, tr.t("tree.title"), "tree"),
        nodes: roots.iter().chain(&unlinked).map(TreeNode::count).fold(0, usize::saturating_add),
        lines: lines(&roots, &needle),
        unlinked: lines(&unlinked, &needle),
        year,
        query: params.q,
        has_rpjmd,
    };
    Ok(render(&view, StatusCode::OK))
}

/// The tree as an SVG file, for print and for presentations.
pub async fn svg(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    QueryParams(params): QueryParams<TreeParams>,
) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let year = chosen_year(&state, &params.tahun);
    let (roots, unlinked, _) = tree_of(&state, &scope, year, locale).await?;
    let title = format!("{} {} · {year}", Tr(locale).t("tree.title"), scope.tenant.name);
    let body = docs::tree_svg::render(&title, &roots, &unlinked, locale);
    let disposition = format!("attachment; filename=\"pohon-kinerja-{}-{year}.svg\"", scope.tenant.code);
    Ok((
        [(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        body,
    )
        .into_response())
}

/// The tree as a paginated PDF outline, narrowed by the page's search when
/// there is one, for the printed planning documents.
pub async fn pdf(
    State(state): State<AppState>,
    Lang(locale): Lang,
    scope: InTenant,
    QueryParams(params): QueryParams<TreeParams>,
) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let tr = Tr(locale);
    let year = chosen_year(&state, &params.tahun);
    let (roots, unlinked, _) = tree_of(&state, &scope, year, locale).await?;
    let needle = params.q.trim().to_lowercase();
    let mut subtitle = format!("{} · {} {year}", scope.tenant.name, tr.t("field.year"));
    if !needle.is_empty() {
        subtitle = format!("{subtitle} · {}: “{}”", tr.t("list.search"), params.q.trim());
    }
    let printed = format!(
        "{} {} · {}",
        tr.t("tree.printed"),
        format::datetime(time::OffsetDateTime::now_utc(), state.config.time_zone, locale),
        scope.principal.username
    );
    let title = format!("{} {}", tr.t("tree.title"), scope.tenant.name);
    let body = state
        .render_document(move || {
            let (lines, unlinked) = (lines(&roots, &needle), lines(&unlinked, &needle));
            tree_pdf::render(&TreeDocument {
                title,
                subtitle,
                printed,
                nodes: with_depth(&lines),
                unlinked: with_depth(&unlinked),
                locale,
            })
        })
        .await?;
    let disposition = format!("attachment; filename=\"pohon-kinerja-{}-{year}.pdf\"", scope.tenant.code);
    Ok(([(header::CONTENT_TYPE, "application/pdf".to_owned()), (header::CONTENT_DISPOSITION, disposition)], body)
        .into_response())
}

/// Findings of one kind, for the report's sections.
pub struct FindingGroup {
    pub kind: FindingKind,
    pub findings: Vec<Finding>,
}

#[derive(Template)]
#[template(path = "consistency.html")]
struct ConsistencyPage {
    layout: Layout,
    groups: Vec<FindingGroup>,
    total: usize,
    has_rpjmd: bool,
}

pub async fn report(State(state): State<AppState>, Lang(locale): Lang, scope: InTenant) -> AppResult<Response> {
    scope.require(Permission::ViewPlanning)?;
    let tr = Tr(locale);
    let (findings, has_rpjmd) = findings(&state, &scope, locale).await?;
    let total = findings.len();
    let groups = FindingKind::ALL
        .iter()
        .map(|kind| FindingGroup {
            kind: *kind,
            findings: findings.iter().filter(|f| f.kind == *kind).cloned().collect(),
        })
        .collect();
    let view = ConsistencyPage {
        layout: Layout::tenant(tr, &scope, tr.t("consistency.title"), "planning"),
        groups,
        total,
        has_rpjmd,
    };
    Ok(render(&view, StatusCode::OK))
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::planning::ElementKind;

    fn node(code: &str, children: Vec<TreeNode>) -> TreeNode {
        TreeNode {
            key: code.into(),
            element_id: None,
            kind: ElementKind::Sasaran,
            code: code.into(),
            name: format!("nama {code}"),
            opd: None,
            indicators: Vec::new(),
            also_supports: Vec::new(),
            children,
        }
    }

    #[test]
    fn lines_open_and_close_lists_in_order() {
        let tree = [node("A", vec![node("B", vec![node("C", vec![])]), node("D", vec![])])];
        let all = lines(&tree, "");
        let shape: Vec<(&str, usize, bool, usize)> =
            all.iter().map(|l| (l.node.code.as_str(), l.depth, l.opens, l.closes)).collect();
        assert_eq!(shape, [("A", 0, true, 0), ("B", 1, true, 0), ("C", 2, false, 1), ("D", 1, false, 1)]);
        let found: Vec<String> = lines(&tree, "nama c").into_iter().map(|l| l.node.code).collect();
        assert_eq!(found, ["A", "B", "C"]);
        // A matching node brings everything under it.
        let found: Vec<String> = lines(&tree, "nama b").into_iter().map(|l| l.node.code).collect();
        assert_eq!(found, ["A", "B", "C"]);
    }
}
