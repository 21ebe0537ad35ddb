//! Checks across records and files, once everything is read: duplicate ids
//! (naming both places), references to ids that do not exist, cycles in the
//! parent chain, and notes that do not stop a load.

use super::Problem;
use super::events::Mark;
use super::records::{FileRecords, Target};
use crate::text::closest;
use std::collections::{HashMap, HashSet};

/// A file's name and what was read from it.
pub struct ReadFile<'a> {
    pub name: &'a str,
    pub records: FileRecords,
}

fn problem(file: &str, at: Mark, message: String) -> Problem {
    Problem {
        file: file.to_owned(),
        line: at.line,
        column: at.column,
        message,
    }
}

/// Every id defined in any file, by kind, with the first place it is defined.
type Defined<'a> = HashMap<(Target, &'a str), (&'a str, Mark)>;

pub fn check(files: &[ReadFile<'_>], problems: &mut Vec<Problem>) {
    let defined = check_duplicates(files, problems);
    check_references(files, &defined, problems);
    check_parent_cycles(files, problems);
}

fn check_duplicates<'a>(files: &'a [ReadFile<'a>], problems: &mut Vec<Problem>) -> Defined<'a> {
    let mut defined: Defined<'a> = HashMap::new();
    for file in files {
        for (target, id, at) in &file.records.ids {
            match defined.get(&(*target, id.as_str())) {
                Some((first_file, first)) => problems.push(problem(
                    file.name,
                    *at,
                    format!(
                        "duplicate {} id '{id}': already defined at {first_file}:{}:{}",
                        target.noun(),
                        first.line,
                        first.column
                    ),
                )),
                None => {
                    defined.insert((*target, id.as_str()), (file.name, *at));
                }
            }
        }
    }
    defined
}

/// How many candidate ids "did you mean" hints may compare in all: each
/// comparison is an edit distance, and a file with thousands of dangling
/// references against thousands of ids would otherwise take minutes.
const HINT_BUDGET: usize = 250_000;

fn check_references(files: &[ReadFile<'_>], defined: &Defined<'_>, problems: &mut Vec<Problem>) {
    let mut known: HashMap<Target, Vec<&str>> = HashMap::new();
    for (target, id) in defined.keys() {
        known.entry(*target).or_default().push(id);
    }
    for ids in known.values_mut() {
        ids.sort_unstable(); // hints do not depend on hash order
    }
    let mut budget = HINT_BUDGET;
    for file in files {
        for reference in &file.records.references {
            if defined.contains_key(&(reference.target, reference.id.as_str())) {
                continue;
            }
            let noun = reference.target.noun();
            let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            let candidates = known.get(&reference.target).map_or(&[][..], Vec::as_slice);
            let near = if candidates.len() <= budget {
                budget -= candidates.len();
                closest(&reference.id, candidates.iter().copied())
            } else {
                None
            };
            let hint = match near {
                Some(near) => format!(" (did you mean '{near}'?)"),
                None => String::new(),
            };
            let message = format!(
                "{}: '{}' is not {article} {noun} id in the dataset{hint}",
                reference.describe(),
                reference.id
            );
            problems.push(problem(file.name, reference.at, message));
        }
    }
}

/// A company whose parent chain comes back to itself would make "the group
/// a unit belongs to" meaningless; report it where the loop is written.
fn check_parent_cycles(files: &[ReadFile<'_>], problems: &mut Vec<Problem>) {
    let parent_of: HashMap<&str, &str> = files
        .iter()
        .flat_map(|f| f.records.parents.iter())
        .map(|(company, parent, _)| (company.as_str(), parent.as_str()))
        .collect();
    let on_cycle = companies_on_cycles(&parent_of);
    for file in files {
        for (company, _, at) in &file.records.parents {
            if on_cycle.contains(company.as_str()) {
                let message = format!("company '{company}': its parent chain leads back to itself");
                problems.push(problem(file.name, *at, message));
            }
        }
    }
}

/// The companies whose parent chain comes back to themselves. Each company
/// is walked once (a chain of n units costs n steps, not n²: a long chain
/// in a hostile file took minutes when every company walked it again).
fn companies_on_cycles<'a>(parent_of: &HashMap<&'a str, &'a str>) -> HashSet<&'a str> {
    let mut done: HashSet<&str> = HashSet::new();
    let mut on_cycle = HashSet::new();
    for &start in parent_of.keys() {
        let mut path: Vec<&str> = Vec::new();
        let mut on_path: HashSet<&str> = HashSet::new();
        let mut current = start;
        let closes = loop {
            if done.contains(current) {
                break false;
            }
            if !on_path.insert(current) {
                break true;
            }
            path.push(current);
            match parent_of.get(current) {
                Some(&parent) => current = parent,
                None => break false,
            }
        };
        if closes {
            let from = path.iter().position(|&c| c == current).unwrap_or(0);
            on_cycle.extend(path[from..].iter().copied());
        }
        done.extend(path);
    }
    on_cycle
}
