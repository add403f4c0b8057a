//! Findings: what gets reported, with its location, and the redacting `Secret` type.
//!
//! A `Finding` is plain data that every reporter reads. The token lives in a `Secret` whose
//! `Debug` and `Display` redact; only a reporter told `--show-secrets` calls `expose`.
//! Fingerprints are one-way hashes, so reports and baselines never carry the token.

use std::fmt;
use std::ops::Range;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::blob::Provenance;
use crate::matcher::Match;
use crate::rules::{Confidence, RuleSet};
use crate::verify::Verification;

/// A token. Formatting it shows only its redacted form.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Secret(String);

impl Secret {
    /// Wraps a token.
    pub fn new(token: String) -> Self {
        Secret(token)
    }

    /// The token itself. Call only when the user asked to see secrets.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The first 6 and last 5 characters around an ellipsis.
    pub fn redacted(&self) -> String {
        redact(&self.0)
    }

    /// A one-way hash of the token (hex), the same in every run and on every machine.
    pub fn hash(&self) -> String {
        hex_digest(&[b"oktaleaks-secret-v1\0", self.0.as_bytes()])
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.redacted())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// Redacts a token to its first 6 and last 5 characters.
///
/// ```
/// assert_eq!(oktaleaks::finding::redact("00QCjAl4MlV-WPXM0HmjFx-vbGua0HmjFx-vbGua12"), "00QCjA…Gua12");
/// assert_eq!(oktaleaks::finding::redact("short"), "…");
/// ```
pub fn redact(token: &str) -> String {
    let chars: Vec<char> = token.chars().collect();
    if chars.len() < 16 {
        return "…".to_string();
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 5..].iter().collect();
    format!("{head}…{tail}")
}

/// Whether `b` is one of the 64 characters a token is made of.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// The byte a percent escape at `bytes[at..]` stands for (`%41` is `A`), if there is one.
fn percent_escaped(bytes: &[u8], at: usize) -> Option<u8> {
    if bytes.get(at) != Some(&b'%') {
        return None;
    }
    let hex = std::str::from_utf8(bytes.get(at + 1..at + 3)?).ok()?;
    u8::from_str_radix(hex, 16).ok()
}

/// `text` with every run that could hold a token (42 or more token characters with a `00`
/// that has 40 more after it) redacted. A run may spell some of its characters as percent
/// escapes (`00ab%43d…`): they count as the character they stand for, so one escaped
/// character does not leave the rest readable. Applied to every message on stderr,
/// including panics, and to every string of a report that came from the scanned data or a
/// server, so that neither can echo a token.
///
/// ```
/// use oktaleaks::finding::redact_tokens;
/// let line = "bad line: token = 00QCjAl4MlV-WPXM0HmjFx-vbGua0HmjFx-vbGua12 here";
/// assert_eq!(redact_tokens(line), "bad line: token = 00QCjA…Gua12 here");
/// let escaped = "url?t=00QCjAl4MlV-WPXM0Hm%6AFx-vbGua0HmjFx-vbGua12&x=1";
/// assert_eq!(redact_tokens(escaped), "url?t=00QCjA…Gua12&x=1");
/// assert_eq!(redact_tokens("a%20b"), "a%20b");
/// ```
pub fn redact_tokens(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    let mut decoded = Vec::new();
    while i < bytes.len() {
        let start = i;
        decoded.clear();
        loop {
            if bytes.get(i).copied().is_some_and(is_token_byte) {
                decoded.push(bytes[i]);
                i += 1;
            } else if let Some(b) = percent_escaped(bytes, i).filter(|&b| is_token_byte(b)) {
                decoded.push(b);
                i += 3;
            } else {
                break;
            }
        }
        if i == start {
            i += 1;
            continue;
        }
        let holds_token =
            decoded.len() >= 42 && decoded[..decoded.len() - 40].windows(2).any(|w| w == b"00");
        if holds_token {
            out.push_str(&text[copied..start]);
            out.push_str(&redact(&text[start..i]));
            copied = i;
        }
    }
    if copied == 0 {
        return std::borrow::Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    std::borrow::Cow::Owned(out)
}

/// `text` with the user information (`user:password@`) of every URL in it removed: a clone
/// error or a remote URL must not print a password or a token used as one.
///
/// ```
/// use oktaleaks::finding::redact_credentials;
/// assert_eq!(
///     redact_credentials("cannot clone https://ci:hunter2@git.example/r.git: refused"),
///     "cannot clone https://git.example/r.git: refused"
/// );
/// assert_eq!(redact_credentials("mail me@example.com"), "mail me@example.com");
/// ```
pub fn redact_credentials(text: &str) -> std::borrow::Cow<'_, str> {
    let ends_authority = |c: char| c.is_whitespace() || "/?#\"'<>\\".contains(c);
    let mut out = String::new();
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = text[from..].find("://") {
        let authority_start = from + found + 3;
        let rest = &text[authority_start..];
        let authority_len = rest.find(ends_authority).unwrap_or(rest.len());
        if let Some(at) = rest[..authority_len].rfind('@') {
            out.push_str(&text[copied..authority_start]);
            copied = authority_start + at + 1;
        }
        from = authority_start + authority_len;
    }
    if copied == 0 {
        return std::borrow::Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    std::borrow::Cow::Owned(out)
}

fn hex_digest(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    parts.iter().for_each(|p| hasher.update(p));
    hasher.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

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
    fn secret_never_formats_in_full() {
        let s = Secret::new("00B7bVs7RQxN4cX8mK2pLq9TzW1yE5uJ3aHdFgZ-kl".into());
        assert_eq!(format!("{s}"), "00B7bV…gZ-kl");
        assert!(!format!("{s:?}").contains(s.expose()));
        assert_eq!(s.hash().len(), 32);
    }

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
