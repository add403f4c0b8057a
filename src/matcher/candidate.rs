//! Candidates: the strings that have a credential kind's shape.
//!
//! For a run-shaped kind (the API token), a candidate is a whole run of its characters: a
//! window inside a longer run (a hash, a longer base64 blob) is not a candidate, and neither
//! is a run glued to base64-only characters (`+`, `/`, `=` padding). The one exception is a
//! run that starts with what is left of an escape (`\n00…`, `\u002000…`, `%2000…`): the
//! escape is a boundary, not part of the token. Likewise `SSWS+00…`: in a form-encoded body
//! `+` is a space, and no base64 blob starts with `SSWS+`. For other kinds the pattern's
//! `secret` group (or its whole match) is the candidate, a whole run of the kind's alphabet
//! when it has one, of one of its lengths when it lists them.

use std::ops::Range;

use crate::rules::TokenShape;

/// Characters of standard base64 that a token lacks: a token-shaped window touching one is
/// part of a base64 blob. (`=` counts only after the window: before it, it is assignment.)
fn is_base64_glue(b: u8) -> bool {
    matches!(b, b'+' | b'/')
}

/// Appends the candidates of `bytes` to `out` as byte ranges.
pub fn find(bytes: &[u8], shape: &TokenShape, out: &mut Vec<Range<usize>>) {
    match shape.run_length() {
        Some(length) => find_runs(bytes, shape, length, out),
        None => find_matches(bytes, shape, out),
    }
}

/// Candidates of a kind whose pattern holds its key, or that is no run (a PEM block).
fn find_matches(bytes: &[u8], shape: &TokenShape, out: &mut Vec<Range<usize>>) {
    let mut locations = shape.pattern.capture_locations();
    let mut at = 0;
    while at < bytes.len() {
        let Some(whole) = shape.pattern.captures_read_at(&mut locations, bytes, at) else {
            break;
        };
        at = whole.end().max(whole.start() + 1);
        let (start, end) = match shape.secret_group {
            Some(group) => match locations.get(group) {
                Some(span) => span,
                None => continue,
            },
            None => (whole.start(), whole.end()),
        };
        if !shape.lengths.is_empty() && !shape.lengths.contains(&(end - start)) {
            continue;
        }
        if shape.alphabet.is_some() {
            let glued_before = start
                .checked_sub(1)
                .is_some_and(|i| shape.in_alphabet(bytes[i]) || is_base64_glue(bytes[i]));
            let glued_after = bytes
                .get(end)
                .is_some_and(|&b| shape.in_alphabet(b) || is_base64_glue(b) || b == b'=');
            if glued_before || glued_after {
                continue;
            }
        }
        out.push(start..end);
    }
}

/// Candidates of a run-shaped kind: the last `length` bytes of each whole run that holds a
/// pattern match.
fn find_runs(bytes: &[u8], shape: &TokenShape, length: usize, out: &mut Vec<Range<usize>>) {
    let in_alphabet = |b: u8| shape.in_alphabet(b);
    let mut at = 0;
    while at < bytes.len() {
        let Some(hit) = shape.pattern.find_at(bytes, at) else {
            break;
        };
        let run_start = bytes[..hit.start()]
            .iter()
            .rposition(|&b| !in_alphabet(b))
            .map_or(0, |p| p + 1);
        let run_end = bytes[hit.end()..]
            .iter()
            .position(|&b| !in_alphabet(b))
            .map_or(bytes.len(), |p| hit.end() + p);
        at = run_end.max(hit.start() + 1);
        if run_end - run_start < length {
            continue;
        }
        let start = run_end - length;
        let whole = shape
            .pattern
            .find(&bytes[start..run_end])
            .is_some_and(|m| m.start() == 0 && m.end() == length);
        if !whole || !has_boundary(bytes, run_start, start) {
            continue;
        }
        if bytes
            .get(run_end)
            .is_some_and(|&b| is_base64_glue(b) || b == b'=')
        {
            continue;
        }
        out.push(start..run_end);
    }
}

/// Whether the token starting at `start` is cleanly separated from what precedes it:
/// either the run starts with it, or the bytes between are an escape's tail.
fn has_boundary(bytes: &[u8], run_start: usize, start: usize) -> bool {
    let introducer = run_start.checked_sub(1).map(|i| bytes[i]);
    if run_start == start {
        return match introducer {
            Some(b'+') => is_form_encoded_ssws(&bytes[..run_start - 1]),
            other => !other.is_some_and(is_base64_glue),
        };
    }
    let prefix = &bytes[run_start..start];
    let all_hex = |s: &[u8]| s.iter().all(u8::is_ascii_hexdigit);
    match introducer {
        Some(b'\\') => match prefix {
            [b'n' | b't' | b'r'] => true,
            [b'u', rest @ ..] => rest.len() == 4 && all_hex(rest),
            [b'x', rest @ ..] => rest.len() == 2 && all_hex(rest),
            _ => false,
        },
        // `%20` once, or `%2520` when the text was encoded twice.
        Some(b'%') => matches!(prefix.len(), 2 | 4) && all_hex(prefix),
        _ => false,
    }
}

/// Whether `head` (the text before a `+`) ends with the word `SSWS`: `SSWS+<token>` is an
/// `Authorization` header in a form-encoded body, not a window of base64.
fn is_form_encoded_ssws(head: &[u8]) -> bool {
    let Some(word_start) = head.len().checked_sub(4) else {
        return false;
    };
    let word = &head[word_start..];
    let starts_word = word_start == 0 || !head[word_start - 1].is_ascii_alphanumeric();
    starts_word && word.eq_ignore_ascii_case(b"ssws")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::load_builtin;

    const T: &str = "00B7bVs7RQxN4cX8mK2pLq9TzW1yE5uJ3aHdFgZ-kl";

    fn spans(text: &str) -> Vec<String> {
        let set = load_builtin().unwrap();
        let mut out = Vec::new();
        find(text.as_bytes(), &set.kinds[0].shape, &mut out);
        out.into_iter().map(|r| text[r].to_string()).collect()
    }

    #[test]
    fn table() {
        let longer = format!("{T}X");
        let cases: Vec<(String, usize)> = vec![
            (T.to_string(), 1),
            (format!("x={T}"), 1),
            (format!("x={T}\n"), 1),
            (format!("\"{T}\""), 1),
            (format!("a{T}"), 0),
            (longer, 0),
            (format!("+{T}"), 0),
            (format!("value=SSWS+{T}&x=1"), 1),
            (format!("Authorization=ssws+{T}"), 1),
            (format!("abcSSWS+{T}"), 0),
            (format!("SSWS++{T}"), 0),
            (format!("{T}/"), 0),
            (format!("{T}=="), 0),
            (format!(r"SSWS\t{T}"), 1),
            (format!(r"SSWS\u0020{T}"), 1),
            (format!("SSWS%20{T}"), 1),
            (format!("SSWS%2520{T}"), 1),
            (format!("SSWS%252{T}"), 0),
            (format!("xx{T}"), 0),
            (format!("{T} {T}"), 2),
            (T[..41].to_string(), 0),
        ];
        for (text, n) in cases {
            let found = spans(&text);
            assert_eq!(found.len(), n, "{text}: {found:?}");
            assert!(found.iter().all(|f| f == T), "{text}: {found:?}");
        }
    }

    #[test]
    fn trailing_dash_kept() {
        let t = "00B7bVs7RQxN4cX8mK2pLq9TzW1yE5uJ3aHdFgZ-k-";
        assert_eq!(spans(&format!("token: {t}\n")), vec![t.to_string()]);
    }
}
