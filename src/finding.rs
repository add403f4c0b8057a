//! Findings: what gets reported, with its location and its redacted snippet.
//!
//! A `Finding` is plain data that every reporter reads. The token lives in a `Secret`
//! (`secret`, re-exported here) whose `Debug` and `Display` redact; the verdict on it is a
//! `verdict::Verification`. Fingerprints are one-way hashes, so reports and baselines never
//! carry the token.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use crate::blob::Provenance;
use crate::matcher::Match;
use crate::rules::{Confidence, Kind, RuleSet};
use crate::secret::{hex_digest, percent_escaped};
// Where these lived before `secret` was split out; the paths stay valid.
pub use crate::secret::{redact, redact_credentials, redact_tokens, Secret};
use crate::verdict::Verification;

/// A position in a text: 1-based line, and 1-based column in UTF-16 code units (what SARIF's
/// `utf16CodeUnits` and most editors count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in UTF-16 code units.
    pub column: usize,
}

/// Where in a text a finding is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    /// First character.
    pub start: Position,
    /// One past the last character.
    pub end: Position,
    /// Byte offsets into the text.
    pub bytes: Range<usize>,
    /// The finding's line with the token redacted (at most [`SNIPPET_MAX`] characters).
    pub snippet: String,
}

/// Longest snippet kept.
pub const SNIPPET_MAX: usize = 160;

/// Computes lines and columns in one text. Spans asked for in increasing order cost one pass
/// over the text in all, however long its lines (a minified file with thousands of findings
/// on one line stays linear).
pub struct Locator<'t> {
    text: &'t [u8],
    /// The last position computed: its offset, line, and column in UTF-16 units.
    cursor: (usize, usize, usize),
}

impl<'t> Locator<'t> {
    /// A locator over `text`.
    pub fn new(text: &'t [u8]) -> Self {
        Locator {
            text,
            cursor: (0, 1, 1),
        }
    }

    /// Line and column of a byte span, and the redacted snippet.
    pub fn locate(&mut self, span: Range<usize>, token: &Secret) -> Location {
        let start = self.position(span.start);
        let end = self.position(span.end);
        Location {
            start,
            end,
            snippet: snippet(self.text, &span, token),
            bytes: span,
        }
    }

    fn position(&mut self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        if offset < self.cursor.0 {
            self.cursor = (0, 1, 1);
        }
        let (from, line, column) = self.cursor;
        let between = &self.text[from..offset];
        let (line, column) = match memchr::memrchr(b'\n', between) {
            Some(last) => (
                line + memchr::memchr_iter(b'\n', between).count(),
                1 + utf16_units(&between[last + 1..]),
            ),
            None => (line, column + utf16_units(between)),
        };
        self.cursor = (offset, line, column);
        Position { line, column }
    }
}

/// UTF-16 code units in UTF-8 bytes, without decoding: one per character, two for those
/// outside the BMP (4-byte sequences). Stray continuation bytes count as nothing.
fn utf16_units(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0xBF => 0,
            0xF0..=0xF7 => 2,
            _ => 1,
        })
        .sum()
}

/// How far around a span a snippet looks for its line's ends: a snippet never shows more
/// than [`SNIPPET_MAX`] characters, so a 50 MB minified line costs no more than a short one.
const SNIPPET_REACH: usize = 4 * SNIPPET_MAX;

/// The span's line with the span itself (which may be the token encoded, so decodable) and
/// any plain copy of the token replaced by the redacted token.
fn snippet(text: &[u8], span: &Range<usize>, token: &Secret) -> String {
    let span_end = span.end.min(text.len());
    let reach_back = span.start.saturating_sub(SNIPPET_REACH);
    let reach_on = (span_end + SNIPPET_REACH).min(text.len());
    let line_start = memchr::memrchr(b'\n', &text[reach_back..span.start])
        .map_or(reach_back, |p| reach_back + p + 1);
    let line_end =
        memchr::memchr(b'\n', &text[span_end..reach_on]).map_or(reach_on, |p| span_end + p);
    // Where the line was cut, start and end on character boundaries.
    let is_continuation = |b: &u8| (0x80..=0xBF).contains(b);
    let line_start = line_start
        + text[line_start..span.start]
            .iter()
            .take_while(|b| is_continuation(b))
            .count();
    let line_end = line_end
        - text[span_end..line_end]
            .iter()
            .rev()
            .take_while(|b| is_continuation(b))
            .count();
    let redacted = token.redacted();
    let line = format!(
        "{}{}{}",
        String::from_utf8_lossy(&text[line_start..span.start]),
        redacted,
        String::from_utf8_lossy(&text[span_end..line_end]),
    )
    .replace(token.expose(), &redacted);
    let line = mask_long_runs(&line);
    let trimmed = line.trim();
    if trimmed.chars().count() <= SNIPPET_MAX {
        return trimmed.to_string();
    }
    // Keep the part around the (redacted) token.
    let at = trimmed.find(&redacted).unwrap_or(0);
    let chars: Vec<(usize, char)> = trimmed.char_indices().collect();
    let center = chars.partition_point(|&(i, _)| i < at);
    let from = center.saturating_sub(SNIPPET_MAX / 3);
    let to = (from + SNIPPET_MAX).min(chars.len());
    chars[from..to].iter().map(|&(_, c)| c).collect()
}

/// Runs of base64-like characters at least this long are masked in snippets: they may be
/// another encoding of the token (a base64 blob holding it twice, say), and say nothing to a
/// reader.
const MASK_RUN: usize = 32;

fn mask_long_runs(line: &str) -> String {
    let is_run = |b: u8| b.is_ascii_alphanumeric() || b"+/=_-".contains(&b);
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        // A percent escape counts as the character it stands for: `00ab%43d…` is one run.
        loop {
            if bytes.get(i).copied().is_some_and(is_run) {
                i += 1;
            } else if percent_escaped(bytes, i).is_some_and(is_run) {
                i += 3;
            } else {
                break;
            }
        }
        let run = &line[start..i];
        if run.len() >= MASK_RUN {
            out.push_str(&run[..4]);
            out.push_str(&format!("…[{} chars]", run.len()));
        } else if i == start {
            // Not a run: copy one character.
            let c = line[i..].chars().next().unwrap_or_default();
            out.push(c);
            i += c.len_utf8().max(1);
        } else {
            out.push_str(run);
        }
    }
    out
}

/// One reported token occurrence.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Rule id, such as `okta.ssws`.
    pub rule_id: String,
    /// Rule's human name.
    pub rule_name: String,
    /// The kind of credential: its shape, texts, remediation and live check.
    pub kind: Arc<Kind>,
    /// The client id found next to it, for a client secret or a private key.
    pub client_id: Option<String>,
    /// How sure the finding is.
    pub confidence: Confidence,
    /// The token.
    pub secret: Secret,
    /// Where the blob came from.
    pub provenance: Provenance,
    /// Where in the blob.
    pub location: Location,
    /// The decoder that revealed it (`base64`, `percent`, `escape`), if any.
    pub encoding: Option<&'static str>,
    /// The text encoding of the file, when not UTF-8 (`utf-16le`, `utf-16be`).
    pub text_encoding: Option<&'static str>,
    /// The Okta org URL mentioned nearest to it.
    pub org: Option<String>,
    /// Why it is not reported, when an allow rule covers it.
    pub suppression: Option<Suppression>,
    /// What Okta said about the token (`not_checked` unless `--verify`).
    pub verification: Verification,
}

/// How a finding came to be allowed, in SARIF's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SuppressionKind {
    /// By a comment in the source (`oktaleaks:allow`).
    #[serde(rename = "inSource")]
    InSource,
    /// By something outside the source: a baseline, `.oktaleaksignore`, `oktaleaks.toml`.
    #[serde(rename = "external")]
    External,
}

/// Why a finding is allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppression {
    /// SARIF's kind.
    pub kind: SuppressionKind,
    /// What allowed it, such as `baseline .oktaleaks-baseline.json`.
    pub reason: String,
}

impl Finding {
    /// Turns a matcher's match into a finding from `provenance`, located by `locator`.
    pub fn from_match(
        rules: &RuleSet,
        m: Match,
        locator: &mut Locator<'_>,
        provenance: Provenance,
        text_encoding: Option<&'static str>,
    ) -> Finding {
        let rule = &rules.rules[m.rule];
        let secret = Secret::new(m.token);
        Finding {
            rule_id: rule.id.clone(),
            rule_name: rule.name.clone(),
            kind: Arc::clone(&rules.kinds[m.kind]),
            client_id: m.companion,
            confidence: rule.confidence,
            location: locator.locate(m.span, &secret),
            secret,
            provenance,
            encoding: m.encoding.map(|e| e.name()),
            text_encoding,
            org: m.org,
            suppression: None,
            verification: Verification::default(),
        }
    }

    /// A finding with no place, for checking a token kept elsewhere (an audit's datastore)
    /// the same way as one just found: at the org recorded beside it, and the orgs named.
    pub fn for_check(
        secret: Secret,
        rule_id: String,
        kind: Arc<Kind>,
        client_id: Option<String>,
        org: Option<String>,
    ) -> Finding {
        let nowhere = Position { line: 0, column: 0 };
        Finding {
            rule_name: rule_id.clone(),
            rule_id,
            kind,
            client_id,
            confidence: Confidence::Likely,
            secret,
            provenance: Provenance::File {
                path: PathBuf::new(),
                root: PathBuf::new(),
                relative: PathBuf::new(),
            },
            location: Location {
                start: nowhere,
                end: nowhere,
                bytes: 0..0,
                snippet: String::new(),
            },
            encoding: None,
            text_encoding: None,
            org,
            suppression: None,
            verification: Verification::default(),
        }
    }

    /// A stable id for this token at this path under this rule: the baseline key. It does not
    /// change when the line moves, and it holds no part of the token.
    pub fn fingerprint(&self) -> String {
        let path = self.provenance.relative().to_string_lossy();
        let secret_hash = self.secret.hash();
        hex_digest(&[
            self.rule_id.as_bytes(),
            b"\0",
            secret_hash.as_bytes(),
            b"\0",
            path.as_bytes(),
        ])
    }

    /// Sort key for deterministic reports: path, line, column, rule.
    pub fn sort_key(&self) -> (&std::path::Path, Position, &str) {
        (self.provenance.path(), self.location.start, &self.rule_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_cost_no_more_than_short_ones() {
        let token = "00B7bVs7RQxN4cX8mK2pLq9TzW1yE5uJ3aHdFgZ-kl";
        let secret = Secret::new(token.to_string());
        // One 8 MB line holding the token twice, after some multi-byte characters.
        let mut text = "é".repeat(1 << 20);
        text.push_str(&"ab ".repeat(1 << 20));
        let first = text.len();
        text.push_str(token);
        text.push_str(&" cd".repeat(1 << 20));
        let second = text.len();
        text.push_str(token);
        text.push_str(&"€".repeat(1 << 20));
        let mut locator = Locator::new(text.as_bytes());
        let a = locator.locate(first..first + 42, &secret);
        let b = locator.locate(second..second + 42, &secret);
        assert_eq!(
            a.start,
            Position {
                line: 1,
                column: 1 + (1 << 20) + 3 * (1 << 20)
            }
        );
        assert_eq!(b.start.column, a.end.column + 3 * (1 << 20));
        assert!(a.snippet.chars().count() <= SNIPPET_MAX && a.snippet.contains("00B7bV…gZ-kl"));
        assert!(b.snippet.chars().count() <= SNIPPET_MAX && !b.snippet.contains(token));
        // The cut never splits a character.
        assert!(!b.snippet.contains('\u{FFFD}'));
    }

    #[test]
    fn columns_count_utf16_units() {
        let text = "é😀 x=00B7bVs7RQxN4cX8mK2pLq9TzW1yE5uJ3aHdFgZ-kl\n";
        let start = text.find("00B7").unwrap();
        let secret = Secret::new(text[start..start + 42].to_string());
        let loc = Locator::new(text.as_bytes()).locate(start..start + 42, &secret);
        // é = 1 unit, 😀 = 2 units, space, x, = : token starts at column 7.
        assert_eq!(loc.start, Position { line: 1, column: 7 });
        assert_eq!(
            loc.end,
            Position {
                line: 1,
                column: 49
            }
        );
        assert_eq!(loc.snippet, "é😀 x=00B7bV…gZ-kl");
    }
}
