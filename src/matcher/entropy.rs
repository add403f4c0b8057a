//! Is a candidate random enough to be a real token?
//!
//! A real token body is 40 independent draws from 64 characters. For such a body:
//! P(no uppercase) = P(no lowercase) = (38/64)^40 ~ 9e-10; P(a character repeated 6 times in
//! a row) ~ 35 * 64^-5 ~ 3e-8; P(6 consecutive ascending or descending characters)
//! ~ 2 * 35 * 64^-5 ~ 7e-8; P(7 of its letters, case folded and other characters skipped,
//! walking the alphabet one step at a time, "aBcD1eFg") ~ 2 * 32 * 26^-6 ~ 2e-7; two words of
//! the word list ~ 7e-7; a placeholder word ~ 1e-7. Its Shannon entropy is ~4.7 bits per
//! character (below 4.0 in fewer than 1e-6 of bodies, measured in the tests below), so a 3.5
//! floor drops only placeholders and structured strings. All together about 1e-6: a
//! simulation of 20 million random bodies measured 4.8e-6 before `dummy` left the placeholder
//! words and repeats of 5 were allowed, most of it from those two.

use crate::rules::Randomness;

/// Why a candidate was judged not random; `None` when it passes.
pub fn rejection(token: &str, r: &Randomness) -> Option<&'static str> {
    if r.known_examples.iter().any(|e| e == token) {
        return Some("a documentation example");
    }
    let body = token.get(r.body_start..).unwrap_or("").as_bytes();
    if r.placeholder_words.is_match(body) {
        return Some("a placeholder");
    }
    if r.max_words > 0 {
        let mut distinct: Vec<usize> = r
            .words
            .find_overlapping_iter(body)
            .map(|m| m.pattern().as_usize())
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() >= r.max_words {
            return Some("made of words");
        }
    }
    if r.require_upper && !body.iter().any(u8::is_ascii_uppercase) {
        return Some("no uppercase letter");
    }
    if r.require_lower && !body.iter().any(u8::is_ascii_lowercase) {
        return Some("no lowercase letter");
    }
    if longest_run(body, |a, b| a == b) > r.max_repeat {
        return Some("a repeated character");
    }
    let up = longest_run(body, |a, b| b == a.wrapping_add(1));
    let down = longest_run(body, |a, b| a == b.wrapping_add(1));
    if up.max(down) > r.max_sequence {
        return Some("a character sequence");
    }
    if r.max_letter_walk > 0 && letter_walk(body) > r.max_letter_walk {
        return Some("an alphabet walk");
    }
    if shannon_entropy(body) < r.min_entropy_bits {
        return Some("low entropy");
    }
    None
}

/// Length of the longest run of bytes where each neighbour pair satisfies `linked`.
fn longest_run(bytes: &[u8], linked: impl Fn(u8, u8) -> bool) -> usize {
    let (mut best, mut current) = (usize::from(!bytes.is_empty()), 1);
    for pair in bytes.windows(2) {
        current = if linked(pair[0], pair[1]) {
            current + 1
        } else {
            1
        };
        best = best.max(current);
    }
    best
}

/// Length of the longest walk through the alphabet, one letter at a time up or down, made by
/// the letters of `bytes` alone (case folded, digits and punctuation skipped). Hand-made
/// placeholders switch case and sprinkle digits (`aBCdE0FGHijk…`) and still walk.
fn letter_walk(bytes: &[u8]) -> usize {
    let letters: Vec<u8> = bytes
        .iter()
        .filter(|b| b.is_ascii_alphabetic())
        .map(u8::to_ascii_lowercase)
        .collect();
    let up = longest_run(&letters, |a, b| b == a.wrapping_add(1));
    let down = longest_run(&letters, |a, b| a == b.wrapping_add(1));
    up.max(down)
}

/// Shannon entropy in bits per byte.
///
/// ```
/// use oktaleaks::matcher::shannon_entropy;
/// assert_eq!(shannon_entropy(b"aaaa"), 0.0);
/// assert!((shannon_entropy(b"abcd") - 2.0).abs() < 1e-9);
/// ```
pub fn shannon_entropy(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    bytes.iter().for_each(|&b| counts[b as usize] += 1);
    let n = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::load_builtin;

    /// A small deterministic generator (xorshift), so the test needs no extra crate.
    fn tokens(count: usize) -> impl Iterator<Item = String> {
        const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        (0..count).map(move |_| {
            let body: String = (0..40)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    ABC[(state % 64) as usize] as char
                })
                .collect();
            format!("00{body}")
        })
    }

    #[test]
    fn random_tokens_pass() {
        let r = load_builtin().unwrap().kinds[0].randomness.clone().unwrap();
        let rejected: Vec<(String, &str)> = tokens(1_000_000)
            .filter_map(|t| rejection(&t, &r).map(|why| (t, why)))
            .collect();
        // About one in a million is expected to fail by chance (two words of the list, say).
        assert!(rejected.len() <= 3, "{rejected:?}");
        let min = tokens(200_000)
            .map(|t| shannon_entropy(&t.as_bytes()[2..]))
            .fold(f64::MAX, f64::min);
        assert!(min > 4.0, "lowest entropy {min}");
    }

    #[test]
    fn structured_strings_fail() {
        let r = load_builtin().unwrap().kinds[0].randomness.clone().unwrap();
        for t in [
            "00xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "00ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn",
            "00abababababababababababababababababababab",
            "00b7b5c7a9e4d3c8f2e1d0c9b8a7f6e5d4c3b2a1f0",
            "00B7B5C7A9E4D3C8F2E1D0C9B8A7F6E5D4C3B2A1F0",
            "00YourOktaApiTokenGoesHereXXXXXXXXXXXXXXXX",
            "00igKrTNyNLHCw0wYSIsoDF28cN4B3KZPETBz9pqz0",
            "00TestTokenForUnitTestsOnlyNotReal1234567",
            "00ThisIsMyOktaTokenPleaseRotateIt_Xq7Zk2W",
            // Okta's docs: an alphabet walk that switches case and sprinkles digits.
            "00aBCdE0FGHijklmNO1pQ2RStuvWx34Y5z67ABCDEf",
            "00zY9xWvU_tsRq8PoNm-LKjih7GfEDcba6543ZyXwV",
        ] {
            assert!(rejection(t, &r).is_some(), "{t}");
        }
    }
}
