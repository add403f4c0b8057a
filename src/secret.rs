//! The redacting `Secret` type and the redaction helpers: plain data and functions that
//! every stage may use (findings, verification, reports, stderr). It imports nothing from
//! the stages; what to redact comes from the rules (each kind's shape, registered as rules
//! load, the built-in ones when nothing loaded any).
//!
//! A `Secret`'s `Debug` and `Display` redact; only a reporter told `--show-secrets` calls
//! `expose`. [`redact_tokens`] and [`redact_credentials`] clean any text that may hold a
//! token or a URL's credentials before it is shown.

use std::fmt;

use sha2::{Digest, Sha256};

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
/// assert_eq!(oktaleaks::secret::redact("00QCjAl4MlV-WPXM0HmjFx-vbGua0HmjFx-vbGua12"), "00QCjA…Gua12");
/// assert_eq!(oktaleaks::secret::redact("short"), "…");
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

/// A shape of credential that [`redact_tokens`] hides, derived from a kind of the rules
/// (`rules` registers every kind it loads, so that stderr and reports follow the rules).
#[derive(Debug, Clone)]
pub enum RedactShape {
    /// A run of `alphabet` bytes (percent escapes counting as the byte they stand for) holding
    /// `prefix` with enough bytes after it to make `length`: the API token's `00` + 40.
    Run {
        /// What every credential starts with.
        prefix: Vec<u8>,
        /// Bytes a credential is made of (a lookup table by byte value).
        alphabet: Box<[bool; 256]>,
        /// Its length.
        length: usize,
    },
    /// Every match of a pattern: its `secret` group, or the whole match.
    Pattern {
        /// The kind's pattern.
        regex: regex::bytes::Regex,
        /// The `secret` group's index.
        group: Option<usize>,
    },
}

/// The shapes registered so far; never shrinks, so that a shape once loaded stays hidden.
static SHAPES: std::sync::RwLock<Vec<RedactShape>> = std::sync::RwLock::new(Vec::new());

/// Adds a shape to those [`redact_tokens`] hides (a shape already there is not added twice).
pub fn register_redaction(shape: RedactShape) {
    let mut shapes = SHAPES
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let same = |s: &RedactShape| match (s, &shape) {
        (
            RedactShape::Run { prefix, length, .. },
            RedactShape::Run {
                prefix: p,
                length: l,
                ..
            },
        ) => prefix == p && length == l,
        (RedactShape::Pattern { regex, .. }, RedactShape::Pattern { regex: r, .. }) => {
            regex.as_str() == r.as_str()
        }
        _ => false,
    };
    if !shapes.iter().any(same) {
        shapes.push(shape);
    }
}

/// The byte a percent escape at `bytes[at..]` stands for (`%41` is `A`), if there is one.
pub(crate) fn percent_escaped(bytes: &[u8], at: usize) -> Option<u8> {
    if bytes.get(at) != Some(&b'%') {
        return None;
    }
    let hex = std::str::from_utf8(bytes.get(at + 1..at + 3)?).ok()?;
    u8::from_str_radix(hex, 16).ok()
}

/// `text` with every credential of a registered shape ([`register_redaction`]; loading rules
/// registers their kinds) redacted. For an API token: every run of 42 or more token
/// characters with a `00` that has 40 more after it. A run may spell some of its characters
/// as percent escapes (`00ab%43d…`): they count as the character they stand for, so one
/// escaped character does not leave the rest readable. Applied to every message on stderr,
/// including panics, and to every string of a report that came from the scanned data or a
/// server, so that neither can echo a token.
///
/// ```
/// use oktaleaks::secret::redact_tokens;
/// let line = "bad line: token = 00QCjAl4MlV-WPXM0HmjFx-vbGua0HmjFx-vbGua12 here";
/// assert_eq!(redact_tokens(line), "bad line: token = 00QCjA…Gua12 here");
/// let escaped = "url?t=00QCjAl4MlV-WPXM0Hm%6AFx-vbGua0HmjFx-vbGua12&x=1";
/// assert_eq!(redact_tokens(escaped), "url?t=00QCjA…Gua12&x=1");
/// assert_eq!(redact_tokens("a%20b"), "a%20b");
/// ```
pub fn redact_tokens(text: &str) -> std::borrow::Cow<'_, str> {
    let unset = SHAPES
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .is_empty();
    if unset {
        // Nothing loaded rules yet (a usage error, `verify`, a library caller): the built-in
        // kinds are what must never show. Loading them registers their shapes.
        let _ = crate::rules::load_builtin();
    }
    let shapes = SHAPES
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // Every shape looks at the text as it is, and overlapping finds are redacted as one: a
    // redaction by one shape must not break another's match (an API token's run inside a
    // PEM body would leave the body's other lines readable).
    let mut found: Vec<std::ops::Range<usize>> = Vec::new();
    for shape in shapes.iter() {
        match shape {
            RedactShape::Run {
                prefix,
                alphabet,
                length,
            } => runs_holding(text, prefix, alphabet, *length, &mut found),
            RedactShape::Pattern { regex, group } => matches_of(text, regex, *group, &mut found),
        }
    }
    if found.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    found.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut current: Option<std::ops::Range<usize>> = None;
    let flush = |range: std::ops::Range<usize>, out: &mut String, copied: &mut usize| {
        if let (Some(head), Some(secret)) =
            (text.get(*copied..range.start), text.get(range.clone()))
        {
            out.push_str(head);
            out.push_str(&redact(secret));
            *copied = range.end;
        }
    };
    for range in found {
        current = match current {
            Some(c) if range.start <= c.end => Some(c.start..c.end.max(range.end)),
            Some(c) => {
                flush(c, &mut out, &mut copied);
                Some(range)
            }
            None => Some(range),
        };
    }
    if let Some(c) = current {
        flush(c, &mut out, &mut copied);
    }
    out.push_str(&text[copied..]);
    std::borrow::Cow::Owned(out)
}

/// Adds the runs of `text` that hold a credential to `found`.
fn runs_holding(
    text: &str,
    prefix: &[u8],
    alphabet: &[bool; 256],
    length: usize,
    found: &mut Vec<std::ops::Range<usize>>,
) {
    let in_alphabet = |b: u8| alphabet[b as usize];
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut decoded = Vec::new();
    let after = length.saturating_sub(prefix.len());
    while i < bytes.len() {
        let start = i;
        decoded.clear();
        loop {
            if bytes.get(i).copied().is_some_and(in_alphabet) {
                decoded.push(bytes[i]);
                i += 1;
            } else if let Some(b) = percent_escaped(bytes, i).filter(|&b| in_alphabet(b)) {
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
        let holds = decoded.len() >= length
            && decoded[..decoded.len() - after]
                .windows(prefix.len().max(1))
                .any(|w| w == prefix);
        if holds {
            found.push(start..i);
        }
    }
}

/// Adds every match of `regex` in `text` (its `group`, or all of it) to `found`.
fn matches_of(
    text: &str,
    regex: &regex::bytes::Regex,
    group: Option<usize>,
    found: &mut Vec<std::ops::Range<usize>>,
) {
    for caps in regex.captures_iter(text.as_bytes()) {
        if let Some(m) = group.map_or_else(|| caps.get(0), |g| caps.get(g)) {
            found.push(m.range());
        }
    }
}

/// `text` with the user information (`user:password@`) of every URL in it removed: a clone
/// error or a remote URL must not print a password or a token used as one.
///
/// ```
/// use oktaleaks::secret::redact_credentials;
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

pub(crate) fn hex_digest(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    parts.iter().for_each(|p| hasher.update(p));
    hasher.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_redacted_and_overlapping_finds_as_one() {
        let body = [
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj",
            "00B7bVs7RQxN4cX8mK2pLq9TzW1yE5uJ3aHdFgZ-kl",
            "MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu",
        ];
        let pem = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----",
            body.join("\n")
        );
        for shown in [
            pem.clone(),
            pem.replace('\n', "\\n"),
            pem.replace('\n', "\\\\n"),
            format!("key: {}", &pem[..pem.len() - 30]),
            format!(r#"bad {{"kty":"RSA","d":"{}","e":"AQAB"}}"#, body[0]),
            "OKTA_OAUTH2_CLIENT_SECRET=pQ7vX2mK9wL4zR8tY1bN6cF3hJ5sD0gA_eUi-Vo2".to_string(),
        ] {
            let out = redact_tokens(&shown);
            for line in body {
                assert!(!out.contains(&line[20..]), "{out}");
            }
            assert!(!out.contains("R8tY1bN6cF3hJ5sD0gA"), "{out}");
        }
        // A BEGIN line alone (a report's snippet) is left as it is.
        let snippet = r#""snippet": "privateKey: -----BEGIN PRIVATE KEY-----", "x": 1"#;
        assert_eq!(redact_tokens(snippet), snippet);
    }

    #[test]
    fn secret_never_formats_in_full() {
        let s = Secret::new("00B7bVs7RQxN4cX8mK2pLq9TzW1yE5uJ3aHdFgZ-kl".into());
        assert_eq!(format!("{s}"), "00B7bV…gZ-kl");
        assert!(!format!("{s:?}").contains(s.expose()));
        assert_eq!(s.hash().len(), 32);
    }
}
