//! Writes a generated dataset to stdout:
//! `cargo run --release --example gen -- --deals 100000 --seed 1 > big.yaml`.
//! The generation itself is `dealscope::synth`, shared with tests and benches.

use clap::Parser;
use std::io::{BufWriter, Write};

/// Generate a valid dealscope dataset of any size, the same bytes for the
/// same arguments.
#[derive(Parser)]
struct Args {
    /// How many deals to write (companies, alliances and sources scale with it).
    #[arg(long, default_value_t = 100_000)]
    deals: usize,
    /// The seed: another seed gives another dataset of the same shape.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    dealscope::synth::write_dataset(&mut out, args.deals, args.seed)?;
    out.flush()
}
