//! Where the Web tab puts its labels: a pure function from the web, the
//! companies' names and the graph's size to placed labels, computed in
//! `update` (on refresh and on resize) and cached, so every frame draws the
//! same picture and no two labels are ever written over each other.
//!
//! Rows by layer, top to bottom: the others (investors, governments, the
//! rest), then models, clouds and chips, so the stack reads upward. Each row
//! is labelled with its layer at the left. A row shows full names when they
//! fit, else short ones (first word, or the id when first words clash), else
//! as many full names as fit and "+N more". Positions are relative to the
//! graph's top-left corner.

use crate::flows::layers::ORDER;
use crate::flows::web::Web;
use crate::model::{Dataset, Layer, Unit};
use crate::text::{display_width, fit, sanitize};
use ratatui::layout::Rect;
use std::collections::{HashMap, HashSet};

/// Above this many companies the web shows only those with the most money
/// (as many as fit) and counts the rest as others: beyond it no terminal
/// can show the lines apart.
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
            let short = if word.is_empty() || count[&word] > 1 {
                sanitize(&company.id).into_owned()
            } else {
                word
            };
            let full = sanitize(&company.name).into_owned();
            let group = crate::flows::group(dataset, node.company);
            (
                node.company,
                NodeName {
                    full,
                    short: cut(&short, SHORT_MAX),
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

/// Places the web's labels in a graph `width` × `height` cells.
pub fn layout(web: &Web, names: &HashMap<usize, NodeName>, width: u16, height: u16) -> WebLayout {
    let (layers, kept) = ranked_layers(web, height);
    let title_width = (layers.iter())
        .map(|(layer, _)| row_title(*layer).len() as u16 + 1)
        .max()
        .unwrap_or(0);
    let count = layers.len() as u16;
    let ys: Vec<u16> = (0..count).map(|i| row_y(i, count, height)).collect();
    let rows: Vec<Row> = (layers.into_iter().enumerate())
        .map(|(i, (layer, members))| {
            let y = row_y(i as u16, count, height);
            let title = Label {
                company: None,
                x: 0,
                y,
                text: cut(row_title(layer), width as usize),
            };
            let candidates: Vec<usize> = members
                .iter()
                .copied()
                .filter(|c| kept.contains(c))
                .collect();
            let left = title_width.min(width);
            let (nodes, more) = place_row(&candidates, members.len(), names, (left, width), y);
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
        .collect();
    let shown = rows.iter().map(|r| r.nodes.len()).sum();
    WebLayout {
        width,
        height,
        rows,
        total: web.nodes.len(),
        shown,
    }
}

/// The layers that fit in `height` rows (the stack first), top to bottom,
/// each with its companies, most money first; and the [`MAX_NODES`]
/// companies with the most money, the only ones that may be placed.
fn ranked_layers(web: &Web, height: u16) -> (Vec<(Layer, Vec<usize>)>, HashSet<usize>) {
    let money = money_of(web);
    let rank = |c: &usize| (std::cmp::Reverse(money_key(money.get(c))), *c);
    let mut by_money: Vec<usize> = web.nodes.iter().map(|n| n.company).collect();
    by_money.sort_by_key(rank);
    let kept: HashSet<usize> = by_money.iter().take(MAX_NODES).copied().collect();
    let mut layers: Vec<(Layer, Vec<usize>)> = ORDER
        .iter()
        .filter_map(|&layer| {
            let mut members: Vec<usize> = (web.nodes.iter())
                .filter(|n| n.layer == layer)
                .map(|n| n.company)
                .collect();
            members.sort_by_key(rank);
            (!members.is_empty()).then_some((layer, members))
        })
        .take(height as usize)
        .collect();
    // Drawn with the stack at the bottom, so it reads upward.
    layers.reverse();
    (layers, kept)
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

/// One row's labels between columns `left` and `right`: full names, else
/// short, else as many full names as fit and "+N more" (counting the
/// `all` companies of the row, shown or not).
fn place_row(
    members: &[usize],
    all: usize,
    names: &HashMap<usize, NodeName>,
    (left, right): (u16, u16),
    y: u16,
) -> (Vec<Label>, Option<Label>) {
    let room = usize::from(right.saturating_sub(left));
    let name = |c: usize, full: bool| {
        let n = names.get(&c);
        let text = n.map_or(String::new(), |n| {
            if full {
                n.full.clone()
            } else {
                n.short.clone()
            }
        });
        // A name alone wider than the row is cut to leave its margins.
        cut(&text, room.saturating_sub(2))
    };
    let texts = |full: bool| -> Vec<(usize, String)> {
        members.iter().map(|&c| (c, name(c, full))).collect()
    };
    let fits = |items: &[(usize, String)], extra: usize| {
        let used: usize = items.iter().map(|(_, t)| display_width(t)).sum();
        // A gap before, between and after the labels; no label is empty.
        items.iter().all(|(_, t)| !t.is_empty()) && used + extra + items.len() < room
    };
    let full = texts(true);
    if members.len() == all && fits(&full, 0) {
        return (spread(&full, None, left, room, y), None);
    }
    let short = texts(false);
    if members.len() == all && fits(&short, 0) {
        return (spread(&short, None, left, room, y), None);
    }
    // Not everyone fits even shortened: the ones with the most money that
    // fit by their full names, since a short name (an id where first words
    // clash, "co-006507") says little when it cannot stand beside the rest.
    let mut short = full;
    loop {
        let hidden = all - short.len();
        let more = format!("+{hidden} more");
        // The "+N more" takes one more gap beside the names.
        if fits(&short, display_width(&more) + 1) {
            let placed = spread(&short, Some(more), left, room, y);
            let more = placed.iter().find(|l| l.company.is_none()).cloned();
            let nodes = placed.into_iter().filter(|l| l.company.is_some()).collect();
            return (nodes, more);
        }
        if short.pop().is_none() {
            return (Vec::new(), None);
        }
    }
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
