//! Integration tests: every test runs the real `oktaleaks` binary, except the HTML report's,
//! which render the library's page in headless Chromium (`chromium.rs`).

#[path = "cli/action.rs"]
mod action;
#[path = "cli/allow.rs"]
mod allow;
#[path = "cli/audit.rs"]
mod audit;
#[path = "cli/chromium.rs"]
pub(crate) mod chromium;
#[path = "cli/common.rs"]
mod common;
#[path = "cli/corpus.rs"]
mod corpus;
#[path = "cli/detect.rs"]
mod detect;
#[path = "cli/everyday.rs"]
mod everyday;
#[path = "cli/forge.rs"]
pub(crate) mod forge;
#[path = "cli/formats.rs"]
mod formats;
#[path = "cli/generate.rs"]
mod generate;
#[path = "cli/harden_data.rs"]
mod harden_data;
#[path = "cli/harden_io.rs"]
mod harden_io;
#[path = "cli/history.rs"]
mod history;
#[path = "cli/hostile.rs"]
mod hostile;
#[path = "cli/html.rs"]
mod html;
#[path = "cli/inputs.rs"]
mod inputs;
#[path = "cli/kinds.rs"]
mod kinds;
#[path = "cli/okta.rs"]
pub(crate) mod okta;
#[path = "cli/precommit.rs"]
mod precommit;
#[path = "cli/projects.rs"]
mod projects;
#[path = "cli/sarif.rs"]
pub(crate) mod sarif;
#[path = "cli/secrets.rs"]
mod secrets;
#[path = "cli/verify.rs"]
mod verify;
#[path = "cli/verify_apps.rs"]
mod verify_apps;
