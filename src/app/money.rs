//! Which way a deal's dollar figure moves money, for the timeline chart.
//! Totals are the flows' (`crate::flows`), which count every dollar once.

use crate::model::{Deal, DealKind, Figure, Role, Unit};

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
