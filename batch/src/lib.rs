//! docpipe-batch: runs a docpipe pipeline over whole folders: in parallel, sharded,
//! resumable, with a JSON report.
//!
//! The engine ([`run()`]) streams the folder listing (one folder's entries in memory at a
//! time), converts inputs on a pool of `jobs` threads (each file on a helper thread so a
//! time limit can be enforced), writes outputs atomically under the output folder, and
//! returns a [`Report`]. [`shard`] decides which inputs a shard takes; [`report::merge`]
//! joins shard reports.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

mod commit;
pub mod interrupt;
pub mod progress;
pub mod report;
pub mod run;
pub mod shard;
mod spill;
pub mod walk;

#[cfg(test)]
mod engine_tests;

pub use report::{merge, Entry, Report, Settings, Status, Totals};
pub use run::{
    run, BatchError, BatchOptions, Observer, Outcome, Silent, DEFAULT_MAX_SIZE, DEFAULT_TIMEOUT,
};
pub use shard::Shard;
