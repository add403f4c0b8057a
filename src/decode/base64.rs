//! Base64 runs that may hide a token (Kubernetes Secret `data:`, `.dockerconfigjson`, basic
//! auth), found without a pass over every byte.
//!
//! A token starts with `00`; whatever its alignment in the encoded bytes, base64 writes that
//! as one of a few three-character [`SIGNATURES`]. Only runs holding a signature, or holding
//! an encoded JSON object (which may itself hold base64, as `.dockerconfigjson` holds `auth`),
//! are decoded; `decode::trigger` finds both in the same pass as the other decoders' triggers.

use std::ops::Range;

/// Shortest run worth decoding: a 42-byte token needs at least 56 base64 characters.
pub const MIN_RUN: usize = 56;

/// How `00` followed by a token character looks once base64-encoded, at each of the three
/// alignments: `MD[AB]` (offset 0), `[DTjz]Aw` (offset 1), `wM[C-H]` (offset 2).
pub const SIGNATURES: [&str; 12] = [
    "MDA", "MDB", "DAw", "TAw", "jAw", "zAw", "wMC", "wMD", "wME", "wMF", "wMG", "wMH",
];

/// How a JSON object (`{"`, `{ "`, `{` and a newline) starts once base64-encoded at offset 0.
pub const JSON_OPENERS: [&str; 4] = ["eyJ", "eyAi", "ewog", "ew0K"];

/// Both base64 alphabets (standard and URL-safe).
fn is_b64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_')
}

fn value(b: u8) -> Option<u8> {
    match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    }
}

/// The runs of at least [`MIN_RUN`] base64 characters around the given trigger hits
/// (sorted), in order, each reported once. `=` padding is not part of a run.
pub fn runs_around(text: &[u8], hits: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    for hit in hits {
        if runs.last().is_some_and(|r| r.end >= hit.end) {
            continue;
        }
        let start = text[..hit.start]
            .iter()
            .rposition(|&b| !is_b64(b))
            .map_or(0, |p| p + 1);
        let end = text[hit.end..]
            .iter()
            .position(|&b| !is_b64(b))
            .map_or(text.len(), |p| hit.end + p);
        if end - start >= MIN_RUN {
            runs.push(start..end);
        }
    }
    runs
}

/// Decodes a run of base64 characters (either alphabet, no padding needed). A trailing
/// partial group yields the whole bytes it holds. Returns `None` for characters outside
/// the alphabets.
///
/// ```
/// use oktaleaks::decode::base64::decode;
/// assert_eq!(decode(b"aGVsbG8").unwrap(), b"hello");
/// assert_eq!(decode(b"aGVsbG8=").unwrap(), b"hello");
/// assert!(decode(b"a*b").is_none());
/// ```
pub fn decode(run: &[u8]) -> Option<Vec<u8>> {
    let run = run
        .strip_suffix(b"==")
        .or_else(|| run.strip_suffix(b"="))
        .unwrap_or(run);
    let mut out = Vec::with_capacity(run.len() / 4 * 3 + 2);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &b in run {
        acc = (acc << 6) | u32::from(value(b)?);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Maps an offset in decoded bytes to the offset of the base64 character that encodes it.
pub fn encoded_offset(decoded: usize) -> usize {
    decoded / 3 * 4 + decoded % 3
}

/// Maps the exclusive end of decoded bytes to the end of the characters that encode them.
pub fn encoded_end(decoded: usize) -> usize {
    decoded / 3 * 4 + [0, 2, 3][decoded % 3]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(bytes: &[u8]) -> String {
        const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n =
                chunk.iter().fold(0u32, |a, &b| a << 8 | u32::from(b)) << (8 * (3 - chunk.len()));
            for i in 0..=chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        out
    }

    fn signature_hits(text: &str) -> Vec<Range<usize>> {
        let mut hits: Vec<Range<usize>> = SIGNATURES
            .iter()
            .flat_map(|sig| text.match_indices(sig).map(|(i, m)| i..i + m.len()))
            .collect();
        hits.sort_by_key(|h| h.start);
        hits
    }

    #[test]
    fn every_alignment_shows_a_signature() {
        for prefix in ["", "a", "ab", "abc:", "user:"] {
            for next in ["A", "z", "0", "-", "_"] {
                let plain = format!("{prefix}00{next}");
                let enc = encode(plain.as_bytes());
                assert!(!signature_hits(&enc).is_empty(), "{plain} -> {enc}");
            }
        }
        for json in [
            "{\"a\":1}",
            "{ \"a\": 1}",
            "{\n  \"a\": 1\n}",
            "{\r\n\"a\":1}",
        ] {
            let enc = encode(json.as_bytes());
            assert!(
                JSON_OPENERS.iter().any(|o| enc.starts_with(o)),
                "{json:?} -> {enc}"
            );
        }
    }

    #[test]
    fn round_trip() {
        for len in 0..70 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 % 251) as u8).collect();
            assert_eq!(decode(encode(&data).as_bytes()).unwrap(), data);
        }
    }

    #[test]
    fn runs_are_found_once() {
        let token = "00B7bVs7RQxN4cX8mK2pLq9TzW1yE5uJ3aHdFgZ-kl";
        let enc = encode(token.as_bytes());
        let text = format!("key: {enc}\nother: {enc}\n");
        let runs = runs_around(text.as_bytes(), &signature_hits(&text));
        assert_eq!(runs.len(), 2);
        assert_eq!(&text.as_bytes()[runs[0].clone()], enc.as_bytes());
    }
}
