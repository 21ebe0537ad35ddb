//! Whole-process start-up of the explorer in a pseudo-terminal (120×40):
//! spawn → first complete frame (tab bar, counted header, list rows), the
//! median of several runs, for the built-in dataset, a generated 100,000-deal
//! dataset cold (no cache; also spawn → progress bar on screen) and warm
//! (from the cache), with each process's peak memory (VmHWM) and the CPU time
//! it had used by its first frame (on a busy machine wall time includes
//! waiting for a core; CPU time does not).
//!
//! `cargo bench --bench startup`; `STARTUP_DEALS` (default 100000) and
//! `STARTUP_RUNS` (default 7) change the size and the number of runs. The
//! files live in a temporary folder with their own cache folder, removed at
//! the end. Budgets are docs/PERFORMANCE.md's; a run over budget is reported, not
//! failed (CI only compiles benches).

#[path = "../tests/cache/pty.rs"]
mod pty;

use dealscope::app::Report;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One start-up, measured.
#[derive(Debug, Clone, Copy)]
struct Run {
    progress: Option<Duration>,
    ready: Duration,
    cpu: Option<Duration>,
    peak_kib: Option<u64>,
}

fn main() {
    let deals = env_number("STARTUP_DEALS", 100_000);
    let runs = env_number("STARTUP_RUNS", 7);
    let root = std::env::temp_dir().join(format!("dealscope-startup-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("a temporary folder");
    let data = root.join(format!("deals-{deals}.yaml"));
    let generated = Instant::now();
    write_dataset(&data, deals);
    let size = std::fs::metadata(&data).map_or(0, |m| m.len());
    println!("{}", machine());
    println!(
        "dataset: {deals} deals, {:.1} MB of YAML (generated in {:.1} s); {runs} runs each, 120×40 pty",
        size as f64 / 1e6,
        generated.elapsed().as_secs_f64()
    );
    let cache = root.join("cache");
    let builtin = measure(runs, || start(&root, None, &cache, false));
    let cold = measure(runs, || {
        let _ = std::fs::remove_dir_all(&cache);
        start(&root, Some(&data), &cache, true)
    });
    // The last cold run left a complete cache behind.
    let cache_file = dealscope::cache::Cache::new(&cache).path_for(&[&data]);
    let cache_size = std::fs::metadata(&cache_file).map_or(0, |m| m.len());
    println!("cache file: {:.1} MB", cache_size as f64 / 1e6);
    let warm = measure(runs, || start(&root, Some(&data), &cache, false));
    println!();
    println!(
        "| case | median to first frame | range | budget | median CPU by then | peak memory |"
    );
    println!("|---|---|---|---|---|---|");
    report("built-in dataset", &builtin, 30);
    report(&format!("{deals} deals, cold (no cache)"), &cold, 0);
    report(&format!("{deals} deals, warm (from the cache)"), &warm, 150);
    let progress: Vec<Duration> = cold.iter().filter_map(|r| r.progress).collect();
    if !progress.is_empty() {
        let (median, low, high) = spread(&progress);
        println!(
            "| {deals} deals, cold: progress bar on screen | {} | {}–{} | 50 ms{} | | |",
            ms(median),
            ms(low),
            ms(high),
            verdict(median, 50)
        );
    }
    let peak = cold.iter().filter_map(|r| r.peak_kib).max().unwrap_or(0);
    println!(
        "\ncold peak memory {:.0} MB = {:.2}× the file (budget 3×)",
        peak as f64 * 1024.0 / 1e6,
        peak as f64 * 1024.0 / size.max(1) as f64
    );
    in_process(&data, &cache, runs);
    let _ = std::fs::remove_dir_all(&root);
}

/// The warm start's parts inside one process, to see where its time goes:
/// the cache hit (read the files and hash them, read and check the cache,
/// decode), `App::new` on the result, and the explorer's own way: the
/// data made from the cache's indexes on the load thread (only the search
/// index is built), then handed to the screen's thread.
fn in_process(data: &Path, cache: &Path, runs: usize) {
    let cache = dealscope::cache::Cache::new(cache);
    let theme = dealscope::theme::Theme::plain();
    let mut hit = Vec::new();
    let mut app = Vec::new();
    let mut indexes = Vec::new();
    let mut handover = Vec::new();
    for _ in 0..runs {
        let (wall, cpu) = (Instant::now(), thread_cpu());
        let cached = cache.load(&[data], &|_| {}).expect("the dataset loads");
        assert_eq!(cached.outcome, dealscope::cache::Outcome::Hit);
        hit.push((wall.elapsed(), thread_cpu().saturating_sub(cpu)));
        let (wall, cpu) = (Instant::now(), thread_cpu());
        let built = dealscope::app::App::new(cached.loaded.dataset.clone(), "bench", theme.clone());
        app.push((wall.elapsed(), thread_cpu().saturating_sub(cpu)));
        drop(built);
        // What the explorer does: the data made from the cache's indexes on
        // the load thread, an empty App on the screen's thread, then the
        // hand-over.
        let (wall, cpu) = (Instant::now(), thread_cpu());
        let data = Arc::new(cached.into_data().0);
        indexes.push((wall.elapsed(), thread_cpu().saturating_sub(cpu)));
        let mut explorer = dealscope::app::App::loading("bench", theme.clone());
        let (wall, cpu) = (Instant::now(), thread_cpu());
        explorer.receive(Report::Loaded(data));
        handover.push((wall.elapsed(), thread_cpu().saturating_sub(cpu)));
    }
    println!("\nin one process (median of {runs}; wall, and this thread's CPU time):");
    let parts = [
        ("cache hit (Cache::load)", &hit),
        ("App::new", &app),
        ("Data from the cache's indexes (load thread)", &indexes),
        ("Report::Loaded (screen thread)", &handover),
    ];
    for (name, times) in parts {
        let wall: Vec<Duration> = times.iter().map(|t| t.0).collect();
        let cpu: Vec<Duration> = times.iter().map(|t| t.1).collect();
        println!(
            "  {name}: {} wall, {} CPU",
            ms(spread(&wall).0),
            ms(spread(&cpu).0)
        );
    }
}

/// This thread's CPU time, from the scheduler's nanosecond count (Linux).
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn write_dataset(path: &Path, deals: usize) {
    let file = std::fs::File::create(path).expect("the dataset file");
    let mut out = BufWriter::with_capacity(1 << 20, file);
    dealscope::synth::write_dataset(&mut out, deals, 1).expect("the dataset is written");
    out.flush().expect("the dataset is written");
}

/// One start of the explorer until its first complete frame; with
/// `wait_for_cache`, also until the cache file is written (so the peak
/// memory includes writing it and the next run can be warm).
fn start(home: &Path, data: Option<&Path>, cache: &Path, wait_for_cache: bool) -> Run {
    let session = pty::Session::start_on(home, data, cache);
    session.wait_for_rows();
    let cpu = session.pid().and_then(cpu_time);
    if let (true, Some(data)) = (wait_for_cache, data) {
        let file = dealscope::cache::Cache::new(cache).path_for(&[data]);
        pty::wait_until(|| file.is_file(), "the cache was never written");
    }
    let marks = session.marks();
    let peak_kib = session.peak_rss_kib();
    assert!(session.quit(), "dealscope did not exit cleanly");
    Run {
        progress: marks.progress,
        ready: marks.ready.unwrap_or_default(),
        cpu,
        peak_kib,
    }
}

fn measure(runs: usize, mut once: impl FnMut() -> Run) -> Vec<Run> {
    once(); // warms the page cache and the binary
    (0..runs).map(|_| once()).collect()
}

/// User + system CPU time of a process so far (Linux, 100 ticks a second).
fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces; the fields after it do not.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn spread(values: &[Duration]) -> (Duration, Duration, Duration) {
    let mut sorted = values.to_vec();
    sorted.sort();
    (
        sorted[sorted.len() / 2],
        sorted[0],
        sorted[sorted.len() - 1],
    )
}

fn report(name: &str, runs: &[Run], budget_ms: u64) {
    let ready: Vec<Duration> = runs.iter().map(|r| r.ready).collect();
    let (median, low, high) = spread(&ready);
    let cpu: Vec<Duration> = runs.iter().filter_map(|r| r.cpu).collect();
    let cpu = if cpu.is_empty() {
        "?".to_owned()
    } else {
        ms(spread(&cpu).0)
    };
    let peak = runs.iter().filter_map(|r| r.peak_kib).max().unwrap_or(0);
    let budget = if budget_ms == 0 {
        "—".to_owned()
    } else {
        format!("{budget_ms} ms{}", verdict(median, budget_ms))
    };
    println!(
        "| {name} | {} | {}–{} | {budget} | {cpu} | {:.0} MB |",
        ms(median),
        ms(low),
        ms(high),
        peak as f64 * 1024.0 / 1e6
    );
}

fn verdict(median: Duration, budget_ms: u64) -> &'static str {
    if median <= Duration::from_millis(budget_ms) {
        " ✓"
    } else {
        " ✗ over"
    }
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// What the numbers were measured on: cores, memory, and how busy.
fn machine() -> String {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = read("/proc/meminfo")
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0.0, |kib| kib as f64 / 1024.0 / 1024.0);
    let cpu = read("/proc/cpuinfo")
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .unwrap_or("?")
        .trim()
        .to_owned();
    let load = read("/proc/loadavg");
    let load: Vec<&str> = load.split_whitespace().take(3).collect();
    format!(
        "machine: {cores} cores ({cpu}), {memory:.0} GiB; load average {}",
        load.join(" ")
    )
}
