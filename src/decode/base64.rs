//! Base64 runs that may hide a token (Kubernetes Secret `data:`, `.dockerconfigjson`, basic
//! auth), found without a pass over every byte.
//!
//! A credential of a kind with a literal prefix (an API token's `00`) shows, whatever its
//! alignment in the encoded bytes, one of a few three-character [`signatures`] once
//! base64-encoded. Only runs holding a signature, or holding an encoded JSON object (which may
//! itself hold base64, as `.dockerconfigjson` holds `auth`), are decoded; `decode::trigger`
//! finds both in the same pass as the other decoders' triggers.

use std::ops::Range;

/// Shortest run worth decoding: a 42-byte token needs at least 56 base64 characters.
pub const MIN_RUN: usize = 56;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// How `prefix` followed by a byte of `next` looks once base64-encoded, at each of the three
/// alignments: for each, the three consecutive characters that vary least with the byte
/// before and the byte after (for `00` and a token character: `MD[AB]`, `[DTjz]Aw`, `wM[C-H]`).
pub fn signatures(prefix: &[u8], next: &[bool; 256]) -> Vec<String> {
    let nexts: Vec<u8> = (0..=255u8).filter(|&b| next[b as usize]).collect();
    let mut out: Vec<String> = Vec::new();
    for align in 0..3usize {
        // The bytes: `align` unknown ones (only the last can reach a window), the prefix, one
        // byte of `next`.
        let len = align + prefix.len() + 1;
        let lowest_bit = 8 * align.saturating_sub(1);
        let mut best: Option<Vec<String>> = None;
        for window in (lowest_bit.div_ceil(6))..=((8 * len).saturating_sub(18) / 6) {
            let mut forms: Vec<String> = Vec::new();
            // Only a window that reaches the byte before or after varies with it.
            let (bits_from, bits_to) = (6 * window, 6 * window + 18);
            let befores = if align > 0 && bits_from < 8 * align {
                0..=255u8
            } else {
                0..=0
            };
            let afters: &[u8] = if bits_to > 8 * (len - 1) {
                &nexts
            } else {
                &nexts[..nexts.len().min(1)]
            };
            for before in befores {
                for &after in afters {
                    let mut bytes = vec![0u8; align];
                    if align > 0 {
                        bytes[align - 1] = before;
                    }
                    bytes.extend_from_slice(prefix);
                    bytes.push(after);
                    let form: String = (window..window + 3)
                        .map(|c| ALPHABET[sextet(&bytes, c) as usize] as char)
                        .collect();
                    if !forms.contains(&form) {
                        forms.push(form);
                    }
                }
            }
            if best.as_ref().is_none_or(|b| forms.len() < b.len()) {
                best = Some(forms);
            }
        }
        for form in best.into_iter().flatten() {
            if !out.contains(&form) {
                out.push(form);
            }
        }
    }
    out
}

/// The `index`th six bits of `bytes`, as base64 reads them.
fn sextet(bytes: &[u8], index: usize) -> u8 {
    let bit = 6 * index;
    let (byte, shift) = (bit / 8, bit % 8);
    let word = u16::from(bytes[byte]) << 8 | u16::from(bytes.get(byte + 1).copied().unwrap_or(0));
    ((word >> (10 - shift)) & 63) as u8
}

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
        const ABC: &[u8] = ALPHABET;
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

    fn token_signatures() -> Vec<String> {
        let mut token = [false; 256];
        for b in b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-" {
            token[*b as usize] = true;
        }
        signatures(b"00", &token)
    }

    #[test]
    fn an_api_tokens_signatures() {
        let mut got = token_signatures();
        got.sort();
        let mut want = [
            "MDA", "MDB", "DAw", "TAw", "jAw", "zAw", "wMC", "wMD", "wME", "wMF", "wMG", "wMH",
        ];
        want.sort();
        assert_eq!(got, want);
    }

    #[test]
    fn a_long_prefix_has_one_signature_per_alignment() {
        let got = signatures(b"-----BEGIN PRIVATE KEY-----", &[true; 256]);
        assert_eq!(got.len(), 3, "{got:?}");
        for (align, pad) in ["", "x", "xy"].iter().enumerate() {
            let enc = encode(format!("{pad}-----BEGIN PRIVATE KEY-----\nMII").as_bytes());
            assert!(
                got.iter().any(|s| enc.contains(s.as_str())),
                "{align}: {enc}"
            );
        }
    }

    fn signature_hits(text: &str) -> Vec<Range<usize>> {
        let mut hits: Vec<Range<usize>> = token_signatures()
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
