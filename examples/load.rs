//! Times a cold load the way docs/PERFORMANCE.md's budget states it, in one
//! process: libyaml's bare event pass over the file, then dealscope's whole
//! load (read, parse, validate, merge) and the explorer's indexes, and the
//! ratio of the two; then the problems count and the process's peak memory.
//!
//! `cargo run --release --example load -- big.yaml`
//! `--only events` or `--only load` runs one side alone, so that each side's
//! peak memory can be read on its own (VmHWM covers the whole process).

use clap::{Parser, ValueEnum};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Parser)]
struct Args {
    /// The dataset files (merged, as `-d FILE -d FILE` would).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Runs of each side; the median is reported.
    #[arg(long, default_value_t = 1)]
    runs: usize,
    /// Run only one side.
    #[arg(long, value_enum)]
    only: Option<Side>,
    /// Read each file in this many parts (1: one pass) instead of one per core.
    #[arg(long)]
    parts: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Side {
    Events,
    Load,
}

fn main() {
    let args = Args::parse();
    let runs = args.runs.max(1);
    let bytes: u64 = args
        .files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    println!("file size        {:>10.1} MB", bytes as f64 / 1e6);
    let events = (args.only != Some(Side::Load)).then(|| median(runs, || event_pass(&args.files)));
    if let Some(t) = events {
        println!("event pass       {:>10.3} s", t.as_secs_f64());
    }
    let load = (args.only != Some(Side::Events))
        .then(|| median(runs, || whole_load(&args.files, args.parts)));
    if let Some(t) = load {
        println!("load+index       {:>10.3} s", t.as_secs_f64());
    }
    if let (Some(e), Some(l)) = (events, load) {
        println!(
            "ratio            {:>10.2} ×",
            l.as_secs_f64() / e.as_secs_f64()
        );
    }
    if let Some(peak) = peak_rss_kb() {
        let ratio = (peak * 1024) as f64 / bytes.max(1) as f64;
        println!(
            "peak RSS (VmHWM) {:>10.1} MB ({ratio:.2} × the file)",
            (peak * 1024) as f64 / 1e6
        );
    }
    // After the peak is read, as this reads the file once more; not with
    // --only, whose runs are for /usr/bin/time's whole-process figures.
    if let [file] = args.files.as_slice()
        && args.only.is_none()
    {
        let text = std::fs::read(file).unwrap_or_default();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let parts = dealscope::load::parts_read(&text, cores);
        println!("read in parts    {parts:>10} (cores: {cores})");
    }
}

/// The median wall time of `runs` runs; prints each run's wall and CPU time
/// (CPU time, of every thread, shows the work apart from a busy machine's
/// waiting).
fn median(runs: usize, mut run: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let cpu = cpu_seconds();
            let wall = run();
            let cpu = cpu_seconds().zip(cpu).map(|(after, before)| after - before);
            let cpu = cpu.map_or(String::new(), |c| format!(", cpu {c:.3} s"));
            println!("  run            {:>10.3} s{cpu}", wall.as_secs_f64());
            wall
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// The process's user + system CPU time so far, from /proc (Linux only).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) end with ')'.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Reads each file and pulls its events: no records, no checks.
fn event_pass(files: &[PathBuf]) -> Duration {
    let start = Instant::now();
    for file in files {
        let text = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        match dealscope::load::event_pass(&text) {
            Ok(_) => {}
            Err(error) => println!("{}:{error}", file.display()),
        }
    }
    start.elapsed()
}

/// What the explorer does before its first frame of data.
fn whole_load(files: &[PathBuf], parts: Option<usize>) -> Duration {
    let start = Instant::now();
    let result = match parts {
        None => dealscope::load::load_files(files),
        Some(parts) => {
            let texts: Vec<(String, Vec<u8>)> = files
                .iter()
                .map(|f| {
                    (
                        f.display().to_string(),
                        std::fs::read(f).unwrap_or_default(),
                    )
                })
                .collect();
            let inputs: Vec<(&str, &[u8])> = texts
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_slice()))
                .collect();
            dealscope::load::load_texts_in_parts(&inputs, parts, &|_| {})
        }
    };
    let result = result.map(|loaded| {
        let notes = loaded.notes.len();
        (dealscope::domain::Data::new(loaded.dataset), notes)
    });
    let elapsed = start.elapsed();
    match &result {
        Ok((data, notes)) => println!(
            "problems         {:>10} ({} deals, {notes} notes)",
            0,
            data.dataset.deals.len()
        ),
        Err(error) => println!("problems         {:>10}", error.problems.len()),
    }
    drop(result);
    elapsed
}

/// The process's peak resident memory, from /proc (Linux only).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
