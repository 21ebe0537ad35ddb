//! Sums of figures that keep each figure's qualifier honest. "More than $100B"
//! plus "$30B" is "≥ $130B", not "$130B": a total carries a lower bound, an
//! upper bound (or none) and whether any part of it was approximate.

use crate::model::{Amount, Figure, Qualifier, Unit, format_amount};

/// What a set of figures adds up to, as bounds rather than one false number.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Total {
    /// The least the figures can mean ("up to" figures contribute nothing here).
    pub low: f64,
    /// The most they can mean; `None` when a "more than" figure leaves it open.
    pub high: Option<f64>,
    /// Some part was stated as "about".
    pub about: bool,
    /// Some part was an estimate (the figure's qualifier says so).
    pub estimated: bool,
    /// How many claims went in; 0 means there is nothing to show.
    pub count: usize,
}

impl Total {
    /// The bounds one figure states.
    pub fn of(figure: &Figure) -> Total {
        let (low, high) = match figure.amount {
            Amount::Value(v) => (v, v),
            Amount::Range { low, high } => (low, high),
        };
        let (low, high) = match figure.qualifier {
            Qualifier::UpTo => (0.0, Some(high)),
            Qualifier::MoreThan | Qualifier::AtLeast => (low, None),
            Qualifier::Exact | Qualifier::About | Qualifier::Estimated => (low, Some(high)),
        };
        Total {
            low,
            high,
            about: figure.qualifier == Qualifier::About,
            estimated: figure.qualifier == Qualifier::Estimated,
            count: 1,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Known to the unit: both bounds equal and nothing approximate.
    pub fn is_exact(&self) -> bool {
        self.high == Some(self.low) && !self.about && !self.estimated
    }

    /// Two separate amounts added together.
    pub fn plus(self, other: Total) -> Total {
        if self.is_empty() {
            return other;
        }
        if other.is_empty() {
            return self;
        }
        Total {
            low: self.low + other.low,
            high: self.high.zip(other.high).map(|(a, b)| a + b),
            about: self.about || other.about,
            estimated: self.estimated || other.estimated,
            count: self.count + other.count,
        }
    }

    /// Two statements of the same amount (sources that disagree): the span
    /// both allow between them, never their sum.
    pub fn envelope(self, other: Total) -> Total {
        if self.is_empty() {
            return other;
        }
        if other.is_empty() {
            return self;
        }
        Total {
            low: self.low.min(other.low),
            high: self.high.zip(other.high).map(|(a, b)| a.max(b)),
            about: self.about || other.about,
            estimated: self.estimated || other.estimated,
            count: self.count.max(other.count),
        }
    }

    /// What this amount has beyond `contained`, an amount it is said to
    /// include (a total "to date" beside an earlier figure in it): bound by
    /// bound, never below nothing. Nothing at all (an excess of exactly 0)
    /// is empty, so it is not shown as "$0".
    pub fn excess_over(self, contained: Total) -> Total {
        if self.is_empty() || contained.is_empty() {
            return self;
        }
        let low = (self.low - contained.high.unwrap_or(f64::INFINITY)).max(0.0);
        let high = self.high.map(|h| (h - contained.low).max(0.0));
        if high == Some(0.0) {
            return Total::default();
        }
        // The excess is as uncertain as either side.
        Total {
            low,
            high,
            about: self.about || contained.about,
            estimated: self.estimated || contained.estimated,
            count: self.count,
        }
    }

    /// Amounts that may share money, how much unknown: at least the largest
    /// (by its lower bound), at most all of them together.
    pub fn overlapping(self, other: Total) -> Total {
        if self.is_empty() {
            return other;
        }
        if other.is_empty() {
            return self;
        }
        Total {
            low: self.low.max(other.low),
            ..self.plus(other)
        }
    }

    /// The smaller of two amounts, bound by bound: what can pass through both
    /// hops of a loop.
    pub fn smaller(self, other: Total) -> Total {
        if self.is_empty() {
            return other;
        }
        if other.is_empty() {
            return self;
        }
        // The marks (about, estimated) belong to the side that sets the upper
        // bound: an estimate on a larger hop does not blur the smaller one.
        let infinite = |t: &Total| t.high.unwrap_or(f64::INFINITY);
        let (small, large) = if infinite(&other) < infinite(&self) {
            (other, self)
        } else {
            (self, other)
        };
        let tie = infinite(&small) == infinite(&large);
        Total {
            low: small.low.min(large.low),
            high: small.high,
            about: small.about || (tie && large.about) || (large.low < small.low && large.about),
            estimated: small.estimated
                || (tie && large.estimated)
                || (large.low < small.low && large.estimated),
            count: self.count.min(other.count),
        }
    }

    /// "≥ $130B", "~$30B", "up to $10B", "$18B–$25B (est.)", or "—" for nothing.
    pub fn display(&self, unit: Unit) -> String {
        if self.is_empty() {
            return "—".to_owned();
        }
        let tilde = if self.about { "~" } else { "" };
        let amount = |v: f64| format!("{tilde}{}", format_amount(v, unit));
        let text = match self.high {
            None => format!("≥ {}", amount(self.low)),
            Some(high) if high == self.low => amount(high),
            Some(high) if self.low == 0.0 => format!("up to {}", amount(high)),
            Some(high) => format!("{}–{}", amount(self.low), format_amount(high, unit)),
        };
        if self.estimated {
            format!("{text} (est.)")
        } else {
            text
        }
    }

    /// The form for a narrow column: three significant digits, rounded so
    /// the claim stays true (a lower bound down, an upper bound up), and an
    /// exact total that had to be rounded marked `~`. `≥ $95.812B` becomes
    /// `≥ $95.8B`; the detail keeps [`Total::display`]'s full figure.
    pub fn display_compact(&self, unit: Unit) -> String {
        let low = round_to_digits(self.low, Rounding::Down);
        let high = self.high.map(|h| round_to_digits(h, Rounding::Up));
        let rounded_exact = self.high == Some(self.low) && low != self.low;
        Total {
            low,
            high: if rounded_exact { Some(low) } else { high },
            about: self.about || rounded_exact,
            ..*self
        }
        .display(unit)
    }
}

#[derive(Clone, Copy)]
enum Rounding {
    Down,
    Up,
}

/// `value` to three significant digits, towards the given side.
fn round_to_digits(value: f64, rounding: Rounding) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let step = 10f64.powi(value.abs().log10().floor() as i32 - 2);
    let steps = value / step;
    // A value already on a step (30e9, 2.6e12) must stay exactly itself,
    // whatever the float division left behind.
    let nearest = steps.round();
    let steps = if (steps - nearest).abs() < 1e-6 {
        nearest
    } else {
        match rounding {
            Rounding::Down => steps.floor(),
            Rounding::Up => steps.ceil(),
        }
    };
    steps * step
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(amount: Amount, qualifier: Qualifier) -> Figure {
        Figure {
            label: "x".into(),
            amount,
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

    fn total(value: f64, qualifier: Qualifier) -> Total {
        Total::of(&figure(Amount::Value(value), qualifier))
    }

    #[test]
    fn more_than_plus_exact_is_a_lower_bound() {
        let sum = total(100e9, Qualifier::MoreThan).plus(total(30e9, Qualifier::Exact));
        assert_eq!(sum.display(Unit::Usd), "≥ $130B");
        assert_eq!(sum.high, None);
        assert!(!sum.is_exact());
    }

    #[test]
    fn up_to_contributes_nothing_certain() {
        let up_to = total(10e9, Qualifier::UpTo);
        assert_eq!(up_to.display(Unit::Usd), "up to $10B");
        let sum = up_to.plus(total(30e9, Qualifier::Exact));
        assert_eq!(sum.display(Unit::Usd), "$30B–$40B");
    }

    #[test]
    fn about_and_estimates_stay_marked() {
        assert_eq!(total(30e9, Qualifier::About).display(Unit::Usd), "~$30B");
        let range = Total::of(&figure(
            Amount::Range {
                low: 18e9,
                high: 25e9,
            },
            Qualifier::Estimated,
        ));
        assert_eq!(range.display(Unit::Usd), "$18B–$25B (est.)");
        let sum = range.plus(total(2e9, Qualifier::Exact));
        assert_eq!(sum.display(Unit::Usd), "$20B–$27B (est.)");
    }

    #[test]
    fn compact_form_rounds_towards_the_truth() {
        let lower = Total {
            low: 95.812e9,
            high: None,
            about: true,
            estimated: false,
            count: 2,
        };
        assert_eq!(lower.display_compact(Unit::Usd), "≥ ~$95.8B");
        let exact = Total {
            low: 95.812e9,
            high: Some(95.812e9),
            about: false,
            estimated: false,
            count: 2,
        };
        assert_eq!(exact.display_compact(Unit::Usd), "~$95.8B");
        let range = Total {
            low: 1.405e12,
            high: Some(2.0871e12),
            about: false,
            estimated: false,
            count: 2,
        };
        assert_eq!(range.display_compact(Unit::Usd), "$1.4T–$2.09T");
        let up_to = Total {
            low: 0.0,
            high: Some(15.01e6),
            about: false,
            estimated: false,
            count: 1,
        };
        assert_eq!(up_to.display_compact(Unit::Usd), "up to $15.1M");
        let round = Total {
            low: 30e9,
            high: Some(30e9),
            about: false,
            estimated: false,
            count: 1,
        };
        assert_eq!(round.display_compact(Unit::Usd), "$30B");
        let small = Total {
            low: 0.5,
            high: Some(0.5),
            about: false,
            estimated: false,
            count: 1,
        };
        assert_eq!(small.display_compact(Unit::Usd), "$0.5");
    }

    #[test]
    fn exact_sums_stay_exact() {
        let sum = total(4e9, Qualifier::Exact).plus(total(4e9, Qualifier::Exact));
        assert!(sum.is_exact());
        assert_eq!(sum.display(Unit::Usd), "$8B");
        assert_eq!(Total::default().display(Unit::Usd), "—");
    }

    #[test]
    fn disagreeing_sources_give_an_envelope_not_a_sum() {
        let both = total(5e9, Qualifier::UpTo).envelope(total(5e9, Qualifier::Exact));
        assert_eq!(both.display(Unit::Usd), "up to $5B");
        let open = total(100e9, Qualifier::MoreThan).envelope(total(90e9, Qualifier::Exact));
        assert_eq!(open.display(Unit::Usd), "≥ $90B");
    }

    #[test]
    fn the_smaller_of_two_hops_bounds_a_loop() {
        let open = total(100e9, Qualifier::MoreThan);
        let capped = total(5e9, Qualifier::UpTo);
        assert_eq!(open.smaller(capped).display(Unit::Usd), "up to $5B");
        let exact = total(8e9, Qualifier::Exact);
        assert_eq!(open.smaller(exact).display(Unit::Usd), "$8B");
        let estimate = Total::of(&figure(
            Amount::Range {
                low: 18e9,
                high: 25e9,
            },
            Qualifier::Estimated,
        ));
        assert_eq!(estimate.smaller(capped).display(Unit::Usd), "up to $5B");
        let about = total(3e9, Qualifier::About);
        assert_eq!(capped.smaller(about).display(Unit::Usd), "up to ~$3B");
    }
}
