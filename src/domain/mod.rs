//! The domain below the explorer: the loaded [`Data`] with its [`Indexes`],
//! and the flows' [`Ledger`]. The commands, the cache and the explorer take
//! these from here; nothing here knows the explorer's state.

mod chart;
mod data;
mod ledger;
pub mod period;

pub use chart::{ChartBar, ChartData, SpreadNote};
pub use data::{Data, Indexes};
pub use ledger::{Counterparty, Ledger, money_key};
