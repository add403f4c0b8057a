//! Reading, validating and merging rules files.
//!
//! Errors name the file and, for TOML problems, the line. A user's file may hold only
//! `[[rule]]` entries (added beside the built-in ones) or whole sections (which replace the
//! built-in ones); with the built-in rules left out it must hold every section.

use std::path::{Path, PathBuf};

use aho_corasick::AhoCorasick;
use regex::bytes::{Regex, RegexBuilder};

use std::sync::Arc;

use super::schema::{ContextSection, KindSection, RandomnessSection, RuleSection, RulesFile};
use super::{ContextRules, Kind, KindReport, Randomness, Rule, RuleSet, TokenShape};
use crate::error::{regex_problem, RuleError};

/// The built-in rules, embedded at compile time.
pub const BUILTIN_RULES: &str = include_str!("../../rules/okta.toml");
/// The name error messages give the built-in rules file.
pub const BUILTIN_RULES_NAME: &str = "<built-in rules/okta.toml>";

/// Size limit for compiled regexes, so a hostile rules file can exhaust neither memory nor
/// time: search time grows with the compiled size (`1[01]{20000}[2-9]` took 17 s on 100 KB
/// under a 10 MiB limit). The built-in rules need far less; allow-file regexes
/// have the same limit.
const REGEX_SIZE_LIMIT: usize = 1 << 20;
/// Cache of the lazy DFA built while searching.
const REGEX_DFA_SIZE_LIMIT: usize = 10 * (1 << 20);
const SEVERITY_RANGE: std::ops::RangeInclusive<f64> = 0.0..=10.0;
const PRECISIONS: [&str; 4] = ["very-high", "high", "medium", "low"];

/// Parses the embedded rules.
pub fn load_builtin() -> Result<RuleSet, RuleError> {
    let file = parse(BUILTIN_RULES, Path::new(BUILTIN_RULES_NAME))?;
    build(vec![(PathBuf::from(BUILTIN_RULES_NAME), file)])
}

/// Reads and parses one rules file, without validating it against others.
pub fn load_file(path: &Path) -> Result<LoadedFile, RuleError> {
    let text = std::fs::read_to_string(path).map_err(|source| RuleError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(LoadedFile {
        path: path.to_path_buf(),
        file: parse(&text, path)?,
    })
}

/// A parsed rules file waiting to be merged.
#[derive(Debug)]
pub struct LoadedFile {
    path: PathBuf,
    file: RulesFile,
}

/// Builds one rule set from the built-in rules (when `with_builtin`) and the user's files,
/// in order: later sections replace earlier ones, rules accumulate, and a repeated rule id
/// is an error.
pub fn merge(with_builtin: bool, files: Vec<LoadedFile>) -> Result<RuleSet, RuleError> {
    let mut all = Vec::new();
    if with_builtin {
        all.push((
            PathBuf::from(BUILTIN_RULES_NAME),
            parse(BUILTIN_RULES, Path::new(BUILTIN_RULES_NAME))?,
        ));
    }
    all.extend(files.into_iter().map(|f| (f.path, f.file)));
    build(all)
}

fn parse(text: &str, path: &Path) -> Result<RulesFile, RuleError> {
    toml::from_str(text).map_err(|err| {
        let line = err
            .span()
            .map(|span| 1 + text[..span.start.min(text.len())].matches('\n').count())
            .unwrap_or(0);
        RuleError::Parse {
            path: path.to_path_buf(),
            line,
            message: err.message().trim().to_string(),
        }
    })
}

fn build(files: Vec<(PathBuf, RulesFile)>) -> Result<RuleSet, RuleError> {
    let mut kinds: Vec<Arc<Kind>> = Vec::new();
    let mut context = None;
    let mut pending: Vec<(PathBuf, RuleSection)> = Vec::new();
    let mut last_path = PathBuf::from(BUILTIN_RULES_NAME);
    for (path, file) in files {
        if let Some(v) = file.version.filter(|v| !(1..=2).contains(v)) {
            return Err(invalid(
                &path,
                "version",
                format!("unsupported version {v}"),
            ));
        }
        if file.token.is_some() || file.randomness.is_some() {
            return Err(invalid(
                &path,
                "[token]",
                "[token] and [randomness] moved into the API token's [[kind]] \
                 (id = \"okta.api_token\") in version 2 of the rules format: see README, Rules"
                    .into(),
            ));
        }
        if let Some(c) = file.context {
            context = Some(build_context(&path, c)?);
        }
        for section in file.kinds {
            let kind = Arc::new(build_kind(&path, section)?);
            match kinds.iter_mut().find(|k| k.id == kind.id) {
                // A user's kind of the same id replaces the built-in one, as sections do.
                Some(old) => *old = kind,
                None => kinds.push(kind),
            }
        }
        pending.extend(file.rules.into_iter().map(|r| (path.clone(), r)));
        last_path = path;
    }
    let missing = |section: &str| invalid(&last_path, section, "section is missing".into());
    if kinds.is_empty() {
        return Err(missing("[[kind]]"));
    }
    let mut rules: Vec<Rule> = Vec::new();
    for (path, section) in pending {
        let rule = build_rule(&path, section, &kinds)?;
        if rules.iter().any(|r| r.id == rule.id) {
            return Err(invalid(&path, &rule.id, "rule id defined twice".into()));
        }
        rules.push(rule);
    }
    let set = RuleSet {
        kinds,
        context: context.ok_or_else(|| missing("[context]"))?,
        rules,
    };
    if set.rules.is_empty() {
        return Err(missing("[[rule]]"));
    }
    // From here on stderr and reports hide every kind these rules know.
    for kind in &set.kinds {
        kind.redact_shapes()
            .into_iter()
            .for_each(crate::secret::register_redaction);
    }
    Ok(set)
}

fn invalid(path: &Path, rule: &str, message: String) -> RuleError {
    RuleError::Invalid {
        path: path.to_path_buf(),
        rule: rule.to_string(),
        message,
    }
}

fn compile(path: &Path, rule: &str, field: &str, pattern: &str) -> Result<Regex, RuleError> {
    RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_SIZE_LIMIT)
        .build()
        .map_err(|e| {
            let problem = regex_problem(&e);
            let problem = match e {
                regex::Error::CompiledTooBig(limit) => format!(
                    "regex too big: it compiles to more than {} KiB, which would make every \
                     search slow; use fewer or smaller repetitions, and ASCII classes \
                     ([A-Za-z0-9_] or (?-u:\\w)) rather than Unicode ones (\\w)",
                    limit / 1024
                ),
                _ => format!("invalid regex: {problem}"),
            };
            invalid(path, rule, format!("{field}: {problem}"))
        })
}

fn build_kind(path: &Path, k: KindSection) -> Result<Kind, RuleError> {
    check_id(path, &k.id)?;
    let where_ = format!("[[kind]] {}", k.id);
    let alphabet = match &k.alphabet {
        Some(spec) => Some(
            parse_alphabet(spec)
                .ok_or_else(|| invalid(path, &where_, format!("bad alphabet {spec:?}")))?,
        ),
        None => None,
    };
    if k.lengths.iter().any(|l| !(8..=512).contains(l)) {
        return Err(invalid(path, &where_, "lengths must be 8 to 512".into()));
    }
    let pattern = compile(path, &where_, "pattern", &k.pattern)?;
    let secret_group = pattern.capture_names().position(|n| n == Some("secret"));
    // Literals credentials start with: only a pattern that is all credential has them. A
    // branch with none of its own (a JWK's `{`) gets no triggers; the others keep theirs.
    let prefixes = match secret_group {
        Some(_) => Vec::new(),
        None => branch_prefixes(&k.pattern),
    };
    let shape = TokenShape {
        pattern,
        secret_group,
        alphabet,
        lengths: k.lengths,
        prefixes,
    };
    if shape.alphabet.is_some() && shape.secret_group.is_none() && shape.run_length().is_none() {
        return Err(invalid(
            path,
            &where_,
            "a kind with an alphabet needs a `secret` group in its pattern, or exactly one length"
                .into(),
        ));
    }
    let body_start = shape
        .prefixes
        .iter()
        .map(Vec::len)
        .min()
        .unwrap_or_default();
    let randomness = k
        .randomness
        .map(|r| build_randomness(path, &where_, r, body_start))
        .transpose()?;
    let companion = match &k.companion {
        Some(p) => {
            let re = compile(path, &where_, "companion", p)?;
            if !re.capture_names().any(|n| n == Some("id")) {
                return Err(invalid(
                    path,
                    &where_,
                    "companion needs an `id` group".into(),
                ));
            }
            Some(re)
        }
        None => None,
    };
    if let Some(short) = k.published.iter().find(|p| p.len() < 16) {
        return Err(invalid(
            path,
            &where_,
            format!("published: {short:?} is too short to name one credential (16+ bytes)"),
        ));
    }
    if let Some(short) = k.anchors.iter().find(|a| a.len() < 3) {
        return Err(invalid(
            path,
            &where_,
            format!("anchors: {short:?} is too short to be worth a search (3+ bytes)"),
        ));
    }
    let r = k.report;
    Ok(Kind {
        published: k.published,
        anchors: k.anchors,
        redact: k
            .redact
            .as_deref()
            .map(|p| compile(path, &where_, "redact", p))
            .transpose()?,
        id: k.id,
        name: k.name,
        shape,
        randomness,
        companion,
        check: k.check,
        report: KindReport {
            about: r.about,
            help: r.help,
            console_path: r.console_path,
            console_fallback: r.console_fallback,
            fix_live: r.fix_live,
            fix_unknown: r.fix_unknown,
            fix_inactive: r.fix_inactive,
            inactive: r.inactive,
            act: r.act,
            noun: r.noun,
            tags: r.tags,
            steps: r.steps.into_iter().map(|s| (s.title, s.detail)).collect(),
        },
    })
}

/// Parses a character-class body such as `A-Za-z0-9_-` (ASCII only; a `-` at either end is
/// literal).
fn parse_alphabet(spec: &str) -> Option<[bool; 256]> {
    let bytes = spec.as_bytes();
    if bytes.is_empty() || !spec.is_ascii() {
        return None;
    }
    let mut table = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        if i + 2 < bytes.len() && bytes[i + 1] == b'-' {
            let (lo, hi) = (bytes[i], bytes[i + 2]);
            if lo > hi {
                return None;
            }
            (lo..=hi).for_each(|b| table[b as usize] = true);
            i += 3;
        } else {
            table[bytes[i] as usize] = true;
            i += 1;
        }
    }
    Some(table)
}

fn build_randomness(
    path: &Path,
    where_: &str,
    r: RandomnessSection,
    body_start: usize,
) -> Result<Randomness, RuleError> {
    if !(0.0..=8.0).contains(&r.min_entropy_bits) {
        return Err(invalid(
            path,
            where_,
            "min_entropy_bits must be 0 to 8".into(),
        ));
    }
    if let Some(short) = r.words.iter().find(|w| w.chars().count() < 4) {
        return Err(invalid(
            path,
            where_,
            format!(
                "words must have 4+ letters (random bodies hold shorter ones by chance): {short:?}"
            ),
        ));
    }
    let words = |list: &[String], field: &str| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(list)
            .map_err(|e| invalid(path, where_, format!("{field}: {e}")))
    };
    Ok(Randomness {
        body_start,
        max_words: r.max_words,
        words: words(&r.words, "words")?,
        min_entropy_bits: r.min_entropy_bits,
        require_upper: r.require_upper,
        require_lower: r.require_lower,
        max_repeat: r.max_repeat.max(1),
        max_sequence: r.max_sequence.max(1),
        max_letter_walk: r.max_letter_walk,
        placeholder_words: words(&r.placeholder_words, "placeholder_words")?,
        known_examples: r.known_examples,
    })
}

fn build_context(path: &Path, c: ContextSection) -> Result<ContextRules, RuleError> {
    let bad_suffix = c.org_suffixes.iter().find(|s| {
        s.is_empty()
            || !s
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-.".contains(&b))
    });
    if let Some(bad) = bad_suffix {
        return Err(invalid(
            path,
            "[context]",
            format!("org_suffixes: not a host suffix: {bad:?}"),
        ));
    }
    let dotted: Vec<String> = c.org_suffixes.iter().map(|s| format!(".{s}")).collect();
    let org_suffixes = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&dotted)
        .map_err(|e| invalid(path, "[context]", format!("org_suffixes: {e}")))?;
    let okta_word = compile(path, "[context]", "okta_word", &c.okta_word)?;
    // One search for "may mention Okta": the word, or a suffix the word does not already
    // find (`.trex-gov.com`); fewer alternatives make a faster search.
    let suffixes: Vec<String> = dotted
        .iter()
        .filter(|s| !okta_word.is_match(s.as_bytes()))
        .map(|s| regex::escape(s))
        .collect();
    let mention = if suffixes.is_empty() {
        c.okta_word.clone()
    } else {
        format!("(?:{})|(?i-u:{})", c.okta_word, suffixes.join("|"))
    };
    let mention_prefixes = literal_prefixes(&mention, MAX_MENTION_PREFIXES, MIN_MENTION_PREFIX);
    let mention_quick = mention_prefixes.as_ref().and_then(|prefixes| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(prefixes)
            .ok()
    });
    Ok(ContextRules {
        okta_word,
        not_okta_words: c
            .not_okta_words
            .iter()
            .map(|w| w.to_ascii_lowercase())
            .collect(),
        mention_prefixes,
        mention_quick,
        mention: compile(path, "[context]", "okta_word", &mention)?,
        org_suffixes,
        not_orgs: c.not_orgs.iter().map(|s| s.to_ascii_lowercase()).collect(),
        nearby_lines: c.nearby_lines,
        deny_before: compile(path, "[context]", "deny_before", &c.deny_before)?,
        credential_file_name: c
            .credential_file_name
            .as_deref()
            .map(|re| compile(path, "[context]", "credential_file_name", re))
            .transpose()?,
    })
}

/// Most literals a mention prefilter may hold (the trigger search cuts them shorter to fit).
const MAX_MENTION_PREFIXES: usize = 64;
/// Shortest literal a mention prefilter may hold (shorter ones hit on most text).
const MIN_MENTION_PREFIX: usize = 3;

/// The literals of two to sixteen bytes that start a pattern's matches, at most eight (a
/// pattern with more, or with no such start, has none).
fn branch_prefixes(pattern: &str) -> Vec<Vec<u8>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .utf8(false)
        .build()
        .parse(pattern)
    else {
        return Vec::new();
    };
    // Each top-level branch on its own: one with no finite start (`\{[^{}]*…`) must not take
    // the others' with it.
    let branches = match hir.kind() {
        regex_syntax::hir::HirKind::Alternation(branches) => branches.clone(),
        _ => vec![hir],
    };
    let mut literals: Vec<Vec<u8>> = Vec::new();
    for branch in &branches {
        let seq = Extractor::new().kind(ExtractKind::Prefix).extract(branch);
        // Cut to 16 bytes: a long start's variants (a PEM label's spacings) share it.
        for l in seq.literals().unwrap_or_default() {
            let cut = &l.as_bytes()[..l.as_bytes().len().min(16)];
            if cut.len() >= 2 && !literals.iter().any(|x| x == cut) {
                literals.push(cut.to_vec());
            }
        }
    }
    if literals.len() > 8 {
        Vec::new()
    } else {
        literals
    }
}

/// At most `max` literals of at least `min` bytes one of which starts every match of
/// `pattern` (`okta`, `OKTA`, `Okta` … for `(?i)okta`; `00` for an API token), so that the
/// decoders' one pass over a text can also say whether it may mention Okta, and so that
/// triggers and redaction follow a kind's shape. `None` when the pattern has no such small
/// set (a user's rules may say anything).
fn literal_prefixes(pattern: &str, max: usize, min: usize) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let hir = regex_syntax::ParserBuilder::new()
        .utf8(false)
        .build()
        .parse(pattern)
        .ok()?;
    let mut seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    if seq.len().is_none_or(|n| n > max) {
        // Case-folded host names expand past any limit: their first bytes still start
        // every match.
        seq.keep_first_bytes(min + 1);
        seq.dedup();
    }
    let literals: Vec<Vec<u8>> = seq
        .literals()?
        .iter()
        .map(|l| l.as_bytes().to_vec())
        .collect();
    let usable =
        !literals.is_empty() && literals.len() <= max && literals.iter().all(|l| l.len() >= min);
    usable.then_some(literals)
}

fn check_id(path: &Path, id: &str) -> Result<(), RuleError> {
    let id_ok = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if id_ok {
        Ok(())
    } else {
        Err(invalid(path, id, "id must be [A-Za-z0-9._-]+".into()))
    }
}

fn build_rule(path: &Path, r: RuleSection, kinds: &[Arc<Kind>]) -> Result<Rule, RuleError> {
    check_id(path, &r.id)?;
    let kind = match &r.kind {
        None => 0,
        Some(id) => kinds.iter().position(|k| &k.id == id).ok_or_else(|| {
            invalid(
                path,
                &r.id,
                format!("kind {id:?} is not defined by any [[kind]]"),
            )
        })?,
    };
    if !SEVERITY_RANGE.contains(&r.security_severity) {
        return Err(invalid(
            path,
            &r.id,
            "security_severity must be 0 to 10".into(),
        ));
    }
    if !PRECISIONS.contains(&r.precision.as_str()) {
        let msg = format!("precision must be one of {}", PRECISIONS.join(", "));
        return Err(invalid(path, &r.id, msg));
    }
    let before = match &r.before {
        Some(p) => Some(compile(path, &r.id, "before", p)?),
        None => None,
    };
    let nearby_also = match &r.nearby_also {
        Some(p) => Some(compile(path, &r.id, "nearby_also", p)?),
        None => None,
    };
    let not_nearby = match &r.not_nearby {
        Some(p) => Some(compile(path, &r.id, "not_nearby", p)?),
        None => None,
    };

    Ok(Rule {
        id: r.id,
        kind,
        nearby_also,
        not_nearby,
        name: r.name,
        confidence: r.confidence,
        precision: r.precision,
        security_severity: r.security_severity,
        before,
        nearby_okta: r.nearby_okta,
        credential_files: r.credential_files,
        examples: r.examples,
        negative_examples: r.negative_examples,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_load() {
        let set = load_builtin().expect("built-in rules are valid");
        let token = &set.kinds[0].shape;
        assert_eq!(set.kinds[0].id, "okta.api_token");
        assert_eq!(token.run_length(), Some(42));
        assert_eq!(token.prefixes, vec![b"00".to_vec()]);
        assert!(token.in_alphabet(b'-') && token.in_alphabet(b'_'));
        assert!(!token.in_alphabet(b'+'));
        assert_eq!(set.rules[0].id, "okta.ssws");
    }

    #[test]
    fn every_mention_starts_with_a_prefix() {
        let set = load_builtin().expect("built-in rules are valid");
        let prefixes = set
            .context
            .mention_prefixes
            .clone()
            .expect("the built-in mention has a small prefix set");
        assert!(prefixes.len() <= MAX_MENTION_PREFIXES, "{}", prefixes.len());
        assert!(prefixes.iter().all(|p| p.len() >= MIN_MENTION_PREFIX));
        for text in [
            "OKTA_ORG_URL",
            "oKtA",
            "https://acme.TREX-GOV.com/",
            "x.Trex-GovCloud.COM",
            "login.okta-emea.com",
        ] {
            let m = set.context.mention.find(text.as_bytes()).expect(text);
            let at = &text.as_bytes()[m.start()..];
            assert!(prefixes.iter().any(|p| at.starts_with(p)), "{text}");
        }
        // A pattern with no small prefix set searches every text instead.
        let mention_prefixes = |p| literal_prefixes(p, MAX_MENTION_PREFIXES, MIN_MENTION_PREFIX);
        assert_eq!(mention_prefixes("[a-z]+okta"), None);
        assert_eq!(mention_prefixes("(?i)ok"), None);
    }

    #[test]
    fn parse_error_names_line() {
        let err = parse("version = 1\n[token\n", Path::new("x.toml")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("x.toml:2: malformed rules file"), "{msg}");
    }

    #[test]
    fn alphabet_ranges() {
        let t = parse_alphabet("a-c_-").unwrap();
        let set: Vec<u8> = (0..=255u8).filter(|&b| t[b as usize]).collect();
        assert_eq!(set, b"-_abc".to_vec());
        assert!(parse_alphabet("z-a").is_none());
    }
}
