//! Each decoder on arbitrary bytes: base64, percent and backslash escapes, UTF-16, and the
//! nested decoding of a whole text. Checks that outputs stay no larger than their inputs
//! (decoding only shrinks), that offsets map back inside the input, and that nothing panics.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use oktaleaks::decode::{base64, escape, span_to_text, to_text, utf16, Decoder, View};

fuzz_target!(|data: &[u8]| {
    if let Some(decoded) = base64::decode(data) {
        assert!(decoded.len() <= data.len());
    }
    for syntax in [escape::Syntax::Percent, escape::Syntax::Backslash] {
        let out = escape::unescape(data, syntax);
        assert!(out.bytes.len() <= data.len());
        let mut last = 0;
        for &(decoded, encoded) in &out.segments {
            assert!(decoded <= out.bytes.len() && encoded <= data.len());
            assert!(encoded >= last);
            last = encoded;
        }
        for offset in [0, out.bytes.len() / 2, out.bytes.len()] {
            assert!(escape::encoded_offset(&out.segments, offset) <= data.len());
        }
    }
    for endian in [utf16::Endian::Little, utf16::Endian::Big] {
        let utf8 = utf16::to_utf8(data, endian);
        assert!(std::str::from_utf8(&utf8).is_ok());
    }
    let mut views: Vec<View> = Vec::new();
    static DECODER: OnceLock<Decoder> = OnceLock::new();
    DECODER
        .get_or_init(Decoder::default)
        .decode_all(data, &mut views);
    for (i, view) in views.iter().enumerate() {
        let parent_len = view.parent.map_or(data.len(), |p| views[p].bytes.len());
        assert!(view.bytes.len() <= parent_len);
        assert!(to_text(&views, i, view.bytes.len()) <= data.len());
        let span = span_to_text(&views, i, 0..view.bytes.len());
        assert!(span.start <= span.end && span.end <= data.len(), "{span:?}");
    }
});
