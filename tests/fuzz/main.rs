//! The loader under generated input (proptest). A program of its own: it
//! bounds the process's peak memory and times each case, which other tests
//! in the same process would disturb.

#[path = "../support/mod.rs"]
mod support;

mod fuzz_loader;
