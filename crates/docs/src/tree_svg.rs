//! The performance tree as an SVG diagram, left to right: one column per
//! level, each leaf on a row of its own, each parent centred on its children.

use domain::Locale;
use domain::cascade::TreeNode;
use std::fmt::Write;

const BOX_WIDTH: f64 = 300.0;
const BOX_HEIGHT: f64 = 78.0;
const COLUMN_GAP: f64 = 48.0;
const ROW_GAP: f64 = 14.0;
const MARGIN: f64 = 24.0;
const TITLE_HEIGHT: f64 = 40.0;
/// Characters per text line in a box at the font size used.
const LINE_CHARS: usize = 46;

struct Placed<'a> {
    node: &'a TreeNode,
    depth: usize,
    y: f64,
    parent: Option<usize>,
}

fn place<'a>(
    node: &'a TreeNode,
    depth: usize,
    parent: Option<usize>,
    next_row: &mut f64,
    out: &mut Vec<Placed<'a>>,
) -> f64 {
    let index = out.len();
    out.push(Placed { node, depth, y: 0.0, parent });
    let y = if node.children.is_empty() {
        let y = *next_row;
        *next_row += BOX_HEIGHT + ROW_GAP;
        y
    } else {
        let ys: Vec<f64> = node.children.iter().map(|c| place(c, depth + 1, Some(index), next_row, out)).collect();
        (ys[0] + ys[ys.len() - 1]) / 2.0
    };
    out[index].y = y;
    y
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Cuts text to `max` characters, marking the cut.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

pub(crate) fn colour(kind: domain::planning::ElementKind) -> (&'static str, &'static str) {
    use domain::planning::ElementKind::*;
    match kind {
        Tujuan => ("#0b3d91", "#e8eef9"),
        Sasaran => ("#1f6f43", "#e9f5ee"),
        Program => ("#8a5a00", "#fdf3e1"),
        Kegiatan => ("#6b3fa0", "#f1ebf8"),
        _ => ("#4a5568", "#f4f5f7"),
    }
}

/// Renders the trees under `title`. `unlinked` (sasaran supporting nothing)
/// follow under their own heading.
pub fn render(title: &str, roots: &[TreeNode], unlinked: &[TreeNode], locale: Locale) -> String {
    let mut placed = Vec::new();
    let mut next_row = MARGIN + TITLE_HEIGHT;
    for root in roots {
        place(root, 0, None, &mut next_row, &mut placed);
    }
    let unlinked_at = next_row;
    if !unlinked.is_empty() {
        next_row += TITLE_HEIGHT;
        for root in unlinked {
            place(root, 1, None, &mut next_row, &mut placed);
        }
    }
    let depth = placed.iter().map(|p| p.depth).max().unwrap_or(0);
    let width = MARGIN * 2.0 + (depth as f64 + 1.0) * (BOX_WIDTH + COLUMN_GAP);
    let height = next_row + MARGIN;
    let x_of = |depth: usize| MARGIN + depth as f64 * (BOX_WIDTH + COLUMN_GAP);

    let mut svg = String::with_capacity(placed.len() * 700 + 1000);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="Liberation Sans, Arial, Helvetica, sans-serif" role="img" aria-label="{title}">"#,
        title = escape(title)
    );
    let _ = write!(
        svg,
        r##"<rect width="100%" height="100%" fill="#ffffff"/><text x="{MARGIN}" y="{:.0}" font-size="18" font-weight="bold" fill="#1a202c">{}</text>"##,
        MARGIN + 18.0,
        escape(title)
    );
    if !unlinked.is_empty() {
        let _ = write!(
            svg,
            r##"<text x="{MARGIN}" y="{:.0}" font-size="15" font-weight="bold" fill="#9b2c2c">{}</text>"##,
            unlinked_at + 24.0,
            escape(locale.pick(
                "Sasaran perangkat daerah yang belum terhubung ke sasaran RPJMD",
                "OPD sasaran not linked to an RPJMD sasaran"
            ))
        );
    }
    // Connectors first, so the boxes cover their ends.
    for item in &placed {
        if let Some(parent) = item.parent.map(|p| &placed[p]) {
            let (x1, y1) = (x_of(parent.depth) + BOX_WIDTH, parent.y + BOX_HEIGHT / 2.0);
            let (x2, y2) = (x_of(item.depth), item.y + BOX_HEIGHT / 2.0);
            let mid = (x1 + x2) / 2.0;
            let _ = write!(
                svg,
                r##"<path d="M{x1:.1} {y1:.1} H{mid:.1} V{y2:.1} H{x2:.1}" fill="none" stroke="#a0aec0" stroke-width="1.2"/>"##
            );
        }
    }
    for item in &placed {
        let node = item.node;
        let (x, y) = (x_of(item.depth), item.y);
        let (stroke, fill) = colour(node.kind);
        let _ = write!(
            svg,
            r#"<g><title>{}</title>"#,
            escape(&format!("{} {} — {}", node.kind.label(locale), node.code, node.name))
        );
        let _ = write!(
            svg,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>"#
        );
        let mut head = format!("{} {}", node.kind.label(locale).to_uppercase(), node.code);
        if let Some(opd) = &node.opd {
            head = format!("{head} · {opd}");
        }
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" font-size="10" font-weight="bold" fill="{stroke}">{}</text>"#,
            x + 8.0,
            y + 15.0,
            escape(&clip(&head, LINE_CHARS + 6))
        );
        let name_lines = wrap(&node.name, LINE_CHARS, 2);
        for (i, line) in name_lines.iter().enumerate() {
            let _ = write!(
                svg,
                r##"<text x="{:.1}" y="{:.1}" font-size="11" fill="#1a202c">{}</text>"##,
                x + 8.0,
                y + 31.0 + i as f64 * 14.0,
                escape(line)
            );
        }
        if let Some(indicator) = node.indicators.first() {
            let mut text = format!("▸ {}", indicator.name);
            if let Some(target) = &indicator.target {
                text = format!("{text}: {target} {}", indicator.unit);
            }
            if node.indicators.len() > 1 {
                text = format!("{text} (+{})", node.indicators.len() - 1);
            }
            let _ = write!(
                svg,
                r##"<text x="{:.1}" y="{:.1}" font-size="10" fill="#4a5568">{}</text>"##,
                x + 8.0,
                y + 66.0,
                escape(&clip(&text, LINE_CHARS + 4))
            );
        }
        if !node.also_supports.is_empty() {
            let badge = format!("{} {}", locale.pick("juga", "also"), node.also_supports.join(", "));
            let _ = write!(
                svg,
                r##"<text x="{:.1}" y="{:.1}" font-size="9" text-anchor="end" fill="#9c4221">{}</text>"##,
                x + BOX_WIDTH - 6.0,
                y + 15.0,
                escape(&clip(&badge, 24))
            );
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    svg
}

/// Breaks text into at most `lines` lines of `width` characters, the last clipped.
fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut current));
            if out.len() == lines {
                break;
            }
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() && out.len() < lines {
        out.push(current);
    }
    let total = out.iter().map(|l| l.chars().count()).fold(out.len(), usize::saturating_add);
    if total < text.chars().count()
        && let Some(last) = out.last_mut()
    {
        *last = clip(&format!("{last} …"), width);
    }
    out.into_iter().map(|l| clip(&l, width)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::planning::ElementKind;

    fn node(code: &str, kind: ElementKind, children: Vec<TreeNode>) -> TreeNode {
        TreeNode {
            key: code.into(),
            element_id: None,
            kind,
            code: code.into(),
            name: format!("Meningkatnya <kualitas> & derajat kesehatan masyarakat {code}"),
            opd: None,
            indicators: Vec::new(),
            also_supports: vec!["S2".into()],
            children,
        }
    }

    #[test]
    fn parents_sit_between_their_children_and_text_is_escaped() {
        let tree = node(
            "T1",
            ElementKind::Tujuan,
            vec![node("S1", ElementKind::Sasaran, vec![]), node("S2", ElementKind::Sasaran, vec![])],
        );
        let svg = render("Pohon <Kinerja>", &[tree], &[], Locale::Id);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("Pohon &lt;Kinerja&gt;"));
        assert!(!svg.contains("<kualitas>"));
        assert_eq!(svg.matches("<rect x=").count(), 3);
        assert_eq!(svg.matches("<path").count(), 2);
        // T1 is centred between S1 (first row) and S2 (second row).
        let first = MARGIN + TITLE_HEIGHT;
        let centre = first + (BOX_HEIGHT + ROW_GAP) / 2.0;
        assert!(svg.contains(&format!(r#"x="{MARGIN:.1}" y="{centre:.1}""#)));
    }

    #[test]
    fn long_names_wrap_and_clip() {
        let lines = wrap(&"kata ".repeat(40), 20, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'));
        assert!(lines.iter().all(|l| l.chars().count() <= 20));
        assert_eq!(wrap("pendek", 20, 2), ["pendek"]);
    }
}
