//! Percent-encoding (`%30%30…`) and backslash escapes (`\u0030`, `\x30`, `\n`) undone, with a
//! map back to the encoded offsets.
//!
//! These views are built only when the text holds the escaped start of a credential (for an
//! API token, `00`: [`starts`], found by `decode::trigger`); escaped context around a plain
//! token (`SSWS%20`, `\t00…`) is handled by the matcher without a view.

/// Which escape syntax a view undoes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `%XX` (and `+` stays as is).
    Percent,
    /// JSON/JavaScript/C string escapes: `\uXXXX`, `\xXX`, `\n`, `\t`, `\r`, `\"`, `\\`, `\/`.
    Backslash,
}

/// The first two bytes of `prefix` written with each syntax, hex digits in either case: the
/// triggers for building a view (`%30%30`, `\u0030\u0030`, `\x30\x30` for `00`). Only
/// letters and digits: a whole value escaped byte by byte (`%30%30%41…`) is how a token hides
/// this way, while punctuation (a PEM's `-----`) is left as it is by every encoder.
pub fn starts(prefix: &[u8]) -> Vec<(String, Syntax)> {
    let Some(&[a, b]) = prefix.get(..2).and_then(|p| <&[u8; 2]>::try_from(p).ok()) else {
        return Vec::new();
    };
    if !(a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric()) {
        return Vec::new();
    }
    let mut out: Vec<(String, Syntax)> = Vec::new();
    for upper in [true, false] {
        let hex = |x: u8| {
            if upper {
                format!("{x:02X}")
            } else {
                format!("{x:02x}")
            }
        };
        for (form, syntax) in [
            (format!("%{}%{}", hex(a), hex(b)), Syntax::Percent),
            (format!("\\u00{}\\u00{}", hex(a), hex(b)), Syntax::Backslash),
            (format!("\\x{}\\x{}", hex(a), hex(b)), Syntax::Backslash),
        ] {
            if !out.iter().any(|(f, _)| *f == form) {
                out.push((form, syntax));
            }
        }
    }
    out
}

/// The decoded bytes and, for each run of them, where it came from: pairs of
/// (decoded offset, encoded offset), increasing in both.
#[derive(Debug, Default)]
pub struct Unescaped {
    /// Decoded bytes.
    pub bytes: Vec<u8>,
    /// Segment starts.
    pub segments: Vec<(usize, usize)>,
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn hex_value(digits: &[u8]) -> Option<u32> {
    digits
        .iter()
        .try_fold(0u32, |acc, &b| Some(acc << 4 | u32::from(hex(b)?)))
}

/// Decodes one escape at the start of `rest` (which begins with the escape introducer).
/// Returns the decoded bytes and how many input bytes they used.
fn decode_one(rest: &[u8], syntax: Syntax, out: &mut Vec<u8>) -> Option<usize> {
    match syntax {
        Syntax::Percent => {
            let v = hex_value(rest.get(1..3)?)?;
            out.push(v as u8);
            Some(3)
        }
        Syntax::Backslash => {
            let (ch, used) = match *rest.get(1)? {
                b'u' => (char::from_u32(hex_value(rest.get(2..6)?)?)?, 6),
                b'x' => (char::from(hex_value(rest.get(2..4)?)? as u8), 4),
                b'n' => ('\n', 2),
                b't' => ('\t', 2),
                b'r' => ('\r', 2),
                c @ (b'"' | b'\'' | b'\\' | b'/') => (char::from(c), 2),
                _ => return None,
            };
            let mut buf = [0u8; 4];
            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
            Some(used)
        }
    }
}

/// Undoes every well-formed escape of `syntax`; malformed ones are kept as they are.
///
/// ```
/// use oktaleaks::decode::escape::{unescape, Syntax};
/// assert_eq!(unescape(b"a%20b%zz", Syntax::Percent).bytes, b"a b%zz");
/// assert_eq!(unescape(br#"x\u0030\x30\"y"#, Syntax::Backslash).bytes, b"x00\"y");
/// ```
pub fn unescape(text: &[u8], syntax: Syntax) -> Unescaped {
    let introducer = match syntax {
        Syntax::Percent => b'%',
        Syntax::Backslash => b'\\',
    };
    let mut out = Unescaped {
        bytes: Vec::with_capacity(text.len()),
        segments: vec![(0, 0)],
    };
    let mut pos = 0;
    while let Some(found) = memchr::memchr(introducer, &text[pos..]) {
        let at = pos + found;
        out.bytes.extend_from_slice(&text[pos..at]);
        let before = out.bytes.len();
        match decode_one(&text[at..], syntax, &mut out.bytes) {
            Some(used) => {
                out.segments.push((before, at));
                pos = at + used;
                out.segments.push((out.bytes.len(), pos));
            }
            None => {
                out.bytes.push(introducer);
                pos = at + 1;
            }
        }
    }
    out.bytes.extend_from_slice(&text[pos..]);
    out
}

/// Maps a decoded offset back to the encoded text through `segments`.
pub fn encoded_offset(segments: &[(usize, usize)], decoded: usize) -> usize {
    let i = segments
        .partition_point(|&(d, _)| d <= decoded)
        .saturating_sub(1);
    let (d, e) = segments.get(i).copied().unwrap_or((0, 0));
    e + (decoded - d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_api_tokens_starts() {
        let forms: Vec<String> = starts(b"00").into_iter().map(|(f, _)| f).collect();
        assert_eq!(forms, [r"%30%30", r"\u0030\u0030", r"\x30\x30"]);
        assert_eq!(starts(b"-").len(), 0);
        assert_eq!(starts(b"--").len(), 0);
        assert_eq!(starts(b"zz").len(), 6);
    }

    #[test]
    fn offsets_map_back() {
        let text = b"k=%30%30AB%2Dz";
        let u = unescape(text, Syntax::Percent);
        assert_eq!(u.bytes, b"k=00AB-z");
        assert_eq!(encoded_offset(&u.segments, 2), 2); // first '0' is "%30"
        assert_eq!(encoded_offset(&u.segments, 4), 8); // 'A'
        assert_eq!(encoded_offset(&u.segments, 7), 13); // 'z'
    }
}
