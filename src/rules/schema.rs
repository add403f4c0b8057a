//! The on-disk form of a rules file (TOML), before validation.

use serde::{Deserialize, Serialize};

/// How sure a finding is. Ordered: `Likely < Certain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Token-shaped and random, with Okta mentioned in the file or repository.
    Likely,
    /// An SSWS header, or a key that names Okta.
    Certain,
}

impl Confidence {
    /// The lowercase name used in every report.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Likely => "likely",
            Confidence::Certain => "certain",
        }
    }
}

/// Where a rule needs an Okta mention to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NearbyOkta {
    /// No Okta mention needed (the `before` context is Okta-specific on its own).
    None,
    /// On the token's line, or within `context.nearby_lines` lines above it.
    Lines,
    /// Anywhere in the same file.
    File,
    /// Anywhere in the same file or in another file of the same repository (scan root).
    Repo,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RulesFile {
    pub version: Option<u32>,
    pub token: Option<TokenSection>,
    pub randomness: Option<RandomnessSection>,
    pub context: Option<ContextSection>,
    #[serde(default, rename = "rule")]
    pub rules: Vec<RuleSection>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TokenSection {
    pub pattern: String,
    pub alphabet: String,
    pub length: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RandomnessSection {
    pub min_entropy_bits: f64,
    #[serde(default)]
    pub require_upper: bool,
    #[serde(default)]
    pub require_lower: bool,
    pub max_repeat: usize,
    pub max_sequence: usize,
    /// 0 (the default) turns the check off.
    #[serde(default)]
    pub max_letter_walk: usize,
    #[serde(default)]
    pub placeholder_words: Vec<String>,
    #[serde(default)]
    pub known_examples: Vec<String>,
    #[serde(default)]
    pub max_words: usize,
    #[serde(default)]
    pub words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ContextSection {
    pub okta_word: String,
    #[serde(default)]
    pub not_okta_words: Vec<String>,
    pub org_suffixes: Vec<String>,
    #[serde(default)]
    pub not_orgs: Vec<String>,
    pub nearby_lines: usize,
    pub deny_before: String,
    #[serde(default)]
    pub credential_file_name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleSection {
    pub id: String,
    pub name: String,
    pub confidence: Confidence,
    #[serde(default = "default_precision")]
    pub precision: String,
    pub security_severity: f64,
    pub before: Option<String>,
    pub nearby_okta: NearbyOkta,
    #[serde(default)]
    pub credential_files: bool,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub negative_examples: Vec<String>,
}

fn default_precision() -> String {
    "medium".to_string()
}
