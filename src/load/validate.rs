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

fn check_references(files: &[ReadFile<'_>], defined: &Defined<'_>, problems: &mut Vec<Problem>) {
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
            let known = defined
                .keys()
                .filter(|(target, _)| *target == reference.target)
                .map(|(_, id)| *id);
            let hint = match closest(&reference.id, known) {
                Some(near) => format!(" (did you mean '{near}'?)"),
                None => String::new(),
            };
            let message = format!(
                "{}: '{}' is not {article} {noun} id in the dataset{hint}",
                reference.field, reference.id
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
    for file in files {
        for (company, _, at) in &file.records.parents {
            let mut seen = HashSet::new();
            let mut current = company.as_str();
            while let Some(&parent) = parent_of.get(current) {
                if parent == company {
                    let message =
                        format!("company '{company}': its parent chain leads back to itself");
                    problems.push(problem(file.name, *at, message));
                    break;
                }
                if !seen.insert(parent) {
                    break;
                }
                current = parent;
            }
        }
    }
}
