//! oktaleaks finds leaked Okta API tokens and says how to revoke them.
//!
//! The pipeline, one way, one module per stage:
//! ```text
//! [enumerate (forges) ->] source (files, git) -> blob -> decode (views) -> matcher (rules) -> finding -> allow -> verify -> report
//! ```
//! `scan` wires the stages together (threads, channel, stats); `cli` is the binary's edge.
#![warn(missing_docs)]

pub mod allow;
pub mod audit;
pub mod blob;
pub mod cli;
pub mod decode;
pub mod diag;
pub mod enumerate;
pub mod error;
pub mod exit;
pub mod finding;
pub mod matcher;
pub mod quit;
pub mod report;
pub mod rules;
pub mod scan;
pub mod secret;
pub mod source;
pub mod store;
pub mod terminal;
pub mod verdict;
pub mod verify;
