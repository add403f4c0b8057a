//! Finds Okta credentials in one blob of text.
//!
//! A `Matcher` is built once from the rules and cloned per thread; it keeps its scratch
//! buffers between blobs. It finds candidates (each kind's shape), checks their randomness,
//! and names each with the best rule of its kind whose context holds. It knows nothing about
//! files or git: spans are offsets into the text, and `finding` turns them into lines.

mod candidate;
mod context;
mod entropy;

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

pub use context::{okta_mention, org_hosts, PathMention};
pub use entropy::{rejection, shannon_entropy};

use crate::decode::{self, Decoder, Encoding, View};
use crate::rules::{NearbyOkta, RuleSet};
use context::BlobContext;

/// A token the matcher is confident enough to report (or to report once the repository is
/// known to mention Okta).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Index of the rule in the rule set.
    pub rule: usize,
    /// Index of the credential's kind in the rule set.
    pub kind: usize,
    /// The client id found near it, for kinds that have one (`companion`).
    pub companion: Option<String>,
    /// The token itself.
    pub token: String,
    /// Where it is in the text (for a decoded token: the encoded bytes that hold it).
    pub span: Range<usize>,
    /// The decoder that revealed it, if it was not in plain sight.
    pub encoding: Option<Encoding>,
    /// The Okta org URL mentioned nearest to it.
    pub org: Option<String>,
    /// True when only an Okta mention elsewhere in the repository would make it a finding.
    pub needs_repo_context: bool,
}

/// Most matches kept from one blob, counted apart for those that stand now, those that wait
/// on the repository and those allowed in place. A hostile file of half a million tokens would
/// otherwise cost gigabytes in findings; past this the rest are counted, not kept.
pub const MAX_MATCHES_PER_BLOB: usize = 1_000;

/// Everything the matcher found in one blob.
#[derive(Debug, Default)]
pub struct BlobMatches {
    /// Matches in text order.
    pub matches: Vec<Match>,
    /// Token-shaped strings not kept (or not examined) once [`MAX_MATCHES_PER_BLOB`] matches
    /// were kept.
    pub not_kept: usize,
    /// Whether the blob mentions Okta (only computed when it holds a candidate).
    pub mentions_okta: bool,
    /// The first org URL the blob mentions (only computed when it holds a candidate).
    pub org: Option<String>,
    /// Whether the text may mention Okta, from the decoders' pass (set when it holds no
    /// candidate: false means it surely does not).
    pub text_may_mention: bool,
}

/// Finds tokens; cheap to clone, one per thread.
#[derive(Debug)]
pub struct Matcher {
    rules: Arc<RuleSet>,
    decoder: Decoder,
    views: Vec<View>,
    spans: Vec<Range<usize>>,
}

impl Clone for Matcher {
    /// A matcher with the same rules and searchers (shared) and fresh scratch buffers.
    fn clone(&self) -> Self {
        Matcher {
            rules: Arc::clone(&self.rules),
            decoder: self.decoder.clone(),
            views: Vec::new(),
            spans: Vec::new(),
        }
    }
}

impl Matcher {
    /// A matcher for these rules.
    pub fn new(rules: Arc<RuleSet>) -> Self {
        Matcher {
            decoder: Decoder::new(
                &triggers_of(&rules),
                &anchors_of(&rules),
                rules.context.mention_prefixes.as_deref(),
            ),
            rules,
            views: Vec::new(),
            spans: Vec::new(),
        }
    }

    /// The rules this matcher uses.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Finds the tokens in `text`, a blob with no path.
    pub fn scan(&mut self, text: &[u8]) -> BlobMatches {
        self.scan_at(text, b"", &|_| false)
    }

    /// Finds the tokens in `text`, the blob at `path` (relative to its repository or project):
    /// a path naming Okta is context, and a file that holds nothing but a token under a
    /// credential file name is a credential file. `allowed` says which spans are allowed in
    /// place (`oktaleaks:allow`): those are kept apart, so that a thousand allowed decoys
    /// cannot use up the matches kept for the rest.
    pub fn scan_at(
        &mut self,
        text: &[u8],
        path: &[u8],
        allowed: &dyn Fn(&Range<usize>) -> bool,
    ) -> BlobMatches {
        let facts = self.decoder.decode_all(text, &mut self.views);
        let may_mention = facts.may_mention;
        let mut raw: Vec<(usize, Option<usize>, Range<usize>)> = Vec::new();
        self.spans.clear();
        for (kind, k) in self.rules.kinds.iter().enumerate() {
            // A kind with anchors runs only where the trigger pass saw one (in the text; decoded
            // views are few and small, and every kind runs on them).
            if kind >= 64 || facts.kinds & (1 << kind) != 0 {
                candidate::find(text, &k.shape, &mut self.spans);
                raw.extend(self.spans.drain(..).map(|s| (kind, None, s)));
            }
            for (index, view) in self.views.iter().enumerate() {
                candidate::find(&view.bytes, &k.shape, &mut self.spans);
                raw.extend(self.spans.drain(..).map(|s| (kind, Some(index), s)));
            }
        }
        if raw.is_empty() {
            return BlobMatches {
                text_may_mention: may_mention,
                ..BlobMatches::default()
            };
        }
        let rules = Arc::clone(&self.rules);
        let blob = BlobFacts::new(text, path, &rules);
        let mut ctx = BlobContext::new(
            text,
            &self.views,
            &rules.context,
            PathMention::of(path, &rules.context),
        );
        let mut out = BlobMatches::default();
        // A token seen again at the same place through another view (a percent-decoded copy
        // of the whole text, say) is the same finding.
        let mut seen: HashSet<(usize, String)> = HashSet::new();
        // Standing, waiting and allowed matches are capped apart, so that a thousand decoys
        // (with no Okta context, or allowed in place) cannot hide a real token after them.
        let (mut standing, mut waiting, mut allowed_kept) = (0, 0, 0);
        let candidates = raw.len();
        for (examined, (kind, index, span)) in raw.into_iter().enumerate() {
            if standing == MAX_MATCHES_PER_BLOB {
                out.not_kept += candidates - examined;
                break;
            }
            let candidate = Candidate { kind, index, span };
            let Some(m) = classify(&rules, &mut ctx, &blob, &self.views, text, candidate) else {
                continue;
            };
            let kept = if allowed(&m.span) {
                &mut allowed_kept
            } else if m.needs_repo_context {
                &mut waiting
            } else {
                &mut standing
            };
            if *kept == MAX_MATCHES_PER_BLOB {
                out.not_kept += 1;
            } else if seen.insert((m.span.start, m.token.clone())) {
                *kept += 1;
                out.matches.push(m);
            }
        }
        out.mentions_okta = ctx.mentions_okta();
        out.org = ctx.first_org();
        out.matches.sort_by_key(|m| m.span.start);
        out
    }
}

/// What the blob as a whole says about a candidate.
struct BlobFacts {
    /// Where the text is, once surrounding whitespace is left out.
    trimmed: Range<usize>,
    /// The file name reads as a credential file's (`okta.token`, `api-key.txt`).
    credential_name: bool,
}

impl BlobFacts {
    fn new(text: &[u8], path: &[u8], rules: &RuleSet) -> BlobFacts {
        let start = text
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(text.len());
        let end = text
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .map_or(start, |p| p + 1);
        let name = path.rsplit(|&b| b == b'/').next().unwrap_or(path);
        BlobFacts {
            trimmed: start..end,
            credential_name: rules
                .context
                .credential_file_name
                .as_ref()
                .is_some_and(|re| !name.is_empty() && re.is_match(name)),
        }
    }

    /// Whether the candidate at `span` of the text is all the file holds, in a file named as
    /// a credential: the file name is its key.
    fn is_credential_file(&self, index: Option<usize>, span: &Range<usize>) -> bool {
        self.credential_name && index.is_none() && *span == self.trimmed
    }
}

/// The decoders' triggers of every kind: the literals its credentials start with, and the
/// bytes that may follow them.
pub fn triggers_of(rules: &RuleSet) -> Vec<decode::TriggerPrefix> {
    rules
        .kinds
        .iter()
        .flat_map(|k| {
            k.shape.prefixes.iter().map(|p| decode::TriggerPrefix {
                literal: p.clone(),
                next: k.shape.alphabet.unwrap_or([true; 256]),
            })
        })
        .collect()
}

/// Every kind's anchors, each with its kind's index: the trigger pass looks for them.
pub fn anchors_of(rules: &RuleSet) -> Vec<(Vec<u8>, usize)> {
    rules
        .kinds
        .iter()
        .enumerate()
        .flat_map(|(kind, k)| k.anchors.iter().map(move |a| (a.as_bytes().to_vec(), kind)))
        .collect()
}

/// A credential-shaped string: its kind, the view it is in (`None`: the text) and where.
struct Candidate {
    kind: usize,
    index: Option<usize>,
    span: Range<usize>,
}

/// Names one candidate with the best rule of its kind whose context holds, or drops it.
fn classify(
    rules: &RuleSet,
    ctx: &mut BlobContext<'_>,
    blob: &BlobFacts,
    views: &[View],
    text: &[u8],
    candidate: Candidate,
) -> Option<Match> {
    let Candidate { kind, index, span } = candidate;
    let bytes = decode::bytes_of(text, views, index);
    let token = std::str::from_utf8(&bytes[span.clone()]).ok()?.to_string();
    let credential = &rules.kinds[kind];
    let random_enough = credential
        .randomness
        .as_ref()
        .is_none_or(|r| rejection(&token, r).is_none());
    if !random_enough
        || credential
            .published
            .iter()
            .any(|p| token.contains(p.as_str()))
    {
        return None;
    }
    let before = ctx.before(index, span.start);
    if rules.context.deny_before.is_match(&before) {
        return None;
    }
    let text_span = match index {
        None => span.clone(),
        Some(i) => decode::span_to_text(views, i, span.clone()),
    };
    // The most confident rule that holds now; failing that, the first that would hold if
    // the repository mentions Okta.
    let mut now: Option<usize> = None;
    let mut later: Option<usize> = None;
    let credential_file = blob.is_credential_file(index, &span);
    for (i, rule) in rules.rules.iter().enumerate() {
        if rule.kind != kind {
            continue;
        }
        let keyed_by_name = credential_file && rule.credential_files;
        if !keyed_by_name && rule.before.as_ref().is_some_and(|re| !re.is_match(&before)) {
            continue;
        }
        if rule
            .not_nearby
            .as_ref()
            .is_some_and(|re| ctx.near(re, &text_span, NearbyOkta::Lines))
        {
            continue;
        }
        let holds = match rule.nearby_okta {
            NearbyOkta::None => true,
            NearbyOkta::Lines => ctx.okta_nearby(text_span.start),
            NearbyOkta::File | NearbyOkta::Repo => ctx.mentions_okta(),
        } || rule
            .nearby_also
            .as_ref()
            .is_some_and(|re| ctx.near(re, &text_span, rule.nearby_okta));
        if holds {
            if now.is_none_or(|b| rule.confidence > rules.rules[b].confidence) {
                now = Some(i);
            }
        } else if rule.nearby_okta == NearbyOkta::Repo && later.is_none() {
            later = Some(i);
        }
    }
    let (rule, needs_repo_context) = match (now, later) {
        (Some(r), _) => (r, false),
        (None, Some(r)) => (r, true),
        (None, None) => return None,
    };
    let companion = credential
        .companion
        .as_ref()
        .and_then(|re| ctx.companion(re, &text_span));
    Some(Match {
        rule,
        kind,
        companion,
        org: ctx.nearest_org(text_span.start),
        token,
        span: text_span,
        encoding: index.map(|i| views[i].encoding),
        needs_repo_context,
    })
}

/// An example in a rules file that did not behave as declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule whose example failed.
    pub rule_id: String,
    /// The example text.
    pub example: String,
    /// What went wrong.
    pub problem: String,
}

/// Runs every rule's examples (each must give a finding of that rule) and negative examples
/// (each must give no finding at all), each as a blob of its own.
pub fn check_examples(rules: &Arc<RuleSet>) -> Vec<ExampleFailure> {
    let mut matcher = Matcher::new(Arc::clone(rules));
    let mut failures = Vec::new();
    for rule in &rules.rules {
        let mut fail = |example: &String, problem: String| {
            failures.push(ExampleFailure {
                rule_id: rule.id.clone(),
                example: example.clone(),
                problem,
            })
        };
        for example in &rule.examples {
            let ids: Vec<&str> = matcher
                .scan(example.as_bytes())
                .matches
                .iter()
                .filter(|m| !m.needs_repo_context)
                .map(|m| rules.rules[m.rule].id.as_str())
                .collect();
            if !ids.contains(&rule.id.as_str()) {
                fail(
                    example,
                    format!("expected a {} finding, got {ids:?}", rule.id),
                );
            }
        }
        for example in &rule.negative_examples {
            let found = matcher.scan(example.as_bytes()).matches;
            if let Some(m) = found.iter().find(|m| !m.needs_repo_context) {
                fail(
                    example,
                    format!("expected no finding, got {}", rules.rules[m.rule].id),
                );
            }
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::load_builtin;

    #[test]
    fn builtin_rule_examples() {
        let failures = check_examples(&Arc::new(load_builtin().unwrap()));
        assert!(failures.is_empty(), "{failures:#?}");
    }
}
