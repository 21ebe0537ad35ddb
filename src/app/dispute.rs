//! Where a deal's sources disagree: figures about the same thing (the same
//! label, or the same unit and direction) from different sources with
//! different amounts.

use crate::model::{Deal, Figure};

/// Figures (positions in `deal.figures`) that state one thing differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dispute {
    pub figures: Vec<usize>,
}

fn same_thing(a: &Figure, b: &Figure) -> bool {
    let same_label = a.label.trim().eq_ignore_ascii_case(b.label.trim());
    let same_flow =
        a.unit == b.unit && a.from.is_some() && a.from == b.from && a.to.is_some() && a.to == b.to;
    same_label || same_flow
}

pub fn find_disputes(deal: &Deal) -> Vec<Dispute> {
    let figures = &deal.figures;
    // Groups by "states the same thing", joined transitively.
    let mut group: Vec<usize> = (0..figures.len()).collect();
    for i in 0..figures.len() {
        for j in 0..i {
            if same_thing(&figures[i], &figures[j]) {
                let (gi, gj) = (group[i], group[j]);
                group.iter_mut().filter(|g| **g == gi).for_each(|g| *g = gj);
            }
        }
    }
    let mut disputes = Vec::new();
    for g in 0..figures.len() {
        let members: Vec<usize> = (0..figures.len()).filter(|&i| group[i] == g).collect();
        let first = match members.first() {
            Some(&f) => &figures[f],
            None => continue,
        };
        let sources_differ = members.iter().any(|&i| figures[i].source != first.source);
        let amounts_differ = members
            .iter()
            .any(|&i| figures[i].amount != first.amount || figures[i].unit != first.unit);
        if sources_differ && amounts_differ {
            disputes.push(Dispute { figures: members });
        }
    }
    disputes
}
