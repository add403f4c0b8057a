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

/// Which live check a credential kind gets under `--verify`: each is one module of `verify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// Never sent anywhere.
    None,
    /// An API token: `GET /api/v1/users/me` with `Authorization: SSWS`.
    Ssws,
    /// An OAuth 2.0 client secret: the org's token endpoint, client-credentials grant.
    ClientSecret,
    /// A service app's private key: a signed client assertion at the token endpoint.
    PrivateKey,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RulesFile {
    pub version: Option<u32>,
    /// Version 1's shape and randomness of the API token, now in its `[[kind]]`: kept only
    /// to name the move in the error.
    pub token: Option<toml::Value>,
    pub randomness: Option<toml::Value>,
    pub context: Option<ContextSection>,
    #[serde(default, rename = "kind")]
    pub kinds: Vec<KindSection>,
    #[serde(default, rename = "rule")]
    pub rules: Vec<RuleSection>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct KindSection {
    pub id: String,
    pub name: String,
    pub pattern: String,
    pub alphabet: Option<String>,
    #[serde(default)]
    pub lengths: Vec<usize>,
    pub companion: Option<String>,
    #[serde(default)]
    pub published: Vec<String>,
    #[serde(default)]
    pub anchors: Vec<String>,
    pub redact: Option<String>,
    pub check: CheckKind,
    pub randomness: Option<RandomnessSection>,
    pub report: ReportSection,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ReportSection {
    pub about: String,
    pub help: String,
    #[serde(default)]
    pub console_path: String,
    pub console_fallback: String,
    pub fix_live: String,
    pub fix_unknown: String,
    pub fix_inactive: String,
    pub inactive: String,
    pub act: String,
    pub noun: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(rename = "step")]
    pub steps: Vec<StepSection>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StepSection {
    pub title: String,
    pub detail: String,
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
    pub kind: Option<String>,
    pub name: String,
    pub confidence: Confidence,
    #[serde(default = "default_precision")]
    pub precision: String,
    pub security_severity: f64,
    pub before: Option<String>,
    pub nearby_okta: NearbyOkta,
    pub nearby_also: Option<String>,
    pub not_nearby: Option<String>,
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
