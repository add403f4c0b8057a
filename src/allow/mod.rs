//! Allowing findings: inline `oktaleaks:allow` comments, a baseline of known findings, and
//! per-root path and secret rules (`.oktaleaksignore`, `oktaleaks.toml`).
//!
//! Allowed findings are not dropped: each gets a `Suppression` saying why, the summary counts
//! them, and reports show them on request (`--include-suppressed`). Every rule keys on the
//! secret (by hash) or the path, never on a line number, so a new secret on an old line, or
//! an old secret in a new file, is still reported.

pub mod baseline;
pub mod config;

use std::ops::Range;

use crate::finding::{Finding, Suppression, SuppressionKind};
pub use baseline::Baseline;
pub use config::RootRules;

/// The marker that allows findings on its line, in any comment syntax.
pub const INLINE_MARKER: &[u8] = b"oktaleaks:allow";

/// An inline suppression when the line holding `span` of `text` carries the marker.
pub fn inline(text: &[u8], span: &Range<usize>) -> Option<Suppression> {
    let start = span.start.min(text.len());
    let line_start = memchr::memrchr(b'\n', &text[..start]).map_or(0, |p| p + 1);
    let line_end = memchr::memchr(b'\n', &text[start..]).map_or(text.len(), |p| start + p);
    memchr::memmem::find(&text[line_start..line_end], INLINE_MARKER).map(|_| Suppression {
        kind: SuppressionKind::InSource,
        reason: "inline oktaleaks:allow".to_string(),
    })
}

/// The external allow rules of one run.
#[derive(Debug, Default)]
pub struct Allowlist {
    /// Known findings, by fingerprint.
    pub baseline: Option<Baseline>,
    /// Path and secret rules, per scan root.
    pub roots: Vec<RootRules>,
}

impl Allowlist {
    /// Marks every finding an external rule covers (inline ones are already marked).
    pub fn apply(&self, findings: &mut [Finding]) {
        for finding in findings.iter_mut().filter(|f| f.suppression.is_none()) {
            finding.suppression = self.reason(finding).map(|reason| Suppression {
                kind: SuppressionKind::External,
                reason,
            });
        }
    }

    fn reason(&self, finding: &Finding) -> Option<String> {
        if let Some(baseline) = &self.baseline {
            if baseline.contains(&finding.fingerprint()) {
                return Some(format!("baseline {}", baseline.path.display()));
            }
        }
        self.roots
            .iter()
            .filter(|r| r.applies_to(finding.provenance.root()))
            .find_map(|r| r.reason(finding))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_marker_covers_its_line_only() {
        let text = b"a=1 # oktaleaks:allow\nTOKEN=x\n";
        assert!(inline(text, &(0..3)).is_some());
        assert!(inline(text, &(22..29)).is_none());
        let text = b"// oktaleaks:allow\nTOKEN=x";
        assert!(inline(text, &(19..26)).is_none());
    }
}
