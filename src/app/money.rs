//! Dollar totals that keep their qualifiers honest: "more than $100B" adds at
//! least $100B and no upper bound, "up to $10B" adds between nothing and $10B,
//! "about" makes the total approximate.

use crate::model::{Amount, Deal, DealKind, Figure, Qualifier, Role, Unit, scale_short};

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Money {
    pub low: f64,
    pub high: f64,
    /// Some part has no upper bound ("more than").
    pub open_ended: bool,
    /// Some part is approximate or estimated.
    pub approx: bool,
    pub count: usize,
}

impl Money {
    pub fn add(&mut self, figure: &Figure) {
        let (low, high) = match figure.amount {
            Amount::Value(v) => (v, v),
            Amount::Range { low, high } => (low, high),
        };
        self.count += 1;
        match figure.qualifier {
            Qualifier::Exact => (self.low, self.high) = (self.low + low, self.high + high),
            Qualifier::About | Qualifier::Estimated => {
                (self.low, self.high) = (self.low + low, self.high + high);
                self.approx = true;
            }
            Qualifier::MoreThan | Qualifier::AtLeast => {
                self.low += low;
                self.high += high;
                self.open_ended = true;
            }
            Qualifier::UpTo => self.high += high,
        }
    }

    /// "$30B", "~$30B", "≥ $100B", "≤ $10B", "$5B–$15B", or "—" for nothing.
    pub fn describe(&self) -> String {
        let usd = |v: f64| format!("${}", scale_short(v));
        let approx = if self.approx { "~" } else { "" };
        if self.count == 0 {
            "—".to_owned()
        } else if self.open_ended {
            format!("≥ {approx}{}", usd(self.low))
        } else if self.low == self.high {
            format!("{approx}{}", usd(self.low))
        } else if self.low == 0.0 {
            format!("≤ {approx}{}", usd(self.high))
        } else {
            format!("{approx}{}–{}", usd(self.low), usd(self.high))
        }
    }

    /// The number to sort by: the surest amount, then the most it could be.
    pub fn sort_key(&self) -> (f64, f64) {
        (self.low, self.high)
    }
}

/// Which way a deal's dollar figure moves money, as (payers, payees): the
/// figure's own `from`/`to`, else the roles (investor → investee, buyer →
/// provider or supplier). Market sizes and events move no money.
pub fn money_direction<'a>(deal: &'a Deal, figure: &'a Figure) -> (Vec<&'a str>, Vec<&'a str>) {
    if figure.unit != Unit::Usd || matches!(deal.kind, DealKind::Market | DealKind::Event) {
        return (Vec::new(), Vec::new());
    }
    let with_roles = |roles: &[Role]| -> Vec<&'a str> {
        deal.parties
            .iter()
            .filter(|p| roles.contains(&p.role))
            .map(|p| p.company.as_str())
            .collect()
    };
    let payers = match &figure.from {
        Some(from) => vec![from.as_str()],
        None => with_roles(&[Role::Investor, Role::Buyer]),
    };
    let payees = match &figure.to {
        Some(to) => vec![to.as_str()],
        None => with_roles(&[Role::Investee, Role::Provider, Role::Supplier]),
    };
    (payers, payees)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(value: f64, qualifier: Qualifier) -> Figure {
        Figure {
            label: "x".into(),
            amount: Amount::Value(value),
            unit: Unit::Usd,
            qualifier,
            period: None,
            from: None,
            to: None,
            source: "s".into(),
            quote: None,
            links: None,
        }
    }

    #[test]
    fn qualifiers_show_as_markers_not_false_precision() {
        let mut m = Money::default();
        assert_eq!(m.describe(), "—");
        m.add(&figure(30e9, Qualifier::Exact));
        assert_eq!(m.describe(), "$30B");
        m.add(&figure(100e9, Qualifier::MoreThan));
        assert_eq!(m.describe(), "≥ $130B");
        let mut up_to = Money::default();
        up_to.add(&figure(10e9, Qualifier::UpTo));
        assert_eq!(up_to.describe(), "≤ $10B");
        up_to.add(&figure(5e9, Qualifier::About));
        assert_eq!(up_to.describe(), "~$5B–$15B");
    }
}
