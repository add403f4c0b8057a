//! Rules as data: the token shape, the randomness thresholds and the context rules.
//!
//! `RuleSet` is the validated, ready-to-match form of one or more rules files (the built-in
//! `rules/okta.toml` is embedded with `include_str!`). Loading checks every regex and threshold
//! up front, so the matcher never meets a bad rule. Matching itself lives in `matcher`.

mod load;
mod schema;

pub use load::{load_builtin, load_file, merge, BUILTIN_RULES, BUILTIN_RULES_NAME};
pub use schema::{Confidence, NearbyOkta};

use aho_corasick::AhoCorasick;
use regex::bytes::Regex;

/// The candidate shape: what a token looks like before any context is considered.
#[derive(Debug, Clone)]
pub struct TokenShape {
    /// Finds candidates; each hit is then checked against `alphabet` for whole-run length.
    pub pattern: Regex,
    /// Bytes a token is made of (a lookup table by byte value).
    pub alphabet: [bool; 256],
    /// Exact token length in bytes.
    pub length: usize,
}

/// Thresholds that tell a random token from a placeholder or a structured string.
#[derive(Debug, Clone)]
pub struct Randomness {
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
    /// The candidate shape.
    pub token: TokenShape,
    /// Randomness thresholds.
    pub randomness: Randomness,
    /// Context regexes.
    pub context: ContextRules,
    /// Context rules in evaluation order.
    pub rules: Vec<Rule>,
}
