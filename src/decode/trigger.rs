//! One pass over a text that tells each decoder whether, and where, it has work.
//!
//! All decoder triggers (base64 signatures and JSON openers, escaped `00`s) go into one
//! multi-literal searcher, so a text with nothing encoded in it costs a single SIMD scan.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use super::base64;
use super::escape::{Syntax, TOKEN_STARTS};

/// What a trigger literal asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Base64,
    Escape(Syntax),
}

/// Where the decoders have work in one text.
#[derive(Debug, Default)]
pub struct Hits {
    /// Base64 trigger hits, in order.
    pub base64: Vec<Range<usize>>,
    /// The text holds a percent-encoded `00`.
    pub percent: bool,
    /// The text holds a backslash-escaped `00`.
    pub backslash: bool,
}

/// The compiled trigger searcher.
#[derive(Debug, Clone)]
pub struct Triggers {
    searcher: AhoCorasick,
    kinds: Vec<Kind>,
}

impl Default for Triggers {
    fn default() -> Self {
        let mut literals: Vec<&str> = Vec::new();
        let mut kinds = Vec::new();
        for lit in base64::SIGNATURES.iter().chain(base64::JSON_OPENERS.iter()) {
            literals.push(lit);
            kinds.push(Kind::Base64);
        }
        for (lit, syntax) in TOKEN_STARTS {
            literals.push(lit);
            kinds.push(Kind::Escape(syntax));
        }
        let searcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&literals)
            .expect("static literals");
        Triggers { searcher, kinds }
    }
}

impl Triggers {
    /// Finds every trigger in `text`.
    pub fn scan(&self, text: &[u8]) -> Hits {
        let mut hits = Hits::default();
        for m in self.searcher.find_iter(text) {
            match self.kinds[m.pattern().as_usize()] {
                Kind::Base64 => hits.base64.push(m.range()),
                Kind::Escape(Syntax::Percent) => hits.percent = true,
                Kind::Escape(Syntax::Backslash) => hits.backslash = true,
            }
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        let t = Triggers::default();
        let h = t.scan(br"a%30%30b MDBx \u0030\u0030");
        assert!(h.percent && h.backslash);
        assert_eq!(h.base64, vec![9..12]);
        let h = t.scan(b"plain text 1000 and 0x00");
        assert!(!h.percent && !h.backslash && h.base64.is_empty());
    }
}
