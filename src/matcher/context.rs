//! What surrounds a candidate: the text just before it, Okta mentions and org hosts.
//!
//! `BlobContext` is built per blob only once a candidate exists, and computes each piece
//! (line starts, Okta mentions, org hosts) at most once, on first use. Offsets are into the
//! text; mentions found inside decoded views are mapped back to the text first.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use regex::bytes::Regex;

use crate::decode::{self, escape, View};
use crate::rules::{ContextRules, NearbyOkta};

/// How far back, in bytes, the text before a candidate is read.
const BEFORE_WINDOW: usize = 320;

/// Lazily computed facts about one blob.
pub struct BlobContext<'a> {
    text: &'a [u8],
    views: &'a [View],
    rules: &'a ContextRules,
    /// What the blob's path says: a path naming Okta is a mention that is near every line.
    path: PathMention,
    line_starts: Option<Vec<usize>>,
    mentions: Option<Vec<usize>>,
    orgs: Option<Vec<(usize, String)>>,
    /// Every match of a rule's or kind's context regex, by the regex's address (rules outlive
    /// the blob).
    hits: HashMap<usize, Vec<Hit>>,
}

/// One match of a context regex: where, and its `id` group.
struct Hit {
    span: Range<usize>,
    id: Option<Range<usize>>,
}

/// An Okta mention in a blob's path (`deploy/okta-token.txt`, `acme.okta.com.json`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathMention {
    /// The path names Okta or an org host.
    pub mentions_okta: bool,
    /// The org host the path names.
    pub org: Option<String>,
}

impl PathMention {
    /// What `path` (relative to the scan root or repository) says about Okta.
    pub fn of(path: &[u8], rules: &ContextRules) -> PathMention {
        // Every file's path comes here: most hold none of the mention's first bytes.
        if rules
            .mention_quick
            .as_ref()
            .is_some_and(|q| !q.is_match(path))
        {
            return PathMention::default();
        }
        match okta_mention(path, rules) {
            Some(org) => PathMention {
                mentions_okta: true,
                org,
            },
            None => PathMention::default(),
        }
    }
}

impl<'a> BlobContext<'a> {
    /// Context over `text` and its decoded `views`.
    pub fn new(
        text: &'a [u8],
        views: &'a [View],
        rules: &'a ContextRules,
        path: PathMention,
    ) -> Self {
        BlobContext {
            text,
            views,
            rules,
            path,
            line_starts: None,
            mentions: None,
            orgs: None,
            hits: HashMap::new(),
        }
    }

    /// The text from `nearby_lines` lines above `span` to as many below it.
    fn around(&mut self, span: &Range<usize>) -> Range<usize> {
        let first = self
            .line_of(span.start)
            .saturating_sub(self.rules.nearby_lines);
        let last =
            self.line_of(span.end.saturating_sub(1).max(span.start)) + self.rules.nearby_lines;
        let starts = self.line_starts.as_deref().unwrap_or(&[]);
        let from = starts.get(first).copied().unwrap_or(0);
        let to = starts.get(last + 1).copied().unwrap_or(self.text.len());
        from..to.min(self.text.len())
    }

    /// Every match of `re` in the text (its span, and its `id` group's when it has one), found
    /// once per blob: a file of a thousand candidates on one long line must not search that
    /// line a thousand times.
    fn hits_of(&mut self, re: &Regex) -> &[Hit] {
        let text = self.text;
        self.hits
            .entry(re as *const Regex as usize)
            .or_insert_with(|| {
                re.captures_iter(text)
                    .filter_map(|caps| {
                        let whole = caps.get(0)?;
                        Some(Hit {
                            span: whole.range(),
                            id: caps.name("id").map(|m| m.range()),
                        })
                    })
                    .collect()
            })
    }

    /// Whether `re` (a rule's `nearby_also` or `not_nearby`) matches within
    /// `reach` of `span`: within `nearby_lines` of it for `lines`, anywhere in the text
    /// otherwise.
    pub fn near(&mut self, re: &Regex, span: &Range<usize>, reach: NearbyOkta) -> bool {
        let around = match reach {
            NearbyOkta::Lines | NearbyOkta::None => self.around(span),
            NearbyOkta::File | NearbyOkta::Repo => 0..self.text.len(),
        };
        let hits = self.hits_of(re);
        let first = hits.partition_point(|h| h.span.start < around.start);
        hits.get(first).is_some_and(|h| h.span.start < around.end)
    }

    /// The `id` group of the match of `re` nearest to `span` in lines, within `nearby_lines`
    /// of it, one above winning a tie (`WEB_CLIENT_ID` above `WEB_CLIENT_SECRET` is its app,
    /// not `SVC_CLIENT_ID` below it): the client id a client secret or key belongs to.
    pub fn companion(&mut self, re: &Regex, span: &Range<usize>) -> Option<String> {
        let around = self.around(span);
        let first_line = self.line_of(span.start);
        let last_line = self.line_of(span.end.saturating_sub(1).max(span.start));
        let ids: Vec<Range<usize>> = {
            let hits = self.hits_of(re);
            let from = hits.partition_point(|h| h.span.start < around.start);
            hits[from..]
                .iter()
                .take_while(|h| h.span.start < around.end)
                .filter_map(|h| h.id.clone())
                .collect()
        };
        let text = self.text;
        ids.into_iter()
            .map(|id| {
                let line = self.line_of(id.start);
                let rank = if line < first_line {
                    (first_line - line, 0)
                } else if line > last_line {
                    (line - last_line, 1)
                } else {
                    (0, 0)
                };
                (rank, id)
            })
            .min_by_key(|(rank, id)| (*rank, span.start.abs_diff(id.start)))
            .and_then(|(_, id)| std::str::from_utf8(&text[id]).ok().map(str::to_string))
    }

    /// 0-based line of a text offset.
    pub fn line_of(&mut self, offset: usize) -> usize {
        let text = self.text;
        let starts = self.line_starts.get_or_insert_with(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', text).map(|p| p + 1))
                .collect()
        });
        starts.partition_point(|&s| s <= offset).saturating_sub(1)
    }

    /// Text offsets of every Okta mention (the word, or an org host), in the text and in
    /// decoded views.
    fn mentions(&mut self) -> &[usize] {
        if self.mentions.is_none() {
            let mut found = Vec::new();
            for (index, bytes) in self.all_bytes() {
                for m in okta_words(bytes, self.rules) {
                    found.push(self.to_text(index, m));
                }
            }
            found.extend(self.orgs().iter().map(|(offset, _)| *offset));
            found.sort_unstable();
            self.mentions = Some(found);
        }
        self.mentions.as_deref().unwrap_or(&[])
    }

    /// Whether the blob mentions Okta anywhere.
    pub fn mentions_okta(&mut self) -> bool {
        self.path.mentions_okta || !self.mentions().is_empty()
    }

    /// Whether an Okta mention is on the line of `offset` or within `nearby_lines` above.
    pub fn okta_nearby(&mut self, offset: usize) -> bool {
        if self.path.mentions_okta {
            return true;
        }
        let line = self.line_of(offset);
        let first = line.saturating_sub(self.rules.nearby_lines);
        let starts = self.line_starts.as_deref().unwrap_or(&[]);
        let from = starts.get(first).copied().unwrap_or(0);
        let to = starts.get(line + 1).copied().unwrap_or(usize::MAX);
        let mentions = self.mentions();
        let i = mentions.partition_point(|&m| m < from);
        mentions.get(i).is_some_and(|&m| m < to)
    }

    /// The org URL mentioned nearest to `offset` (ties go to the earlier one), else the one
    /// the path names.
    pub fn nearest_org(&mut self, offset: usize) -> Option<String> {
        if self.orgs().is_empty() {
            return self.path.org.clone();
        }
        let orgs = self.orgs();
        let i = orgs.partition_point(|(at, _)| *at < offset);
        let before = i.checked_sub(1).and_then(|j| orgs.get(j));
        let after = orgs.get(i);
        let nearest = match (before, after) {
            (Some(b), Some(a)) if a.0 - offset < offset - b.0 => a,
            (Some(b), _) => b,
            (None, a) => a?,
        };
        Some(nearest.1.clone())
    }

    /// The first org URL mentioned in the blob, else the one its path names.
    pub fn first_org(&mut self) -> Option<String> {
        let first = self.orgs().first().map(|(_, url)| url.clone());
        first.or_else(|| self.path.org.clone())
    }

    fn orgs(&mut self) -> &[(usize, String)] {
        if self.orgs.is_none() {
            let mut found = Vec::new();
            for (index, bytes) in self.all_bytes() {
                found.extend(
                    org_hosts(bytes, self.rules).map(|(at, url)| (self.to_text(index, at), url)),
                );
            }
            found.sort();
            self.orgs = Some(found);
        }
        self.orgs.as_deref().unwrap_or(&[])
    }

    fn all_bytes(&self) -> impl Iterator<Item = (Option<usize>, &'a [u8])> + 'a {
        let views = self.views;
        std::iter::once((None, self.text)).chain(
            views
                .iter()
                .enumerate()
                .map(|(i, v)| (Some(i), v.bytes.as_slice())),
        )
    }

    fn to_text(&self, index: Option<usize>, offset: usize) -> usize {
        index.map_or(offset, |i| decode::to_text(self.views, i, offset))
    }

    /// The text just before a candidate: its line and the line above, at most
    /// [`BEFORE_WINDOW`] bytes, with escapes undone. For a candidate at the very start of a
    /// base64 view, the window is the one before the base64 run in the parent.
    pub fn before(&self, index: Option<usize>, start: usize) -> Cow<'a, [u8]> {
        let bytes = decode::bytes_of(self.text, self.views, index);
        // Newlines are looked for only within the window: a candidate on a 50 MB line costs
        // no more than one on a short line.
        let window_start = start.saturating_sub(BEFORE_WINDOW);
        let line_start = memchr::memrchr(b'\n', &bytes[window_start..start])
            .map_or(window_start, |p| window_start + p + 1);
        if let Some(i) = index {
            let view = &self.views[i];
            let head = &bytes[line_start..start];
            if view.encoding == decode::Encoding::Base64 && head.iter().all(u8::is_ascii_whitespace)
            {
                return self.before(view.parent, view.to_parent(line_start));
            }
        }
        let from = match line_start.checked_sub(1) {
            Some(nl) if nl >= window_start => memchr::memrchr(b'\n', &bytes[window_start..nl])
                .map_or(window_start, |p| window_start + p + 1),
            _ => line_start,
        };
        normalize(&bytes[from..start])
    }
}

/// Undoes percent and backslash escapes in a small window, so context rules see `SSWS ` and
/// `OKTA_API_TOKEN=` however they were written.
fn normalize(window: &[u8]) -> Cow<'_, [u8]> {
    let mut out = Cow::Borrowed(window);
    if memchr::memchr(b'%', window).is_some() {
        out = Cow::Owned(escape::unescape(&out, escape::Syntax::Percent).bytes);
    }
    if memchr::memchr(b'\\', &out).is_some() {
        out = Cow::Owned(escape::unescape(&out, escape::Syntax::Backslash).bytes);
    }
    out
}

/// Whether `text` mentions Okta (the word, or an org host): `None` when it does not, else the
/// first org URL it names, if any.
pub fn okta_mention(text: &[u8], rules: &ContextRules) -> Option<Option<String>> {
    // Most blobs mention neither: one pass of the combined search rules them out.
    if !rules.mention.is_match(text) {
        return None;
    }
    let org = org_hosts(text, rules).next().map(|(_, url)| url);
    (org.is_some() || okta_words(text, rules).next().is_some()).then_some(org)
}

/// Offsets of the mentions of Okta by name in `text`, less those inside a word that only
/// contains it (`oktaleaks`).
fn okta_words<'t>(text: &'t [u8], rules: &'t ContextRules) -> impl Iterator<Item = usize> + 't {
    rules
        .okta_word
        .find_iter(text)
        .filter(move |m| !inside_not_okta_word(text, m.start(), m.end(), &rules.not_okta_words))
        .map(|m| m.start())
}

/// Whether the match at `start..end` lies inside one of `words` (lowercase) in `text`.
fn inside_not_okta_word(text: &[u8], start: usize, end: usize, words: &[String]) -> bool {
    let matched = text[start..end].to_ascii_lowercase();
    words.iter().any(|word| {
        let word = word.as_bytes();
        (0..word.len())
            .filter(|&at| word[at..].starts_with(&matched))
            .any(|at| {
                start
                    .checked_sub(at)
                    .and_then(|from| text.get(from..from + word.len()))
                    .is_some_and(|seen| seen.eq_ignore_ascii_case(word))
            })
    })
}

/// Longest DNS label.
const MAX_LABEL: usize = 63;

fn is_label_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

/// Whether an org label may start right after `b`: a byte that ends a word in the places
/// org hosts are written (URLs, e-mail addresses, assignments, quoted strings, lists,
/// markup, Markdown emphasis). Anything else (`$`, `%`, `_`, `}`, `.`, a UTF-8 byte) means the label is the
/// tail of something longer, such as `$TENANT` or `bücher`, and no org.
fn starts_label(b: u8) -> bool {
    b.is_ascii_whitespace() || b"\"'`/@=:(<>[{,;|*".contains(&b)
}

/// Org hosts in `bytes` as (offset of the host, `https://host`): a DNS label before one of
/// the Okta suffixes, the suffix ending the host. The label must be a whole one: it starts
/// the text or follows a clear boundary (`starts_label`), holds 1 to 63 letters, digits
/// and inner hyphens, and is not part of a longer host. Admin hosts map to their org, and
/// Okta's own sites are left out.
pub fn org_hosts<'b>(
    bytes: &'b [u8],
    rules: &'b ContextRules,
) -> impl Iterator<Item = (usize, String)> + 'b {
    rules.org_suffixes.find_iter(bytes).filter_map(move |hit| {
        // A host ends at anything but a label byte, `_` or a dot that goes on with a label
        // (`acme.okta.com.evil.example`); a dot that ends a sentence ends it too.
        let after = |i: usize| bytes.get(hit.end() + i).copied();
        let ends_host = match after(0) {
            None => true,
            Some(b'.') => after(1).is_none_or(|b| !(is_label_byte(b) || b == b'_')),
            Some(b) => !(is_label_byte(b) || b == b'_'),
        };
        if !ends_host {
            return None;
        }
        let head = &bytes[hit.start().saturating_sub(MAX_LABEL + 1)..hit.start()];
        let label_len = head.iter().rev().take_while(|&&b| is_label_byte(b)).count();
        let start = hit.start() - label_len;
        let whole = start == 0 || starts_label(bytes[start - 1]);
        let label = &bytes[start..hit.start()];
        let valid = (1..=MAX_LABEL).contains(&label_len)
            && !label.starts_with(b"-")
            && !label.ends_with(b"-");
        if !whole || !valid {
            return None;
        }
        let label = String::from_utf8_lossy(label).to_ascii_lowercase();
        let org = label.strip_suffix("-admin").unwrap_or(&label);
        if org.is_empty() || rules.not_orgs.iter().any(|n| n == org) {
            return None;
        }
        let suffix =
            String::from_utf8_lossy(&bytes[hit.start() + 1..hit.end()]).to_ascii_lowercase();
        Some((start, format!("https://{org}.{suffix}")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::load_builtin;

    #[test]
    fn the_tools_own_name_is_no_mention() {
        let rules = load_builtin().unwrap().context;
        for (text, mentions) in [
            ("uses: oktaleaks/oktaleaks@v1", false),
            (".oktaleaksignore", false),
            ("OKTALEAKS_TOKEN", false),
            ("oktaleaks and okta", true),
            ("Okta", true),
            ("oktaleak", true),
        ] {
            assert_eq!(
                okta_mention(text.as_bytes(), &rules).is_some(),
                mentions,
                "{text}"
            );
        }
    }

    #[test]
    fn org_hosts_table() {
        let rules = load_builtin().unwrap().context;
        let longest = format!("https://{}.okta.com", "a".repeat(MAX_LABEL));
        let too_long = format!("https://{}.okta.com", "a".repeat(MAX_LABEL + 1));
        let cases = [
            (
                "see https://acme.okta.com/app",
                vec!["https://acme.okta.com"],
            ),
            ("ACME-Admin.OKTA.com", vec!["https://acme.okta.com"]),
            (
                "dev-4815162.oktapreview.com:443",
                vec!["https://dev-4815162.oktapreview.com"],
            ),
            (
                "x.okta-emea.com y.okta.mil z.trex-govcloud.com",
                vec![
                    "https://x.okta-emea.com",
                    "https://y.okta.mil",
                    "https://z.trex-govcloud.com",
                ],
            ),
            ("cdn at ok12static.oktacdn.com", vec![]),
            ("https://developer.okta.com/docs", vec![]),
            ("acme.okta.community", vec![]),
            ("acme.okta.com.evil.example", vec![]),
            (
                "Our org is https://acme.okta.com.",
                vec!["https://acme.okta.com"],
            ),
            ("see **acme.okta.com**", vec!["https://acme.okta.com"]),
            ("https://{yourOktaDomain}.okta.com", vec![]),
            // Issue 12: a label that is only the tail of a placeholder, a word or an
            // address is no org, and neither is one that is not a valid DNS label.
            ("https://$TENANT.okta.com", vec![]),
            ("https://%s.okta.com", vec![]),
            ("$ORG_NAME.okta.com", vec![]),
            ("acme_corp.okta.com", vec![]),
            ("bücher.okta.com", vec![]),
            ("${ENV}-acme.oktapreview.com", vec![]),
            ("127.0.0.1.okta.com", vec![]),
            ("www.acme.okta.com", vec![]),
            ("https://-acme.okta.com", vec![]),
            ("https://acme-.okta.com", vec![]),
            ("https://-admin.okta.com", vec![]),
            (too_long.as_str(), vec![]),
            ("url=\\nacme.okta.com", vec![]),
            // Clear boundaries: start of text, spaces, quotes, URL and address parts.
            ("acme.okta.com", vec!["https://acme.okta.com"]),
            ("OKTA_DOMAIN=acme.okta.com", vec!["https://acme.okta.com"]),
            ("\"acme.okta.com\"", vec!["https://acme.okta.com"]),
            ("'acme.okta.com'", vec!["https://acme.okta.com"]),
            ("admin@acme.okta.com", vec!["https://acme.okta.com"]),
            ("host:acme.okta.com", vec!["https://acme.okta.com"]),
            ("(acme.okta.com)", vec!["https://acme.okta.com"]),
            ("<acme.okta.com>", vec!["https://acme.okta.com"]),
            (
                "[a.okta.com,b.okta.com]",
                vec!["https://a.okta.com", "https://b.okta.com"],
            ),
            ("\tacme.okta.com", vec!["https://acme.okta.com"]),
            (longest.as_str(), vec![longest.as_str()]),
        ];
        for (text, expected) in cases {
            let found: Vec<String> = org_hosts(text.as_bytes(), &rules).map(|(_, u)| u).collect();
            assert_eq!(found, expected, "{text}");
        }
    }
}
