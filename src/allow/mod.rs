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

/// The lines of one text that carry the inline marker, found in one pass.
pub struct InlineAllows {
    /// Byte ranges of the marked lines, in order, without overlaps.
    lines: Vec<Range<usize>>,
}

impl InlineAllows {
    /// Finds every marked line of `text`. Linear in the text however many findings and
    /// markers share a line (a minified file may hold thousands on one).
    pub fn new(text: &[u8]) -> Self {
        let mut lines: Vec<Range<usize>> = Vec::new();
        for at in memchr::memmem::find_iter(text, INLINE_MARKER) {
            if lines.last().is_some_and(|last| at < last.end) {
                continue;
            }
            let start = memchr::memrchr(b'\n', &text[..at]).map_or(0, |p| p + 1);
            let end = memchr::memchr(b'\n', &text[at..]).map_or(text.len(), |p| at + p);
            lines.push(start..end);
        }
        InlineAllows { lines }
    }

    /// An inline suppression when the line holding `span` carries the marker.
    pub fn check(&self, span: &Range<usize>) -> Option<Suppression> {
        let i = self.lines.partition_point(|line| line.end < span.start);
        self.lines
            .get(i)
            .filter(|line| line.start <= span.start)
            .map(|_| Suppression {
                kind: SuppressionKind::InSource,
                reason: "inline oktaleaks:allow".to_string(),
            })
    }
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
        let allows = InlineAllows::new(text);
        assert!(allows.check(&(0..3)).is_some());
        assert!(allows.check(&(22..29)).is_none());
        let text = b"// oktaleaks:allow\nTOKEN=x";
        assert!(InlineAllows::new(text).check(&(19..26)).is_none());
        let text = b"x\nT=1 oktaleaks:allow oktaleaks:allow T=2\nT=3 # oktaleaks:allow\nT=4";
        let allows = InlineAllows::new(text);
        let at = |s: &[u8]| {
            let i = memchr::memmem::find(text, s).unwrap();
            i..i + s.len()
        };
        assert!(allows.check(&at(b"T=1")).is_some());
        assert!(allows.check(&at(b"T=2")).is_some());
        assert!(allows.check(&at(b"T=3")).is_some());
        assert!(allows.check(&at(b"T=4")).is_none());
        assert!(allows.check(&(0..1)).is_none());
    }
}
