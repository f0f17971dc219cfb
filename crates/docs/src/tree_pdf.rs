//! The performance tree as a PDF for print: an A4 landscape outline, one
//! block per node indented by depth, with indicators and the year's targets.

use crate::pdf::{self, PdfError, Template};
use crate::tree_svg::colour;
use domain::Locale;
use domain::cascade::TreeNode;
use serde::Serialize;

const TEMPLATE: Template = Template { name: "tree.typ", source: include_str!("../templates/tree.typ") };

/// What one PDF shows: the nodes in document order with their depth, as the
/// tree page lists them (possibly narrowed by a search).
pub struct TreeDocument<'a> {
    pub title: String,
    pub subtitle: String,
    /// When and by whom it was printed, already formatted.
    pub printed: String,
    pub nodes: Vec<(usize, &'a TreeNode)>,
    /// Sasaran supporting no RPJMD sasaran, listed after the tree.
    pub unlinked: Vec<(usize, &'a TreeNode)>,
    pub locale: Locale,
}

#[derive(Serialize)]
struct Data<'a> {
    lang: &'static str,
    title: &'a str,
    subtitle: &'a str,
    printed: &'a str,
    labels: Labels,
    nodes: Vec<Node<'a>>,
    unlinked: Vec<Node<'a>>,
}

#[derive(Serialize)]
struct Labels {
    page: &'static str,
    iku: &'static str,
    no_target: &'static str,
    empty: &'static str,
    unlinked: &'static str,
}

#[derive(Serialize)]
struct Node<'a> {
    depth: usize,
    kind: &'static str,
    code: &'a str,
    name: &'a str,
    opd: Option<&'a str>,
    also: Option<String>,
    stroke: &'static str,
    fill: &'static str,
    indicators: Vec<Indicator<'a>>,
}

#[derive(Serialize)]
struct Indicator<'a> {
    name: &'a str,
    unit: &'a str,
    target: Option<&'a str>,
    iku: bool,
}

fn node<'a>((depth, node): &(usize, &'a TreeNode), locale: Locale) -> Node<'a> {
    let (stroke, fill) = colour(node.kind);
    Node {
        depth: *depth,
        kind: node.kind.label(locale),
        code: &node.code,
        name: &node.name,
        opd: node.opd.as_deref(),
        also: (!node.also_supports.is_empty())
            .then(|| format!("{} {}", locale.pick("juga mendukung", "also supports"), node.also_supports.join(", "))),
        stroke,
        fill,
        indicators: node
            .indicators
            .iter()
            .map(|i| Indicator { name: &i.name, unit: &i.unit, target: i.target.as_deref(), iku: i.is_iku })
            .collect(),
    }
}

pub fn render(document: &TreeDocument) -> Result<Vec<u8>, PdfError> {
    let locale = document.locale;
    let data = Data {
        lang: locale.pick("id", "en"),
        title: &document.title,
        subtitle: &document.subtitle,
        printed: &document.printed,
        labels: Labels {
            page: locale.pick("Halaman", "Page"),
            iku: "IKU",
            no_target: locale.pick("target belum diisi", "no target yet"),
            empty: locale.pick("Tidak ada simpul yang sesuai.", "No matching nodes."),
            unlinked: locale.pick(
                "Sasaran perangkat daerah yang belum terhubung ke sasaran RPJMD",
                "OPD sasaran not linked to an RPJMD sasaran",
            ),
        },
        nodes: document.nodes.iter().map(|n| node(n, locale)).collect(),
        unlinked: document.unlinked.iter().map(|n| node(n, locale)).collect(),
    };
    pdf::render(&TEMPLATE, &data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::pdf_text as text_of;
    use domain::cascade::TreeIndicator;
    use domain::planning::ElementKind;

    fn node(kind: ElementKind, code: &str, name: &str) -> TreeNode {
        TreeNode {
            key: code.into(),
            element_id: None,
            kind,
            code: code.into(),
            name: name.into(),
            opd: None,
            indicators: Vec::new(),
            also_supports: Vec::new(),
            children: Vec::new(),
        }
    }

    #[test]
    fn the_pdf_carries_every_node_its_indicators_and_the_crosscutting_badge() {
        let mut sasaran = node(ElementKind::Sasaran, "1.2", "Menurunnya prevalensi stunting & gizi buruk");
        sasaran.indicators.push(TreeIndicator {
            name: "Prevalensi stunting".into(),
            unit: "%".into(),
            target: Some("14,2".into()),
            is_iku: true,
        });
        let mut supporting = node(ElementKind::Sasaran, "DINKES.1", "Meningkatnya gizi balita <di> desa");
        supporting.opd = Some("Dinas Kesehatan".into());
        supporting.also_supports = vec!["2.1".into()];
        let tujuan = node(ElementKind::Tujuan, "1", "Meningkatkan kualitas SDM");
        let orphan = node(ElementKind::Sasaran, "DISDIK.9", "Sasaran tanpa induk");
        let document = TreeDocument {
            title: "Pohon Kinerja Kabupaten Contoh".into(),
            subtitle: "Tahun 2026".into(),
            printed: "Dicetak 22 November 2026".into(),
            nodes: vec![(0, &tujuan), (1, &sasaran), (2, &supporting)],
            unlinked: vec![(1, &orphan)],
            locale: Locale::Id,
        };
        let pdf = render(&document).expect("renders");
        assert!(pdf.starts_with(b"%PDF-"));
        let text = text_of(&pdf);
        for expected in [
            "Pohon Kinerja Kabupaten Contoh",
            "TUJUAN 1",
            "Menurunnya prevalensi stunting & gizi buruk",
            "Prevalensi stunting (IKU): 14,2 %",
            "Dinas Kesehatan",
            "Meningkatnya gizi balita <di> desa",
            "juga mendukung 2.1",
            "belum terhubung",
            "DISDIK.9",
            "Halaman 1 / 1",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
        }
    }

    #[test]
    fn markup_in_names_is_text_not_typst() {
        let hostile = node(ElementKind::Sasaran, "X", "#panic(\"boom\") *tebal* $x$ [link]");
        let document = TreeDocument {
            title: "#set page(width: 1pt)".into(),
            subtitle: String::new(),
            printed: String::new(),
            nodes: vec![(0, &hostile)],
            unlinked: Vec::new(),
            locale: Locale::En,
        };
        let text = text_of(&render(&document).expect("renders"));
        assert!(text.contains("#panic(\"boom\") *tebal* $x$ [link]"), "{text}");
        assert!(text.contains("#set page(width: 1pt)"), "{text}");
        assert!(text.contains("Page 1 / 1"), "{text}");
    }
}
