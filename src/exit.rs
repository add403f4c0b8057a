//! The exit-code table of every subcommand, in one place; the README's "Exit status" section
//! prints it and a CLI test runs each outcome through the binary.
//!
//! | code | `scan` | `verify` | `revoke` | `baseline create` | `rules check` |
//! | --- | --- | --- | --- | --- | --- |
//! | 0 | nothing reported | inactive | revoked, or already inactive | written | every example passes |
//! | 1 | findings, none live | – | – | – | – |
//! | 2 | error (nothing found); with `--only-live`, a check that could not be made | no verdict, or error | not revoked, or error | error | an example fails, or error |
//! | 3 | a live token | live | – | – | – |
//! | 130 | interrupted | interrupted | interrupted | interrupted | interrupted |

use crate::verify::Verification;

/// How a run ended, from the caller's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Nothing reported and every file was read; a token rejected by its org; a token
    /// revoked; a baseline written; every rule example passed.
    Clean = 0,
    /// At least one finding was reported.
    Findings = 1,
    /// An error: bad usage, an unreadable root, a malformed rules file, (with no finding) a
    /// file that could not be read, no verdict on a token, a revocation not confirmed, a rule
    /// example that fails.
    Error = 2,
    /// Verification found a live token: revoke it now.
    Live = 3,
    /// Ctrl-C or SIGTERM (128 + SIGINT, as shells report it).
    Interrupted = 130,
}

impl ExitCode {
    /// A live token wins over everything, then findings over errors: a run that found a token must fail a commit or a CI job
    /// whatever else went wrong; a run that found nothing but could not read everything must
    /// not pass as clean.
    pub fn of_scan(findings: usize, live: bool, errored: bool) -> ExitCode {
        if live {
            ExitCode::Live
        } else if findings > 0 {
            ExitCode::Findings
        } else if errored {
            ExitCode::Error
        } else {
            ExitCode::Clean
        }
    }

    /// `scan --only-live`: only live tokens are reported, so a token whose check could not
    /// be made (unknown, or not checked) is missing from the report; the run must not read
    /// as clean. A live token still wins.
    pub fn of_only_live(live: bool, unchecked: u64, errored: bool) -> ExitCode {
        if live {
            ExitCode::Live
        } else if unchecked > 0 || errored {
            ExitCode::Error
        } else {
            ExitCode::Clean
        }
    }

    /// `verify`: live, inactive, or no verdict (an error: the check could not be made, and
    /// a script must not read it as "nothing to do").
    pub fn of_verdict(verdict: &Verification) -> ExitCode {
        match verdict {
            Verification::Live(_) => ExitCode::Live,
            Verification::Inactive { .. } => ExitCode::Clean,
            Verification::Unknown { .. } | Verification::NotChecked { .. } => ExitCode::Error,
        }
    }

    /// `rules check`: a rule whose examples fail is a broken rules file.
    pub fn of_rules_check(failures: usize) -> ExitCode {
        if failures == 0 {
            ExitCode::Clean
        } else {
            ExitCode::Error
        }
    }

    /// `baseline create`: written, unless something could not be read (the baseline would
    /// miss its findings).
    pub fn of_baseline(errored: bool) -> ExitCode {
        if errored {
            ExitCode::Error
        } else {
            ExitCode::Clean
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence() {
        assert_eq!(ExitCode::of_scan(0, false, false), ExitCode::Clean);
        assert_eq!(ExitCode::of_scan(3, false, false), ExitCode::Findings);
        assert_eq!(ExitCode::of_scan(3, false, true), ExitCode::Findings);
        assert_eq!(ExitCode::of_scan(3, true, true), ExitCode::Live);
        assert_eq!(ExitCode::of_scan(0, false, true), ExitCode::Error);
        assert_eq!(ExitCode::of_rules_check(1), ExitCode::Error);
        assert_eq!(ExitCode::of_only_live(false, 0, false), ExitCode::Clean);
        assert_eq!(ExitCode::of_only_live(false, 2, false), ExitCode::Error);
        assert_eq!(ExitCode::of_only_live(true, 2, false), ExitCode::Live);
        assert_eq!(ExitCode::Interrupted as u8, 130);
    }
}
