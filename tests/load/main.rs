//! Reading data: the loader's answers and messages, hostile and special
//! files, the YAML test suite, loading in parallel parts, the cache, the
//! built-in dataset and the generator.

#[path = "../support/mod.rs"]
mod support;

mod builtin_dataset;
mod cache;
mod generator;
mod hostile_corpus;
mod loader;
mod parallel_load;
mod special_files;
mod yaml_suite;
