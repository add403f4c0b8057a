//! Extra views of a text in which a token may hide: base64 runs, percent-encoding and
//! backslash escapes, and UTF-16 text turned into UTF-8.
//!
//! [`text_of`] decides what a blob's bytes are (text, UTF-16 text, or binary). [`Decoder`]
//! then builds the decoded views of that text, nested up to [`MAX_DEPTH`], each with a map
//! back to offsets in the text, so a finding inside a view is located where the user can see
//! it. Every view is at most as long as what it decodes, so the work stays linear.

pub mod base64;
pub mod escape;
pub mod trigger;
pub mod utf16;

use std::borrow::Cow;
use std::ops::Range;

/// How deep decoders nest (base64 inside base64 is a `.dockerconfigjson`'s `auth`).
pub const MAX_DEPTH: u8 = 2;
/// How far into a blob to look for a NUL byte when deciding it is binary (git and ripgrep
/// use the same rule).
pub const BINARY_SNIFF_LEN: usize = 8192;
// `text_of` rules out UTF-16 by the binary sniff alone: the UTF-16 check must look no further.
const _: () = assert!(utf16::SNIFF_LEN <= BINARY_SNIFF_LEN);

/// What a blob's bytes turned out to be.
#[derive(Debug)]
pub enum Text<'a> {
    /// Bytes to scan as they are (UTF-8 or anything ASCII-compatible, valid or not).
    Plain(&'a [u8]),
    /// UTF-16 text, converted to UTF-8.
    Utf16(Vec<u8>, utf16::Endian),
    /// Binary data: not scanned.
    Binary,
}

impl<'a> Text<'a> {
    /// The bytes to scan and, for UTF-16, the text encoding's name; `None` for binary data.
    pub fn into_scannable(self) -> Option<(Cow<'a, [u8]>, Option<&'static str>)> {
        match self {
            Text::Plain(b) => Some((Cow::Borrowed(b), None)),
            Text::Utf16(v, endian) => Some((Cow::Owned(v), Some(endian.name()))),
            Text::Binary => None,
        }
    }
}

/// Classifies a blob: UTF-16 text is converted, anything else with a NUL near the start is
/// binary.
pub fn text_of(bytes: &[u8]) -> Text<'_> {
    match sniff(bytes) {
        Sniffed::Plain => Text::Plain(bytes),
        Sniffed::Utf16(endian) => Text::Utf16(utf16::to_utf8(bytes, endian), endian),
        Sniffed::Binary => Text::Binary,
    }
}

/// What a blob's first [`BINARY_SNIFF_LEN`] bytes say it is.
enum Sniffed {
    Plain,
    Utf16(utf16::Endian),
    Binary,
}

fn sniff(bytes: &[u8]) -> Sniffed {
    let head = &bytes[..bytes.len().min(BINARY_SNIFF_LEN)];
    let has_nul = memchr::memchr(0, head).is_some();
    // UTF-16 starts with a byte-order mark or has NULs in its head: most texts have neither,
    // and are decided by the one search above.
    if has_nul || utf16::has_bom(bytes) {
        if let Some(endian) = utf16::detect(bytes) {
            return Sniffed::Utf16(endian);
        }
    }
    if has_nul {
        Sniffed::Binary
    } else {
        Sniffed::Plain
    }
}

/// Whether a blob whose first [`BINARY_SNIFF_LEN`] bytes (or all, if shorter) are `head` is
/// binary, as [`text_of`] would tell from all of it: a reader can stop there, and the rest of
/// a large binary (a library, an archive) is never read.
pub fn is_binary(head: &[u8]) -> bool {
    matches!(sniff(head), Sniffed::Binary)
}

/// Which decoder made a view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// Base64 (standard or URL-safe).
    Base64,
    /// Percent-encoding.
    Percent,
    /// Backslash escapes.
    Escape,
}

impl Encoding {
    /// The name reports give.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Base64 => "base64",
            Encoding::Percent => "percent",
            Encoding::Escape => "escape",
        }
    }
}

/// How a view's offsets lead back to its parent's.
#[derive(Debug)]
enum OffsetMap {
    /// The view decodes the base64 run starting at this parent offset.
    Base64 { start: usize },
    /// Segment starts, (view offset, parent offset).
    Segments(Vec<(usize, usize)>),
}

/// Decoded bytes of part of a text (or of another view).
#[derive(Debug)]
pub struct View {
    /// The decoded bytes.
    pub bytes: Vec<u8>,
    /// The decoder that made it.
    pub encoding: Encoding,
    /// The view it was decoded from: `None` for the text itself.
    pub parent: Option<usize>,
    map: OffsetMap,
}

impl View {
    /// Maps an offset in this view to an offset in its parent.
    pub fn to_parent(&self, offset: usize) -> usize {
        match &self.map {
            OffsetMap::Base64 { start } => start + base64::encoded_offset(offset),
            OffsetMap::Segments(segments) => escape::encoded_offset(segments, offset),
        }
    }

    /// Maps the exclusive end of a span in this view to the end of what encodes it.
    pub fn end_to_parent(&self, end: usize) -> usize {
        match &self.map {
            OffsetMap::Base64 { start } => start + base64::encoded_end(end),
            OffsetMap::Segments(_) if end == 0 => self.to_parent(0),
            // Past the whole escape of the last byte (`%2D` is three bytes, not one): where
            // the next byte's encoding starts, and at least one past the last byte's start.
            OffsetMap::Segments(_) => self.to_parent(end).max(self.to_parent(end - 1) + 1),
        }
    }
}

/// A literal that starts every credential of a kind (`00`), and the bytes that may follow
/// it: what the decoders' triggers are built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerPrefix {
    /// The literal.
    pub literal: Vec<u8>,
    /// Bytes that may follow it (a lookup table by byte value).
    pub next: [bool; 256],
}

/// What the one trigger pass says of a text, beside the views it leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextFacts {
    /// The text may mention Okta (always true for a decoder built without mention prefixes).
    pub may_mention: bool,
    /// Bit `k` set: credential kind `k` may be in the text (its anchors, or it has none).
    pub kinds: u64,
}

/// Builds decoded views. Cheap to clone; holds the compiled trigger searcher only.
#[derive(Debug, Clone, Default)]
pub struct Decoder {
    triggers: trigger::Triggers,
}

impl Decoder {
    /// A decoder for credentials that start with `prefixes`, whose trigger pass also looks
    /// for the `anchors` of credential kinds (each with its kind's index) and these prefixes
    /// of an Okta mention.
    pub fn new(
        prefixes: &[TriggerPrefix],
        anchors: &[(Vec<u8>, usize)],
        mention_prefixes: Option<&[Vec<u8>]>,
    ) -> Self {
        Decoder {
            triggers: trigger::Triggers::new(prefixes, anchors, mention_prefixes),
        }
    }

    /// Replaces `views` with every decoded view of `text`, and of those views, up to
    /// [`MAX_DEPTH`]. Views are pushed parents first. Returns what the trigger pass saw of
    /// `text` itself.
    pub fn decode_all(&self, text: &[u8], views: &mut Vec<View>) -> TextFacts {
        views.clear();
        self.decode_into(text, None, 1, views)
    }

    /// Decodes `bytes` into `views`; returns what the trigger pass saw of `bytes`.
    fn decode_into(
        &self,
        bytes: &[u8],
        parent: Option<usize>,
        depth: u8,
        views: &mut Vec<View>,
    ) -> TextFacts {
        if depth > MAX_DEPTH {
            return TextFacts {
                may_mention: true,
                kinds: u64::MAX,
            };
        }
        let first = views.len();
        let hits = self.triggers.scan(bytes);
        for run in base64::runs_around(bytes, &hits.base64) {
            if let Some(decoded) = base64::decode(&bytes[run.clone()]) {
                views.push(View {
                    bytes: decoded,
                    encoding: Encoding::Base64,
                    parent,
                    map: OffsetMap::Base64 { start: run.start },
                });
            }
        }
        for (wanted, syntax, encoding) in [
            (hits.percent, escape::Syntax::Percent, Encoding::Percent),
            (hits.backslash, escape::Syntax::Backslash, Encoding::Escape),
        ] {
            if wanted {
                let u = escape::unescape(bytes, syntax);
                views.push(View {
                    bytes: u.bytes,
                    encoding,
                    parent,
                    map: OffsetMap::Segments(u.segments),
                });
            }
        }
        let last = views.len();
        for index in first..last {
            // Decoding a view needs the view and the list at once; move the bytes out and back.
            let bytes = std::mem::take(&mut views[index].bytes);
            self.decode_into(&bytes, Some(index), depth + 1, views);
            views[index].bytes = bytes;
        }
        TextFacts {
            may_mention: hits.may_mention,
            kinds: hits.kinds,
        }
    }
}

/// Maps an offset in view `index` all the way back to the text.
pub fn to_text(views: &[View], mut index: usize, mut offset: usize) -> usize {
    loop {
        let view = &views[index];
        offset = view.to_parent(offset);
        match view.parent {
            Some(p) => index = p,
            None => return offset,
        }
    }
}

/// Maps a span in view `index` back to the text: the smallest text span that encodes all of it.
pub fn span_to_text(views: &[View], mut index: usize, span: Range<usize>) -> Range<usize> {
    let (mut start, mut end) = (span.start, span.end);
    loop {
        let view = &views[index];
        (start, end) = (view.to_parent(start), view.end_to_parent(end));
        match view.parent {
            Some(p) => index = p,
            None => return start..end.max(start),
        }
    }
}

/// The bytes of a view, or of the text for `None`.
pub fn bytes_of<'a>(text: &'a [u8], views: &'a [View], index: Option<usize>) -> &'a [u8] {
    index.map_or(text, |i| &views[i].bytes)
}
