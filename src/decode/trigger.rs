//! One pass over a text that tells each decoder whether, and where, it has work.
//!
//! All decoder triggers (base64 signatures and JSON openers, escaped starts of credentials,
//! both built from the kinds' prefixes) go into one
//! multi-literal searcher, so a text with nothing encoded in it costs a single SIMD scan.
//! The same pass looks for the first bytes of an Okta mention, when the rules give them
//! (`rules::ContextRules::mention_prefixes`): most texts have neither, and a second pass over
//! every text for the mention alone cost a tree scan about a tenth of its time.

use std::ops::Range;

use aho_corasick::{AhoCorasick, Input, MatchKind};

use super::escape::{self, Syntax};
use super::{base64, TriggerPrefix};

/// What a trigger literal asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Base64,
    Escape(Syntax),
    Mention,
    /// An anchor of the credential kind with this index.
    Anchor(usize),
}

/// Where the decoders have work in one text.
#[derive(Debug, Default)]
pub struct Hits {
    /// Base64 trigger hits, in order.
    pub base64: Vec<Range<usize>>,
    /// The text holds a percent-encoded start of a credential (`%30%30`).
    pub percent: bool,
    /// The text holds a backslash-escaped start of a credential (`\u0030\u0030`).
    pub backslash: bool,
    /// The text may mention Okta: it holds one of the mention prefixes, or the searcher was
    /// built without them.
    pub may_mention: bool,
    /// Bit `k` set: credential kind `k` may be in the text (it has no anchors, its anchors
    /// are searched apart, or one is in the text).
    pub kinds: u64,
}

/// Most literals the searcher takes: past 64, aho-corasick gives up its SIMD search (Teddy)
/// for a much slower one, and within it every literal more blurs its buckets. Measured on
/// real code (873 MB), the built-in rules' 26 decoder and anchor literals with the mention's
/// 24 four-byte prefixes (50 in all) took 0.16 s of CPU, with its 12 three-byte cuts (38)
/// 0.14 s; before the anchors, 43 of 3-4 bytes searched as fast as 31 of 3.
const MAX_LITERALS: usize = 48;
/// Shortest mention prefix worth searching for (shorter ones hit on most texts).
const MIN_PREFIX: usize = 3;

/// Mention prefixes cut short (still prefixes of every mention) until at most `room` remain:
/// `okta`'s 16 case forms are 8 as `okt`. `None` when even the shortest cut leaves too many.
fn fitted(prefixes: &[Vec<u8>], room: usize) -> Option<Vec<Vec<u8>>> {
    let longest = prefixes.iter().map(Vec::len).max()?;
    (MIN_PREFIX..=longest).rev().find_map(|len| {
        let mut cut: Vec<Vec<u8>> = prefixes
            .iter()
            .map(|p| p[..p.len().min(len)].to_vec())
            .collect();
        cut.sort();
        cut.dedup();
        (cut.len() <= room && cut.iter().all(|p| p.len() >= MIN_PREFIX)).then_some(cut)
    })
}

/// Whether some end of `a` (or all of it) is a start of `b`, or `b` lies inside `a`.
fn overlap(a: &[u8], b: &[u8]) -> bool {
    (1..=a.len().min(b.len())).any(|k| a.ends_with(&b[..k])) || a.windows(b.len()).any(|w| w == b)
}

/// The compiled trigger searcher.
#[derive(Debug, Clone)]
pub struct Triggers {
    searcher: AhoCorasick,
    kinds: Vec<Kind>,
    /// Whether mention prefixes are among the literals.
    finds_mentions: bool,
    /// Kinds whose anchors are not among the literals: always in play.
    always: u64,
}

impl Default for Triggers {
    /// JSON openers alone: every text may mention Okta.
    fn default() -> Self {
        Triggers::new(&[], &[], None)
    }
}

impl Triggers {
    /// The decoders' triggers for credentials that start with `prefixes`, the `anchors` of
    /// credential kinds (a literal and its kind's index: a kind without any is always in
    /// play) and, when given, the prefixes of an Okta mention.
    pub fn new(
        prefixes: &[TriggerPrefix],
        anchors: &[(Vec<u8>, usize)],
        mention_prefixes: Option<&[Vec<u8>]>,
    ) -> Self {
        let mut owned: Vec<(Vec<u8>, Kind)> = Vec::new();
        let mut add = |literal: Vec<u8>, kind: Kind| {
            if !owned.iter().any(|(l, _)| *l == literal) {
                owned.push((literal, kind));
            }
        };
        for p in prefixes {
            for sig in base64::signatures(&p.literal, &p.next) {
                add(sig.into_bytes(), Kind::Base64);
            }
        }
        for opener in base64::JSON_OPENERS {
            add(opener.as_bytes().to_vec(), Kind::Base64);
        }
        for p in prefixes {
            for (start, syntax) in escape::starts(&p.literal) {
                add(start.into_bytes(), Kind::Escape(syntax));
            }
        }
        // An anchor that starts with another literal, or that another starts with, would hide
        // behind it (one match is reported at a position; the search resumes one byte on, so
        // literals that merely overlap are all found): its kind stays always in play, as does
        // one past the literal budget or the bitmask.
        let mut always = u64::MAX;
        let fused: Vec<&(Vec<u8>, usize)> = anchors
            .iter()
            .filter(|(a, kind)| {
                *kind < 64
                    && !owned
                        .iter()
                        .any(|(l, _)| a.starts_with(l) || l.starts_with(a))
            })
            .collect();
        let whole_kinds: Vec<usize> = fused
            .iter()
            .map(|(_, kind)| *kind)
            .filter(|kind| {
                anchors
                    .iter()
                    .filter(|(_, k)| k == kind)
                    .all(|anchor| fused.contains(&anchor))
            })
            .collect();
        if owned.len() + fused.len() < MAX_LITERALS {
            for (anchor, kind) in fused.iter().filter(|(_, k)| whole_kinds.contains(k)) {
                owned.push((anchor.clone(), Kind::Anchor(*kind)));
                always &= !(1 << kind);
            }
        }
        let mut literals: Vec<&[u8]> = owned.iter().map(|(l, _)| l.as_slice()).collect();
        let mut kinds: Vec<Kind> = owned.iter().map(|(_, k)| *k).collect();
        // A mention that could start inside a trigger's bytes would hide behind it (the
        // search resumes after a trigger): such rules get the separate mention search. (After a
        // mention it resumes one byte on, so a trigger inside a mention is found.)
        let mention_prefixes = mention_prefixes
            .and_then(|p| fitted(p, MAX_LITERALS.saturating_sub(literals.len())))
            .filter(|p| !p.iter().any(|m| literals.iter().any(|t| overlap(t, m))));
        for lit in mention_prefixes.iter().flatten() {
            literals.push(lit);
            kinds.push(Kind::Mention);
        }
        let searcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&literals)
            .expect("short literals always build");
        Triggers {
            searcher,
            kinds,
            finds_mentions: mention_prefixes.is_some(),
            always,
        }
    }

    /// Finds every trigger in `text`.
    pub fn scan(&self, text: &[u8]) -> Hits {
        let mut hits = Hits {
            may_mention: !self.finds_mentions,
            kinds: self.always,
            ..Hits::default()
        };
        let mut at = 0;
        while let Some(m) = self.searcher.find(Input::new(text).range(at..)) {
            // One byte on, not past the match: a literal may start inside another (`OKTAw…`
            // holds `TAw`, `wMECRET` an anchor).
            at = m.start() + 1;
            match self.kinds[m.pattern().as_usize()] {
                Kind::Base64 => hits.base64.push(m.range()),
                Kind::Escape(Syntax::Percent) => hits.percent = true,
                Kind::Escape(Syntax::Backslash) => hits.backslash = true,
                Kind::Mention => hits.may_mention = true,
                Kind::Anchor(kind) => hits.kinds |= 1 << kind,
            }
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Triggers {
        let rules = crate::rules::load_builtin().expect("built-in rules");
        Triggers::new(
            &crate::matcher::triggers_of(&rules),
            &crate::matcher::anchors_of(&rules),
            None,
        )
    }

    #[test]
    fn kinds() {
        let t = builtin();
        let h = t.scan(br"a%30%30b MDBx \u0030\u0030");
        assert!(h.percent && h.backslash);
        assert_eq!(h.base64, vec![9..12]);
        let h = t.scan(b"plain text 1000 and 0x00");
        assert!(!h.percent && !h.backslash && h.base64.is_empty());
        assert!(
            h.may_mention,
            "without prefixes every text may mention Okta"
        );
    }

    #[test]
    fn mention_prefixes_are_cut_to_fit() {
        // The 16 case forms of `okta`.
        let forms: Vec<Vec<u8>> = (0..16u8)
            .map(|bits| {
                (0..4)
                    .map(|i| {
                        let b = b"okta"[i];
                        if bits & (1 << i) != 0 {
                            b.to_ascii_uppercase()
                        } else {
                            b
                        }
                    })
                    .collect()
            })
            .collect();
        assert_eq!(fitted(&forms, 16).map(|p| p.len()), Some(16));
        let cut = fitted(&forms, 12).expect("three-byte cuts fit");
        assert_eq!(cut.len(), 8);
        assert!(cut.iter().all(|p| p.eq_ignore_ascii_case(b"okt")));
        assert_eq!(
            fitted(&forms, 7),
            None,
            "cut below three bytes: no prefilter"
        );
        // The built-in rules' prefixes are cut to three bytes to fit.
        let rules = crate::rules::load_builtin().expect("built-in rules");
        let prefixes = rules
            .context
            .mention_prefixes
            .clone()
            .expect("built-in prefixes");
        let decoders = builtin().kinds.len();
        let t = Triggers::new(
            &crate::matcher::triggers_of(&rules),
            &crate::matcher::anchors_of(&rules),
            Some(&prefixes),
        );
        assert!(t.finds_mentions);
        let cut = fitted(&prefixes, MAX_LITERALS - decoders).expect("they fit cut");
        assert!(cut.iter().all(|p| p.len() == MIN_PREFIX), "{cut:?}");
        assert_eq!(t.kinds.len(), decoders + cut.len());
        assert!(t.kinds.len() <= MAX_LITERALS);
    }

    #[test]
    fn a_mention_that_could_overlap_a_trigger_keeps_its_own_search() {
        // `zAw` is a base64 trigger; `zAworkforce` would hide `workforce` behind it.
        let rules = crate::rules::load_builtin().expect("built-in rules");
        let t = Triggers::new(
            &crate::matcher::triggers_of(&rules),
            &crate::matcher::anchors_of(&rules),
            Some(&[b"wor".to_vec()]),
        );
        assert!(!t.finds_mentions);
        assert!(t.scan(b"nothing").may_mention);
        assert!(overlap(b"zAw", b"wor") && overlap(b"abc", b"b") && !overlap(b"MDA", b"okt"));
    }

    #[test]
    fn mentions_join_the_same_pass() {
        let prefixes = vec![b"okta".to_vec(), b"OKTA".to_vec()];
        let rules = crate::rules::load_builtin().expect("built-in rules");
        let t = Triggers::new(
            &crate::matcher::triggers_of(&rules),
            &crate::matcher::anchors_of(&rules),
            Some(&prefixes),
        );
        assert!(!t.scan(b"plain text, MDA").may_mention);
        let h = t.scan(b"OKTAwMDAw and okta");
        assert!(h.may_mention);
        // The signature inside the mention's bytes is found all the same.
        assert_eq!(h.base64.first(), Some(&(2..5)));
    }

    #[test]
    fn anchors_say_which_kinds_may_be_in_a_text() {
        let rules = crate::rules::load_builtin().expect("built-in rules");
        let bit = |id: &str| 1u64 << rules.kinds.iter().position(|k| k.id == id).expect(id);
        let (token, secret, key) = (
            bit("okta.api_token"),
            bit("okta.client_secret"),
            bit("okta.private_key"),
        );
        let t = builtin();
        // A kind without anchors is always in play; the others only where an anchor is.
        assert_eq!(t.scan(b"plain text").kinds & (token | secret | key), token);
        assert_ne!(t.scan(b"x\nCLIENT_SECRET=y").kinds & secret, 0);
        assert_ne!(t.scan(b"-----BEGIN PRIVATE KEY-----").kinds & key, 0);
        assert_ne!(t.scan(br#"{"kty":"EC","d":"x"}"#).kinds & key, 0);
        assert_eq!(t.scan(b"-----BEGIN PRIVATE KEY-----").kinds & secret, 0);
    }
}
