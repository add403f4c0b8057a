//! The whole per-blob path on arbitrary bytes: text detection (UTF-16, binary), decoding,
//! matching, locating and redaction. Checks that every match is a well-formed token inside
//! the text, and that nothing panics.
#![no_main]

use std::cell::RefCell;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use oktaleaks::decode::text_of;
use oktaleaks::finding::{redact_tokens, Locator, Secret};
use oktaleaks::matcher::Matcher;
use oktaleaks::rules::load_builtin;

thread_local! {
    // Built once: compiling the rules per input would cost more than the scan.
    static MATCHER: RefCell<Matcher> = RefCell::new(Matcher::new(Arc::new(
        load_builtin().expect("built-in rules load"),
    )));
}

fuzz_target!(|data: &[u8]| {
    let Some((text, _)) = text_of(data).into_scannable() else {
        return;
    };
    let found = MATCHER.with(|m| m.borrow_mut().scan(&text));
    let mut locator = Locator::new(&text);
    for m in found.matches {
        assert!(
            m.span.start <= m.span.end && m.span.end <= text.len(),
            "{:?}",
            m.span
        );
        assert_eq!(m.token.len(), 42);
        assert!(m.token.starts_with("00"));
        assert!(m
            .token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'));
        let secret = Secret::new(m.token.clone());
        let location = locator.locate(m.span.clone(), &secret);
        assert!(location.start <= location.end);
        assert!(!location.snippet.contains(&m.token));
    }
    let _ = redact_tokens(&String::from_utf8_lossy(data));
});
