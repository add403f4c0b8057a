//! Rules as data: the credential kinds (each one's shape, randomness thresholds, report texts,
//! remediation and live check), the Okta context, and the context rules.
//!
//! `RuleSet` is the validated, ready-to-match form of one or more rules files (the built-in
//! `rules/okta.toml` is embedded with `include_str!`). Loading checks every regex and threshold
//! up front, so the matcher never meets a bad rule. Matching itself lives in `matcher`; what
//! every later stage needs of a kind (redaction, decoder triggers, texts) is derived here.

mod load;
mod schema;

pub use load::{load_builtin, load_file, merge, BUILTIN_RULES, BUILTIN_RULES_NAME};
pub use schema::{CheckKind, Confidence, NearbyOkta};

use std::sync::Arc;

use aho_corasick::AhoCorasick;
use regex::bytes::Regex;

/// The candidate shape: what a credential looks like before any context is considered.
#[derive(Debug, Clone)]
pub struct TokenShape {
    /// Finds candidates. With a `secret` group, the group is the credential (the rest is its
    /// key); else the whole match is.
    pub pattern: Regex,
    /// The index of the `secret` group.
    pub secret_group: Option<usize>,
    /// Bytes a credential is made of (a lookup table by byte value): a candidate must be a
    /// whole run of them.
    pub alphabet: Option<[bool; 256]>,
    /// Lengths a credential may have (empty: any the pattern gives).
    pub lengths: Vec<usize>,
    /// Literals one of which starts every credential (`00`), from the pattern: the decoders'
    /// triggers and stderr redaction are built from them. Empty when there is no short set.
    pub prefixes: Vec<Vec<u8>>,
}

impl TokenShape {
    /// A run-shaped kind: a fixed-length run of `alphabet` found by its pattern alone (the API
    /// token). Candidates are then the last `length` bytes of a run, after an escape's tail.
    pub fn run_length(&self) -> Option<usize> {
        match (&self.alphabet, self.secret_group, self.lengths.as_slice()) {
            (Some(_), None, [length]) => Some(*length),
            _ => None,
        }
    }

    /// Whether byte `b` is one a credential is made of (any byte when no alphabet is set).
    pub fn in_alphabet(&self, b: u8) -> bool {
        self.alphabet.is_none_or(|a| a[b as usize])
    }
}

/// A kind of credential: an API token, a client secret, a private key.
#[derive(Debug, Clone)]
pub struct Kind {
    /// Stable id such as `okta.api_token`.
    pub id: String,
    /// What it is, for people ("Okta API token").
    pub name: String,
    /// Its shape.
    pub shape: TokenShape,
    /// Randomness thresholds; `None`: the shape alone decides (a PEM block).
    pub randomness: Option<Randomness>,
    /// Finds the client id a credential belongs to near it (its `id` group).
    pub companion: Option<Regex>,
    /// What stderr and reports redact of this kind, when not the pattern's matches (a PEM
    /// body cut short, or written with escapes the pattern does not take).
    pub redact: Option<Regex>,
    /// Literals one of which (exactly as written) every match of the pattern holds: the
    /// pattern runs only on texts holding one (empty: on every text). A pattern with no
    /// literal start of its own (a key name in any case, a JWK's `{`) would otherwise cost a
    /// pass over every byte; the decoders' one trigger pass finds these too.
    pub anchors: Vec<String>,
    /// Parts of credentials that documentation publishes (an SDK README's example key): a
    /// candidate holding one is no leak.
    pub published: Vec<String>,
    /// The live check `--verify` makes.
    pub check: CheckKind,
    /// What reports say about it.
    pub report: KindReport,
}

impl Kind {
    /// What `secret::redact_tokens` must hide of this kind: each prefix's run for a
    /// run-shaped kind, else the pattern's matches.
    pub fn redact_shapes(&self) -> Vec<crate::secret::RedactShape> {
        use crate::secret::RedactShape;
        match (self.shape.run_length(), self.shape.alphabet) {
            (Some(length), Some(alphabet)) if !self.shape.prefixes.is_empty() => self
                .shape
                .prefixes
                .iter()
                .map(|prefix| RedactShape::Run {
                    prefix: prefix.clone(),
                    alphabet: Box::new(alphabet),
                    length,
                })
                .collect(),
            _ => vec![match &self.redact {
                Some(regex) => RedactShape::Pattern {
                    regex: regex.clone(),
                    group: None,
                },
                None => RedactShape::Pattern {
                    regex: self.shape.pattern.clone(),
                    group: self.shape.secret_group,
                },
            }],
        }
    }
}

/// A kind's texts: SARIF rule descriptions and help, remediation steps and fix lines.
/// Templates may use `{console}` (the Admin Console, with its page when the org is known),
/// `{page}` (the page, or `console_fallback`), `{api}` (the org URL, or a placeholder) and
/// `{client_id}`.
#[derive(Debug, Clone)]
pub struct KindReport {
    /// Why it matters, one or two sentences (SARIF full description).
    pub about: String,
    /// The opening of the SARIF help (Markdown).
    pub help: String,
    /// The org's Admin Console path where the credential is managed (`/admin/access/api/tokens`).
    pub console_path: String,
    /// Where to go when no org is known.
    pub console_fallback: String,
    /// One-line fixes, by verdict.
    pub fix_live: String,
    /// When the check could not be made.
    pub fix_unknown: String,
    /// When Okta rejects it.
    pub fix_inactive: String,
    /// The first step when Okta already rejects it (replacing the first step).
    pub inactive: String,
    /// What one is called in a sentence ("token", "client secret").
    pub noun: String,
    /// What to do, one sentence (a SARIF result's message ends with it).
    pub act: String,
    /// Extra SARIF tags.
    pub tags: Vec<String>,
    /// Remediation steps, most urgent first.
    pub steps: Vec<(String, String)>,
}

/// Thresholds that tell a random token from a placeholder or a structured string.
#[derive(Debug, Clone)]
pub struct Randomness {
    /// Bytes at the start left out of every check (the kind's fixed prefix, `00`).
    pub body_start: usize,
    /// Minimum Shannon entropy, in bits per character, of the body after the `00` prefix.
    pub min_entropy_bits: f64,
    /// The body must contain an uppercase letter.
    pub require_upper: bool,
    /// The body must contain a lowercase letter.
    pub require_lower: bool,
    /// Longest allowed run of one repeated character.
    pub max_repeat: usize,
    /// Longest allowed run of consecutive ascending or descending characters.
    pub max_sequence: usize,
    /// Longest allowed walk through the alphabet by the body's letters alone, case folded and
    /// other characters skipped (`aBCdE0FGh…`); 0: no limit.
    pub max_letter_walk: usize,
    /// Words that mark a placeholder (matched case-insensitively).
    pub placeholder_words: AhoCorasick,
    /// Exact strings published as documentation examples.
    pub known_examples: Vec<String>,
    /// A body holding this many of `words` reads as text (0: no limit).
    pub max_words: usize,
    /// Words of 4+ letters that text-like fake tokens are made of (case-insensitive).
    pub words: AhoCorasick,
}

/// Regexes that find Okta context around a candidate.
#[derive(Debug, Clone)]
pub struct ContextRules {
    /// A mention of Okta.
    pub okta_word: Regex,
    /// Words holding `okta_word` that are no mention of Okta (lowercase): the tool's own
    /// name, so that adopting it (`.oktaleaksignore`, `oktaleaks.yml`) lends no context.
    pub not_okta_words: Vec<String>,
    /// `okta_word` or any org suffix: one search that says whether a blob may mention Okta.
    pub mention: Regex,
    /// Literals one of which starts every match of `mention`, when there are few enough to
    /// join the decoders' trigger search (see `decode::trigger`).
    pub mention_prefixes: Option<Vec<Vec<u8>>>,
    /// The same prefixes, case-folded, for short texts (paths): a quick "surely not" before
    /// `mention` runs on every file's path.
    pub mention_quick: Option<AhoCorasick>,
    /// Okta org host suffixes, each with its leading dot (`.okta.com`), case-insensitive.
    pub org_suffixes: AhoCorasick,
    /// Subdomains on Okta suffixes that are Okta's own sites, not customer orgs (lowercase).
    pub not_orgs: Vec<String>,
    /// Lines above a token within which an Okta mention counts as nearby.
    pub nearby_lines: usize,
    /// Text before a token that marks a login-flow token (dropped).
    pub deny_before: Regex,
    /// A file name that reads as a credential file's (`okta.token`, `api-key.txt`).
    pub credential_file_name: Option<Regex>,
}

/// One context rule: the first rule (in file order) whose conditions hold names the finding.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable id such as `okta.ssws`; fingerprints and baselines depend on it.
    pub id: String,
    /// Index of the kind of credential it finds, in `RuleSet::kinds`.
    pub kind: usize,
    /// One-line human name.
    pub name: String,
    /// How sure a finding of this rule is.
    pub confidence: Confidence,
    /// SARIF precision: `very-high`, `high`, `medium` or `low`.
    pub precision: String,
    /// GitHub's `security-severity` (0.0 to 10.0).
    pub security_severity: f64,
    /// Must match the text just before the token (on its line), when present.
    pub before: Option<Regex>,
    /// Where an Okta mention must be.
    pub nearby_okta: NearbyOkta,
    /// What else counts as an Okta mention for this rule (an Okta client id), within the same
    /// reach (for `lines`, also below the credential).
    pub nearby_also: Option<Regex>,
    /// A match within `nearby_lines` of the credential drops it for this rule (a certificate
    /// next to a private key: a TLS key, not an Okta one).
    pub not_nearby: Option<Regex>,
    /// A credential file (a file named as one, holding nothing but the token) satisfies
    /// `before`: its name is the token's key.
    pub credential_files: bool,
    /// Texts that must produce a finding of this rule.
    pub examples: Vec<String>,
    /// Texts that must produce no finding of this rule.
    pub negative_examples: Vec<String>,
}

/// Everything the matcher needs, validated.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// Credential kinds; the first is the one a rule without `kind` finds.
    pub kinds: Vec<Arc<Kind>>,
    /// Context regexes.
    pub context: ContextRules,
    /// Context rules in evaluation order.
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// The kind a rule finds.
    pub fn kind_of(&self, rule: &Rule) -> &Arc<Kind> {
        &self.kinds[rule.kind]
    }

    /// The kind of the rule with this id; `None` for a rule these rules do not have (a
    /// datastore written with a user's rules).
    pub fn kind_of_rule_id(&self, rule_id: &str) -> Option<&Arc<Kind>> {
        self.rules
            .iter()
            .find(|r| r.id == rule_id)
            .map(|r| &self.kinds[r.kind])
    }
}
