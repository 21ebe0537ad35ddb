//! Where the Web tab puts its labels: a pure function from the web, the
//! companies' names and the graph's size to placed labels, computed in
//! `update` (on refresh and on resize) and cached, so every frame draws the
//! same picture and no two labels are ever written over each other.
//!
//! Rows by layer, top to bottom: the others (investors, governments, the
//! rest), then models, clouds and chips, so the stack reads upward. Each row
//! is labelled with its layer at the left. A row shows full names when they
//! fit, else short ones (first word, or the id when first words clash), else
//! as many full names as fit and "+N more". Zoomed in or out, and paged
//! through the companies by money, as `crate::ui::web_view` says. Positions
//! are relative to the graph's top-left corner.

use super::web_view::{
    Names, RowWidths, Span, View, ZOOM_IN_MAX, ZOOM_OUT_MAX, more_text, names_at, pages, tiny,
    tiny_tail,
};
use crate::flows::layers::ORDER;
use crate::flows::web::Web;
use crate::model::{Dataset, Layer, Unit};
use crate::text::{display_width, fit, sanitize};
use ratatui::layout::Rect;
use std::collections::HashMap;

/// Above this many companies the web shows only those with the most money
/// (as many as fit) and counts the rest as others: beyond it no terminal
/// can show the lines apart. Zoomed out, twice as many per step.
pub const MAX_NODES: usize = 60;

/// A short name is never wider than this.
const SHORT_MAX: usize = 14;

/// The side pane goes right of the graph from this body width, else below.
pub const PANE_RIGHT_FROM: u16 = 100;
pub const PANE_WIDTH: u16 = 36;
const PANE_HEIGHT: u16 = 8;

/// A company's names as the web may write them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeName {
    pub full: String,
    pub short: String,
    /// Shorter still, zoomed out twice: the short name's start, or an id's
    /// end ("…06507").
    pub tiny: String,
    /// The company's group: the top of its `parent` chain (AWS → Amazon),
    /// by position, and its name; itself when it has no parent.
    pub group: usize,
    pub group_name: String,
}

/// One piece of text at a place: a company, a row's layer, or "+N more".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The company it names; `None` for a row title or "+N more".
    pub company: Option<usize>,
    pub x: u16,
    pub y: u16,
    pub text: String,
}

impl Label {
    pub fn width(&self) -> u16 {
        display_width(&self.text) as u16
    }

    /// The cell a line to this label starts from.
    pub fn centre(&self) -> (u16, u16) {
        (self.x + self.width() / 2, self.y)
    }
}

/// One layer's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub layer: Layer,
    pub title: Label,
    /// The companies shown, left to right (most money first).
    pub nodes: Vec<Label>,
    /// "+N more" when some of the row's companies did not fit.
    pub more: Option<Label>,
    /// Under companies of one group side by side (Amazon and AWS), a
    /// bracket with the group's name on the line below the row.
    pub groups: Vec<Label>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WebLayout {
    pub width: u16,
    pub height: u16,
    /// Top to bottom.
    pub rows: Vec<Row>,
    /// Companies on the web, and how many of them are placed.
    pub total: usize,
    pub shown: usize,
    /// The zoom laid out and the page shown (within the pages there are).
    pub view: View,
    /// Every page's spans of each row's ranked companies.
    pages: Vec<Vec<Span>>,
    /// Each row's companies, most money first.
    members: Vec<Vec<usize>>,
}

impl WebLayout {
    /// Every label: row titles, companies, "+N more" and groups' brackets.
    pub fn labels(&self) -> impl Iterator<Item = &Label> {
        self.rows.iter().flat_map(|row| {
            std::iter::once(&row.title)
                .chain(row.nodes.iter())
                .chain(row.more.iter())
                .chain(row.groups.iter())
        })
    }

    /// The label of a placed company.
    pub fn node(&self, company: usize) -> Option<&Label> {
        self.labels().find(|l| l.company == Some(company))
    }

    /// (row, position in the row) of a placed company.
    pub fn position(&self, company: usize) -> Option<(usize, usize)> {
        self.rows.iter().enumerate().find_map(|(r, row)| {
            let i = row.nodes.iter().position(|l| l.company == Some(company))?;
            Some((r, i))
        })
    }

    /// How many pages of companies there are at this zoom and size.
    pub fn page_count(&self) -> usize {
        self.pages.len().max(1)
    }

    /// The first page that shows a company, if any does.
    pub fn page_of(&self, company: usize) -> Option<usize> {
        let (row, k) = self.members.iter().enumerate().find_map(|(r, m)| {
            let k = m.iter().position(|&c| c == company)?;
            Some((r, k))
        })?;
        (self.pages.iter()).position(|p| p[row].start <= k && k < p[row].start + p[row].count)
    }

    /// The first company placed, reading from the top left.
    pub fn first(&self) -> Option<usize> {
        self.rows
            .iter()
            .flat_map(|r| &r.nodes)
            .find_map(|l| l.company)
    }
}

/// The graph's box (borders included) and the side pane's, in the body.
pub fn split(body: Rect) -> (Rect, Rect) {
    if body.width >= PANE_RIGHT_FROM {
        let pane = PANE_WIDTH.min(body.width / 3);
        let graph = Rect {
            width: body.width - pane,
            ..body
        };
        let side = Rect {
            x: body.x + graph.width,
            width: pane,
            ..body
        };
        return (graph, side);
    }
    let pane = PANE_HEIGHT.min(body.height * 2 / 5);
    let graph = Rect {
        height: body.height - pane,
        ..body
    };
    let below = Rect {
        y: body.y + graph.height,
        height: pane,
        ..body
    };
    (graph, below)
}

/// The graph's inside: its box less the borders.
pub fn graph_inner(body: Rect) -> Rect {
    let (graph, _) = split(body);
    Rect {
        x: graph.x + 1,
        y: graph.y + 1,
        width: graph.width.saturating_sub(2),
        height: graph.height.saturating_sub(2),
    }
}

/// Each company's names: the full name, and a short one (the first word, or
/// the id where two companies' first words are the same), both sanitized.
pub fn node_names(dataset: &Dataset, web: &Web) -> HashMap<usize, NodeName> {
    let first_word = |c: usize| {
        let name = sanitize(&dataset.companies[c].name).into_owned();
        name.split_whitespace().next().unwrap_or("").to_owned()
    };
    let mut count: HashMap<String, usize> = HashMap::new();
    for node in &web.nodes {
        *count.entry(first_word(node.company)).or_default() += 1;
    }
    web.nodes
        .iter()
        .map(|node| {
            let company = &dataset.companies[node.company];
            let word = first_word(node.company);
            let by_id = word.is_empty() || count[&word] > 1;
            let short = if by_id {
                sanitize(&company.id).into_owned()
            } else {
                word
            };
            // Ids that share a start ("co-006507") differ at their end.
            let tiny = if by_id {
                tiny_tail(&short)
            } else {
                tiny(&short)
            };
            let full = sanitize(&company.name).into_owned();
            let group = crate::flows::group(dataset, node.company);
            (
                node.company,
                NodeName {
                    full,
                    short: cut(&short, SHORT_MAX),
                    tiny,
                    group,
                    group_name: sanitize(&dataset.companies[group].name).into_owned(),
                },
            )
        })
        .collect()
}

/// `text` cut to at most `width` columns, ending a cut with `…`.
fn cut(text: &str, width: usize) -> String {
    fit(text, display_width(text).min(width))
        .trim_end()
        .to_owned()
}

/// The title of a layer's row.
fn row_title(layer: Layer) -> &'static str {
    match layer {
        Layer::Chips => "chips",
        Layer::Cloud => "clouds",
        Layer::Model => "models",
        Layer::Investor => "investors",
        Layer::Government => "govts",
        Layer::Other => "others",
    }
}

/// Dollars on a company's edges (the least they can mean), to rank it.
fn money_of(web: &Web) -> HashMap<usize, f64> {
    let mut money: HashMap<usize, f64> = HashMap::new();
    for e in web.edges.iter().map(|e| &e.edge) {
        let usd = if e.unit == Unit::Usd {
            e.amounts.firm.low + e.amounts.speculative.low
        } else {
            0.0
        };
        for company in [e.from, e.to] {
            *money.entry(company).or_default() += usd;
        }
    }
    money
}

/// Places the web's labels in a graph `width` × `height` cells, at 1×, on
/// the first page.
pub fn layout(web: &Web, names: &HashMap<usize, NodeName>, width: u16, height: u16) -> WebLayout {
    layout_at(web, names, (width, height), View::default(), None)
}

/// Places the web's labels at `view`'s zoom and page; with `keep`, on the
/// page that shows that company instead, if one does.
pub fn layout_at(
    web: &Web,
    names: &HashMap<usize, NodeName>,
    size: (u16, u16),
    view: View,
    keep: Option<usize>,
) -> WebLayout {
    layout_ranked(web, &rank(web), names, size, view, keep)
}

/// As [`layout_at`], with the web's companies already ranked (the
/// explorer ranks them once per web, not once per zoom or page).
pub fn layout_ranked(
    web: &Web,
    ranking: &Ranking,
    names: &HashMap<usize, NodeName>,
    (width, height): (u16, u16),
    view: View,
    keep: Option<usize>,
) -> WebLayout {
    let zoom = view.zoom.clamp(ZOOM_OUT_MAX, ZOOM_IN_MAX);
    // The layers that fit in `height` rows (the stack first), drawn with
    // the stack at the bottom, so it reads upward.
    let mut layers: Vec<Ranked> = ranking
        .layers
        .iter()
        .take(height as usize)
        .cloned()
        .collect();
    layers.reverse();
    let keys = &ranking.keys;
    let title_width = (layers.iter())
        .map(|(layer, _)| row_title(*layer).len() as u16 + 1)
        .max()
        .unwrap_or(0);
    let left = title_width.min(width);
    let room = usize::from(width.saturating_sub(left));
    let widths: Vec<RowWidths> = (layers.iter())
        .map(|(_, members)| row_widths(members, names, room, zoom))
        .collect();
    let rank = |i: usize, k: usize| rank_key(keys, layers[i].1[k]);
    let pages = pages(&widths, zoom, &rank);
    let mut placed = WebLayout {
        width,
        height,
        rows: Vec::new(),
        total: web.nodes.len(),
        shown: 0,
        view: View { zoom, page: 0 },
        pages,
        members: layers.iter().map(|(_, m)| m.clone()).collect(),
    };
    let page = (keep.and_then(|c| placed.page_of(c)))
        .unwrap_or(view.page)
        .min(placed.page_count() - 1);
    placed.view.page = page;
    let spans = placed.pages[page].clone();
    placed.rows = place_rows(layers, &spans, names, (left, room), zoom, (width, height));
    placed.shown = placed.rows.iter().map(|r| r.nodes.len()).sum();
    placed
}

/// The rows of the `layers` (top to bottom), each showing its span of
/// companies between columns `left` and `left + room`.
fn place_rows(
    layers: Vec<Ranked>,
    spans: &[Span],
    names: &HashMap<usize, NodeName>,
    (left, room): (u16, usize),
    zoom: i8,
    (width, height): (u16, u16),
) -> Vec<Row> {
    let count = layers.len() as u16;
    let ys: Vec<u16> = (0..count).map(|i| row_y(i, count, height)).collect();
    (layers.into_iter().zip(spans.iter().copied()).enumerate())
        .map(|(i, ((layer, members), span))| {
            let y = ys[i];
            let title = Label {
                company: None,
                x: 0,
                y,
                text: cut(row_title(layer), width as usize),
            };
            let style = if span.short {
                Names::Short
            } else {
                names_at(zoom)
            };
            let (nodes, more) = place_row(&members, span, style, names, (left, room), y);
            // The line below must be free: inside the graph, no row's own.
            let below = y + 1;
            let free = below < height && !ys.contains(&below);
            let groups = if free {
                group_brackets(&nodes, names, below)
            } else {
                Vec::new()
            };
            Row {
                layer,
                title,
                nodes,
                more,
                groups,
            }
        })
        .collect()
}

/// A layer and its companies, most money first.
type Ranked = (Layer, Vec<usize>);

/// The web's companies ranked: each layer (in the stack's order, the
/// stack first) with its companies, most money first; and each company's
/// money as a sortable integer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ranking {
    layers: Vec<Ranked>,
    keys: HashMap<usize, u64>,
}

/// Ranks the web's companies by the money on their edges.
pub fn rank(web: &Web) -> Ranking {
    let money = money_of(web);
    let keys: HashMap<usize, u64> = (web.nodes.iter())
        .map(|n| (n.company, money_key(money.get(&n.company))))
        .collect();
    let layers: Vec<Ranked> = ORDER
        .iter()
        .filter_map(|&layer| {
            let mut members: Vec<(std::cmp::Reverse<u64>, usize)> = (web.nodes.iter())
                .filter(|n| n.layer == layer)
                .map(|n| (std::cmp::Reverse(keys[&n.company]), n.company))
                .collect();
            members.sort_unstable();
            let members: Vec<usize> = members.into_iter().map(|(_, c)| c).collect();
            (!members.is_empty()).then_some((layer, members))
        })
        .collect();
    Ranking { layers, keys }
}

/// A company's place in the ranking by money (most first, then by
/// position): lower is richer.
fn rank_key(keys: &HashMap<usize, u64>, company: usize) -> u128 {
    let money = keys.get(&company).copied().unwrap_or(0);
    (u128::from(u64::MAX - money) << 64) | company as u128
}

/// Money as a sortable integer (whole dollars; none counts as 0).
fn money_key(usd: Option<&f64>) -> u64 {
    usd.map_or(0, |&v| {
        if v.is_finite() && v > 0.0 {
            v as u64
        } else {
            0
        }
    })
}

/// The line of row `i` of `count`, spread over `height` lines.
fn row_y(i: u16, count: u16, height: u16) -> u16 {
    if count <= 1 {
        return height / 2;
    }
    (u32::from(i) * u32::from(height - 1) / u32::from(count - 1)) as u16
}

/// A company's label by `style` in a row `room` columns wide: a name
/// alone wider than the row is cut to leave its margins.
fn label_text(name: Option<&NodeName>, style: Names, room: usize) -> String {
    let text = name.map_or(String::new(), |n| match style {
        Names::Full => n.full.clone(),
        Names::Short => n.short.clone(),
        Names::Tiny => n.tiny.clone(),
    });
    cut(&text, room.saturating_sub(2))
}

/// The width [`label_text`] comes to, without making it when the name
/// fits whole.
fn label_width(name: Option<&NodeName>, style: Names, room: usize) -> usize {
    let raw = match (name, style) {
        (None, _) => return 0,
        (Some(n), Names::Full) => n.full.as_str(),
        (Some(n), Names::Short) => n.short.as_str(),
        (Some(n), Names::Tiny) => n.tiny.as_str(),
    };
    if display_width(raw) <= room.saturating_sub(2) {
        display_width(raw.trim_end())
    } else {
        display_width(&label_text(name, style, room))
    }
}

/// A row's label widths at `zoom` (and by short names, which 1× and in
/// may fall back to), for the pages to count with.
fn row_widths(
    members: &[usize],
    names: &HashMap<usize, NodeName>,
    room: usize,
    zoom: i8,
) -> RowWidths {
    let widths = |style: Names| -> Vec<usize> {
        (members.iter())
            .map(|c| label_width(names.get(c), style, room))
            .collect()
    };
    RowWidths {
        widths: widths(names_at(zoom)),
        short: if zoom >= 0 {
            widths(Names::Short)
        } else {
            Vec::new()
        },
        room,
        zoomed: 0,
    }
    .at_zoom(zoom)
}

/// One row's labels for its `span` of `members`, between columns `left`
/// and `left + room`: the span's companies by `style`, and "+N more"
/// (counting the row's companies not shown) where it fits.
fn place_row(
    members: &[usize],
    span: Span,
    style: Names,
    names: &HashMap<usize, NodeName>,
    (left, room): (u16, usize),
    y: u16,
) -> (Vec<Label>, Option<Label>) {
    let shown = &members[span.start..span.start + span.count];
    let items: Vec<(usize, String)> = (shown.iter())
        .map(|&c| (c, label_text(names.get(&c), style, room)))
        .collect();
    let hidden = members.len() - span.count;
    let more = (hidden > 0).then(|| more_text(hidden, span.start));
    // With no company shown, the count alone where it fits.
    let more = more.filter(|m| span.count > 0 || display_width(m) + 1 < room);
    if items.is_empty() && more.is_none() {
        return (Vec::new(), None);
    }
    let placed = spread(&items, more, left, room, y);
    let more = placed.iter().find(|l| l.company.is_none()).cloned();
    let nodes = placed.into_iter().filter(|l| l.company.is_some()).collect();
    (nodes, more)
}

/// A bracket under each run of side-by-side companies of one group, on
/// line `y`: `└─ Amazon ─┘` from the first name's start to the last one's
/// end, the name left out where it does not fit whole.
fn group_brackets(nodes: &[Label], names: &HashMap<usize, NodeName>, y: u16) -> Vec<Label> {
    let group = |l: &Label| l.company.and_then(|c| names.get(&c)).map(|n| n.group);
    let mut brackets = Vec::new();
    let mut start = 0;
    while start < nodes.len() {
        let mut end = start + 1;
        while end < nodes.len()
            && group(&nodes[end]).is_some()
            && group(&nodes[end]) == group(&nodes[start])
        {
            end += 1;
        }
        if end - start >= 2 {
            let (first, last) = (&nodes[start], &nodes[end - 1]);
            let width = usize::from(last.x + last.width() - first.x);
            let name =
                (first.company.and_then(|c| names.get(&c))).map_or("", |n| n.group_name.as_str());
            brackets.push(Label {
                company: None,
                x: first.x,
                y,
                text: bracket(name, width),
            });
        }
        start = end;
    }
    brackets
}

/// `└─ name ─┘` exactly `width` columns wide (at least 2), the name
/// whole or left out.
fn bracket(name: &str, width: usize) -> String {
    let width = width.max(2);
    let inner = width - 2;
    let text = format!(" {name} ");
    let name_width = display_width(&text);
    if name.is_empty() || name_width + 2 > inner {
        return format!("└{}┘", "─".repeat(inner));
    }
    let left = (inner - name_width) / 2;
    let right = inner - name_width - left;
    format!("└{}{text}{}┘", "─".repeat(left), "─".repeat(right))
}

/// Labels laid left to right from `left`, the spare room shared out as
/// equal gaps before, between and after them (each at least one column).
fn spread(
    items: &[(usize, String)],
    more: Option<String>,
    left: u16,
    room: usize,
    y: u16,
) -> Vec<Label> {
    let mut all: Vec<(Option<usize>, String)> =
        items.iter().map(|(c, t)| (Some(*c), t.clone())).collect();
    all.extend(more.map(|t| (None, t)));
    let used: usize = all.iter().map(|(_, t)| display_width(t)).sum();
    let gaps = all.len() + 1;
    let gap = (room - used) / gaps;
    let mut x = usize::from(left) + gap + (room - used - gap * gaps) / 2;
    all.into_iter()
        .map(|(company, text)| {
            let label = Label {
                company,
                x: x as u16,
                y,
                text,
            };
            x += usize::from(label.width()) + gap;
            label
        })
        .collect()
}

/// A line's ends (cells of the graph) and the amount to write on it.
pub type AmountLine = ((u16, u16), (u16, u16), String);

/// Short amounts ("$38B") for lines, each `(from, to, text)` between two
/// cells of the graph: near the line's middle (for a line within a row,
/// where it dips below the row), never over a label, a bracket or another
/// amount, a column apart from each, and never cut: an amount that finds no
/// room is left out.
pub fn place_amounts(layout: &WebLayout, lines: &[AmountLine]) -> Vec<Label> {
    let mut taken: Vec<Label> = layout.labels().cloned().collect();
    let mut placed = Vec::new();
    for (from, to, text) in lines {
        let width = display_width(text) as u16;
        if width == 0 || width + 2 > layout.width {
            continue;
        }
        let mid_x = from.0.midpoint(to.0);
        let mid_y = if from.1 == to.1 {
            if from.1 + 1 < layout.height {
                from.1 + 1
            } else {
                from.1.saturating_sub(1)
            }
        } else {
            from.1.midpoint(to.1)
        };
        let spot = candidates(mid_x, mid_y, width).find(|&(x, y)| {
            let label = Label {
                company: None,
                x,
                y,
                text: text.clone(),
            };
            y < layout.height && x + width <= layout.width && taken.iter().all(|t| apart(t, &label))
        });
        if let Some((x, y)) = spot {
            let label = Label {
                company: None,
                x,
                y,
                text: text.clone(),
            };
            taken.push(label.clone());
            placed.push(label);
        }
    }
    placed
}

/// Places for a label `width` wide around (x, y), nearest first: centred on
/// the line, then a line above or below, then shifted along.
fn candidates(x: u16, y: u16, width: u16) -> impl Iterator<Item = (u16, u16)> {
    let left = x.saturating_sub(width / 2);
    let dys: [i32; 5] = [0, -1, 1, -2, 2];
    let dxs: [i32; 5] = [0, -2, 2, -4, 4];
    dys.into_iter().flat_map(move |dy| {
        dxs.into_iter().filter_map(move |dx| {
            let y = i32::from(y) + dy;
            let x = i32::from(left) + dx * i32::from(width.max(1)) / 2;
            (x >= 0 && y >= 0).then_some((x as u16, y as u16))
        })
    })
}

/// Two labels share no cell and keep a column between them on a line.
fn apart(a: &Label, b: &Label) -> bool {
    a.y != b.y || a.x + a.width() < b.x || b.x + b.width() < a.x
}
