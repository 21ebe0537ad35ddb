//! The stack in layers: chips → cloud → model, with investors, governments
//! and others beside it, and the money and capacity that cross between them.

use super::aggregate::{Amounts, group_by, sum};
use super::{Flow, FlowKind};
use crate::model::{Company, Dataset, Layer, Unit};

/// The layer a company is drawn in. A company lists its layers most
/// important first, but one that is both an investor and a cloud (Amazon)
/// belongs on the stack: its investments then show as cloud → model money,
/// which is the circularity the layers view exists to show. So: the first
/// listed of chips, cloud or model; else the first listed; else `other`.
pub fn primary_layer(company: &Company) -> Layer {
    let stack = [Layer::Chips, Layer::Cloud, Layer::Model];
    company
        .layers
        .iter()
        .copied()
        .find(|l| stack.contains(l))
        .or_else(|| company.layers.first().copied())
        .unwrap_or(Layer::Other)
}

/// The order layers are drawn in: the stack bottom-up, then the rest.
pub const ORDER: [Layer; 6] = [
    Layer::Chips,
    Layer::Cloud,
    Layer::Model,
    Layer::Investor,
    Layer::Government,
    Layer::Other,
];

/// Everything flowing from one layer to another in one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerFlow {
    pub from: Layer,
    pub to: Layer,
    pub unit: Unit,
    pub amounts: Amounts,
    /// Positions in the flow list.
    pub flows: Vec<usize>,
}

impl LayerFlow {
    pub fn kind(&self) -> FlowKind {
        FlowKind::of(self.unit).unwrap_or(FlowKind::Money)
    }
}

/// Flows added up per (from layer, to layer, unit), in [`ORDER`]; flows
/// within one layer (cloud → cloud) are kept too.
pub fn layer_flows(dataset: &Dataset, flows: &[Flow]) -> Vec<LayerFlow> {
    let rank = |company: usize| {
        let layer = primary_layer(&dataset.companies[company]);
        ORDER
            .iter()
            .position(|&l| l == layer)
            .unwrap_or(ORDER.len())
    };
    group_by(flows, |f| (rank(f.from), rank(f.to), f.unit))
        .into_iter()
        .map(|((from, to, unit), members)| LayerFlow {
            from: ORDER[from],
            to: ORDER[to],
            unit,
            amounts: sum(dataset, flows, &members),
            flows: members,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flows::derive;
    use crate::flows::testing::{Builder, figure, usd};
    use crate::model::{Amount, Qualifier, Role};
    use crate::query::Filter;

    #[test]
    fn a_cloud_that_also_invests_sits_on_the_stack() {
        let mut ds = Builder::new()
            .company("amazon", Layer::Investor, None)
            .build();
        ds.companies[0].layers = vec![Layer::Investor, Layer::Cloud];
        assert_eq!(primary_layer(&ds.companies[0]), Layer::Cloud);
        ds.companies[0].layers = vec![Layer::Government, Layer::Investor];
        assert_eq!(primary_layer(&ds.companies[0]), Layer::Government);
        ds.companies[0].layers.clear();
        assert_eq!(primary_layer(&ds.companies[0]), Layer::Other);
    }

    #[test]
    fn money_and_capacity_cross_layers_apart() {
        let buy = [("lab", Role::Buyer), ("cloud", Role::Provider)];
        let supply = [("chip", Role::Supplier), ("cloud", Role::Buyer)];
        let gpus = figure(Amount::Value(1e6), Unit::Gpus, Qualifier::About);
        let ds = Builder::new()
            .company("chip", Layer::Chips, None)
            .company("cloud", Layer::Cloud, None)
            .company("lab", Layer::Model, None)
            .deal("spend", buy, usd(30.0, Qualifier::Exact))
            .deal("gpus", supply, gpus)
            .build();
        let flows = derive(&ds, &Filter::default()).flows;
        let layers = layer_flows(&ds, &flows);
        let found: Vec<(Layer, Layer, String)> = layers
            .iter()
            .map(|l| (l.from, l.to, l.amounts.display(l.unit)))
            .collect();
        assert_eq!(
            found,
            [
                (Layer::Chips, Layer::Cloud, "~1M GPUs".to_owned()),
                (Layer::Model, Layer::Cloud, "$30B".to_owned()),
            ]
        );
    }
}
