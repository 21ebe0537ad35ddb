//! Fuzzing the loader on stable Rust: arbitrary bytes, YAML-ish token soup
//! and mutations of valid datasets. Every input must give `Ok(dataset)` or
//! `Err` with at least one located, non-empty problem: never a panic (a panic
//! fails the test), never a hang (a watchdog aborts the run and prints the
//! input if one case takes over ten seconds), and memory in bounds.
//!
//! `cargo test` runs a few thousand cases. For a long run:
//!
//! ```text
//! DEALSCOPE_FUZZ_CASES=400000 cargo test --release --test fuzz -- --nocapture
//! ```
//!
//! runs that many cases in each of the three strategies (see docs/FUZZING.md).

use dealscope::load::{BUILTIN_YAML, load_texts};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::sync::Mutex;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// One case may take this long before the run is declared hung.
const HANG: Duration = Duration::from_secs(10);
/// Each case should be far quicker than that; this is the assertion.
const SLOW: Duration = Duration::from_secs(2);

const SMALL: &str = include_str!("../fixtures/good/small.yaml");

fn cases(default: u32) -> u32 {
    std::env::var("DEALSCOPE_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

fn config(default_cases: u32) -> Config {
    Config {
        cases: cases(default_cases),
        // Found inputs go into the corpus by hand; no regression files.
        failure_persistence: None,
        ..Config::default()
    }
}

/// The case in progress, for the watchdog: when it started, and its input.
static CURRENT: Mutex<Vec<(std::thread::ThreadId, Instant, Vec<u8>)>> = Mutex::new(Vec::new());

fn start_watchdog() {
    static STARTED: OnceLock<()> = OnceLock::new();
    STARTED.get_or_init(|| {
        std::thread::spawn(|| {
            loop {
                std::thread::sleep(Duration::from_millis(500));
                let current = CURRENT.lock().unwrap_or_else(|e| e.into_inner());
                for (_, started, input) in current.iter() {
                    if started.elapsed() > HANG {
                        eprintln!(
                            "the loader hung for {:?} on this input:\n{:?}",
                            started.elapsed(),
                            String::from_utf8_lossy(input)
                        );
                        std::process::abort();
                    }
                }
            }
        });
    });
}

/// How many fuzzed inputs loaded as datasets, for the report of a run.
static LOADED: AtomicUsize = AtomicUsize::new(0);

/// Loads `bytes` and checks the outcome; the property every strategy tests.
fn load_and_check(bytes: &[u8]) -> Result<(), TestCaseError> {
    start_watchdog();
    let me = std::thread::current().id();
    {
        let mut current = CURRENT.lock().unwrap_or_else(|e| e.into_inner());
        current.retain(|(id, _, _)| *id != me);
        current.push((me, Instant::now(), bytes.to_vec()));
    }
    let started = Instant::now();
    let result = load_texts(&[("fuzz.yaml", bytes)]);
    let elapsed = started.elapsed();
    CURRENT
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|(id, _, _)| *id != me);
    prop_assert!(elapsed < SLOW, "took {:?}", elapsed);
    if result.is_ok() {
        LOADED.fetch_add(1, Ordering::Relaxed);
    }
    if let Err(error) = result {
        prop_assert!(!error.problems.is_empty(), "an error without problems");
        let mut message_bytes = 0;
        for problem in &error.problems {
            prop_assert!(!problem.message.trim().is_empty(), "empty message");
            prop_assert_eq!(&problem.file, "fuzz.yaml");
            prop_assert!(problem.line >= 1, "unlocated: {}", problem);
            prop_assert!(problem.column >= 1, "no column: {}", problem);
            message_bytes += problem.message.len();
        }
        // Bounded memory: what is said stays in proportion to what was read.
        prop_assert!(
            message_bytes <= 200 * bytes.len() + 100_000,
            "{} bytes of messages for {} bytes",
            message_bytes,
            bytes.len()
        );
    }
    Ok(())
}

/// Peak resident memory of this process, in bytes, where Linux says.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn assert_memory_bounded() {
    if let Some(peak) = peak_memory() {
        assert!(peak < 1 << 30, "peak memory {} MiB", peak >> 20);
    }
}

fn run(default_cases: u32, strategy: impl Strategy<Value = Vec<u8>>) {
    let mut runner = TestRunner::new(config(default_cases));
    let started = Instant::now();
    if let Err(failure) = runner.run(&strategy, |bytes| load_and_check(&bytes)) {
        panic!("{failure}");
    }
    eprintln!(
        "{} cases in {:?} ({} loaded so far in this process)",
        runner.config().cases,
        started.elapsed(),
        LOADED.load(Ordering::Relaxed)
    );
    assert_memory_bounded();
}

#[test]
fn arbitrary_bytes_never_panic_or_hang() {
    // Raw bytes are mostly refused as not UTF-8 before parsing; printable
    // text and arbitrary Unicode get into libyaml and the record readers.
    let text = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..600),
        "[ -~\n\t]{0,600}".prop_map(String::into_bytes),
        any::<String>().prop_map(String::into_bytes),
    ];
    run(10000, text);
}

/// Pieces that YAML and datasets are made of, for token soup.
const TOKENS: &[&str] = &[
    "\n",
    "\n",
    "\n  ",
    "\n    ",
    "\n      ",
    "  ",
    " ",
    "\t",
    "\r\n",
    "- ",
    "-",
    ": ",
    ":",
    "? ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "&a ",
    "*a",
    "&b",
    "*b",
    "!!str ",
    "!tag ",
    "%YAML 1.2\n",
    "---\n",
    "...\n",
    "# c\n",
    "|\n",
    ">-\n",
    "\"",
    "'",
    "\\",
    "\\u",
    "\\x0",
    "~",
    "null",
    "version",
    "1",
    "2",
    "sources",
    "companies",
    "alliances",
    "deals",
    "id",
    "title",
    "publisher",
    "kind",
    "news",
    "name",
    "layers",
    "cloud",
    "model",
    "parent",
    "aliases",
    "members",
    "status",
    "announced",
    "date",
    "2026",
    "2026-04",
    "2026-02-30",
    "parties",
    "company",
    "role",
    "buyer",
    "figures",
    "label",
    "value",
    "low",
    "high",
    "unit",
    "USD",
    "GW",
    "qualifier",
    "about",
    "source",
    "quote",
    "$30B",
    "-5",
    "1e999",
    "NaN",
    "acme",
    "labco",
    "brief",
    "Ünï",
    "\u{202e}",
    "\u{1b}[31m",
    "\u{feff}",
    "\u{85}",
    "\u{2028}",
    "<<",
    "=",
    "@",
    "`",
    "|+",
    ">",
];

fn token_soup() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(proptest::sample::select(TOKENS), 0..120)
        .prop_map(|tokens| tokens.concat().into_bytes())
}

#[test]
fn token_soup_never_panics_or_hangs() {
    run(10000, token_soup());
}

/// One change to a valid file; the numbers pick lines, bytes and places.
#[derive(Debug, Clone)]
enum Mutation {
    /// Cut the file at any byte.
    Truncate(usize),
    /// Cut just after the n-th occurrence of one of `: - [ { " ' \n #`.
    TruncateAfter(u8, usize),
    FlipBit(usize, u8),
    SetByte(usize, u8),
    DuplicateLine(usize),
    DeleteLine(usize),
    SwapLines(usize, usize),
    /// A line's scalar value becomes a list, or its list a scalar.
    SwapType(usize),
    /// Add or remove indentation on a line.
    Indent(usize, i8),
    InsertToken(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let n = any::<usize>();
    prop_oneof![
        n.prop_map(Mutation::Truncate),
        (0u8..9, n).prop_map(|(c, i)| Mutation::TruncateAfter(c, i)),
        (n, 0u8..8).prop_map(|(i, b)| Mutation::FlipBit(i, b)),
        (n, any::<u8>()).prop_map(|(i, b)| Mutation::SetByte(i, b)),
        n.prop_map(Mutation::DuplicateLine),
        n.prop_map(Mutation::DeleteLine),
        (n, n).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        n.prop_map(Mutation::SwapType),
        (n, -6i8..6).prop_map(|(i, d)| Mutation::Indent(i, d)),
        (n, n).prop_map(|(i, t)| Mutation::InsertToken(i, t)),
    ]
}

fn lines_of(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

fn apply(mut bytes: Vec<u8>, change: &Mutation) -> Vec<u8> {
    if bytes.is_empty() {
        return bytes;
    }
    let len = bytes.len();
    let mut lines = lines_of(&bytes);
    let count = lines.len();
    match *change {
        Mutation::Truncate(at) => bytes.truncate(at % (len + 1)),
        Mutation::TruncateAfter(which, n) => {
            let c = b":-[{\"'\n#,"[which as usize];
            let places: Vec<usize> = (0..len).filter(|&i| bytes[i] == c).collect();
            if !places.is_empty() {
                bytes.truncate(places[n % places.len()] + 1);
            }
        }
        Mutation::FlipBit(at, bit) => bytes[at % len] ^= 1 << bit,
        Mutation::SetByte(at, b) => bytes[at % len] = b,
        Mutation::DuplicateLine(i) => {
            let line = lines[i % count].clone();
            lines.insert(i % count, line);
            return lines.concat();
        }
        Mutation::DeleteLine(i) => {
            lines.remove(i % count);
            return lines.concat();
        }
        Mutation::SwapLines(a, b) => {
            lines.swap(a % count, b % count);
            return lines.concat();
        }
        Mutation::SwapType(i) => {
            let line = String::from_utf8_lossy(&lines[i % count]).into_owned();
            let swapped = match line.split_once(": ") {
                Some((key, value)) if value.trim_start().starts_with('[') => {
                    format!("{key}: scalar\n")
                }
                Some((key, value)) => format!("{key}: [{}, other]\n", value.trim_end()),
                None => format!("{}: [a, b]\n", line.trim_end()),
            };
            lines[i % count] = swapped.into_bytes();
            return lines.concat();
        }
        Mutation::Indent(i, delta) => {
            let line = &mut lines[i % count];
            if delta >= 0 {
                let mut indented = vec![b' '; delta as usize];
                indented.append(line);
                *line = indented;
            } else {
                let spaces = line.iter().take_while(|&&b| b == b' ').count();
                line.drain(..spaces.min(delta.unsigned_abs() as usize));
            }
            return lines.concat();
        }
        Mutation::InsertToken(at, token) => {
            let token = TOKENS[token % TOKENS.len()].as_bytes();
            let at = at % (len + 1);
            bytes.splice(at..at, token.iter().copied());
        }
    }
    bytes
}

fn mutated_seeds() -> impl Strategy<Value = Vec<u8>> {
    (
        proptest::sample::select(vec![SMALL, BUILTIN_YAML]),
        proptest::collection::vec(mutation(), 1..5),
    )
        .prop_map(|(seed, changes)| {
            changes
                .iter()
                .fold(seed.as_bytes().to_vec(), |bytes, change| {
                    apply(bytes, change)
                })
        })
}

#[test]
fn mutated_valid_files_never_panic_or_hang() {
    // The seeds themselves are valid: mutations start from a dataset that loads.
    for seed in [SMALL, BUILTIN_YAML] {
        load_texts(&[("seed.yaml", seed.as_bytes())]).unwrap();
    }
    run(1500, mutated_seeds());
}

#[test]
fn every_mutation_kind_changes_the_file() {
    // The mutator is tested too: each kind of change does something, so the
    // fuzzer is not quietly loading the valid seed over and over.
    let seed = SMALL.as_bytes().to_vec();
    let changes = [
        Mutation::Truncate(100),
        Mutation::TruncateAfter(0, 3),
        Mutation::FlipBit(10, 3),
        Mutation::SetByte(10, b'#'),
        Mutation::DuplicateLine(3),
        Mutation::DeleteLine(3),
        Mutation::SwapLines(2, 9),
        Mutation::SwapType(9),
        Mutation::SwapType(3),
        Mutation::Indent(4, 3),
        Mutation::Indent(4, -2),
        Mutation::InsertToken(50, 9),
    ];
    for change in &changes {
        assert_ne!(apply(seed.clone(), change), seed, "{change:?}");
    }
    // And many mutated files are refused, with problems, not all loaded.
    let refused = changes
        .iter()
        .filter(|c| load_texts(&[("m.yaml", &apply(seed.clone(), c))]).is_err())
        .count();
    assert!(refused >= 8, "only {refused} of {} refused", changes.len());
}
