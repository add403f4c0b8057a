//! The exit-code table, in one place.

/// How a run ended, from the caller's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Nothing reported and every file was read.
    Clean = 0,
    /// At least one finding was reported.
    Findings = 1,
    /// An error: bad usage, an unreadable root, a malformed rules file, or (with no finding)
    /// a file that could not be read.
    Error = 2,
    /// Verification found a live token: revoke it now.
    Live = 3,
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
    }
}
