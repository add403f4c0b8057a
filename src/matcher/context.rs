//! What surrounds a candidate: the text just before it, Okta mentions and org hosts.
//!
//! `BlobContext` is built per blob only once a candidate exists, and computes each piece
//! (line starts, Okta mentions, org hosts) at most once, on first use. Offsets are into the
//! text; mentions found inside decoded views are mapped back to the text first.

use std::borrow::Cow;

use crate::decode::{self, escape, View};
use crate::rules::ContextRules;

/// How far back, in bytes, the text before a candidate is read.
const BEFORE_WINDOW: usize = 320;

/// Lazily computed facts about one blob.
pub struct BlobContext<'a> {
    text: &'a [u8],
    views: &'a [View],
    rules: &'a ContextRules,
    line_starts: Option<Vec<usize>>,
    mentions: Option<Vec<usize>>,
    orgs: Option<Vec<(usize, String)>>,
}

impl<'a> BlobContext<'a> {
    /// Context over `text` and its decoded `views`.
    pub fn new(text: &'a [u8], views: &'a [View], rules: &'a ContextRules) -> Self {
        BlobContext {
            text,
            views,
            rules,
            line_starts: None,
            mentions: None,
            orgs: None,
        }
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
                for m in self.rules.okta_word.find_iter(bytes) {
                    found.push(self.to_text(index, m.start()));
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
        !self.mentions().is_empty()
    }

    /// Whether an Okta mention is on the line of `offset` or within `nearby_lines` above.
    pub fn okta_nearby(&mut self, offset: usize) -> bool {
        let line = self.line_of(offset);
        let first = line.saturating_sub(self.rules.nearby_lines);
        let mentions = self.mentions().to_vec();
        mentions
            .into_iter()
            .any(|m| (first..=line).contains(&self.line_of(m)))
    }

    /// The org URL mentioned nearest to `offset` (ties go to the earlier one).
    pub fn nearest_org(&mut self, offset: usize) -> Option<String> {
        self.orgs()
            .iter()
            .min_by_key(|(at, _)| at.abs_diff(offset))
            .map(|(_, url)| url.clone())
    }

    /// The first org URL mentioned in the blob.
    pub fn first_org(&mut self) -> Option<String> {
        self.orgs().first().map(|(_, url)| url.clone())
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
        let line_start = memchr::memrchr(b'\n', &bytes[..start]).map_or(0, |p| p + 1);
        if let Some(i) = index {
            let view = &self.views[i];
            let head = &bytes[line_start..start];
            if view.encoding == decode::Encoding::Base64 && head.iter().all(u8::is_ascii_whitespace)
            {
                return self.before(view.parent, view.to_parent(line_start));
            }
        }
        let prev_start = line_start
            .checked_sub(1)
            .and_then(|nl| {
                memchr::memrchr(b'\n', &bytes[..nl])
                    .map(|p| p + 1)
                    .or(Some(0))
            })
            .unwrap_or(0);
        let from = prev_start.max(start.saturating_sub(BEFORE_WINDOW));
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

/// Org hosts in `bytes` as (offset, `https://host`), admin hosts mapped to their org and
/// Okta's own sites left out.
pub fn org_hosts<'b>(
    bytes: &'b [u8],
    rules: &'b ContextRules,
) -> impl Iterator<Item = (usize, String)> + 'b {
    rules.org_host.captures_iter(bytes).filter_map(|caps| {
        let sub = caps.get(1)?;
        let suffix = caps.get(2)?;
        let mut sub_name = String::from_utf8_lossy(sub.as_bytes()).to_ascii_lowercase();
        if let Some(org) = sub_name.strip_suffix("-admin") {
            sub_name = org.to_string();
        }
        if sub_name.is_empty() || rules.not_orgs.contains(&sub_name) {
            return None;
        }
        let suffix = String::from_utf8_lossy(suffix.as_bytes()).to_ascii_lowercase();
        Some((sub.start(), format!("https://{sub_name}.{suffix}")))
    })
}
