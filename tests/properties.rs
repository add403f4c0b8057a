//! Properties, with random inputs (proptest): a token planted at any line and column of
//! random text, after any of the rules' contexts, is found exactly there; text that cannot
//! hold the token shape yields nothing; the decoders undo what an encoder did.

use std::sync::Arc;

use oktaleaks::decode::{base64, escape, text_of};
use oktaleaks::finding::{Locator, Secret};
use oktaleaks::matcher::Matcher;
use oktaleaks::rules::load_builtin;
use proptest::prelude::*;

fn matcher() -> Matcher {
    Matcher::new(Arc::new(load_builtin().expect("built-in rules")))
}

/// What the matcher reports for `text`: (token, line, column).
fn found(matcher: &mut Matcher, text: &[u8]) -> Vec<(String, usize, usize)> {
    let Some((text, _)) = text_of(text).into_scannable() else {
        return Vec::new();
    };
    let matches = matcher.scan(&text).matches;
    let mut locator = Locator::new(&text);
    matches
        .into_iter()
        .map(|m| {
            let at = locator.locate(m.span, &Secret::new(m.token.clone())).start;
            (m.token, at.line, at.column)
        })
        .collect()
}

/// Contexts from the rules' examples, each naming the token directly.
const CONTEXTS: &[&str] = &[
    "Authorization: SSWS ",
    "curl -H 'Authorization: SSWS ",
    "OKTA_API_TOKEN=",
    "export OKTA_CLIENT_TOKEN=\"",
    "okta:\n  api_token: ",
    "\"oktaApiToken\": \"",
];

/// Filler lines: lowercase words and punctuation, which can hold neither a token, nor an
/// escape, nor a base64 signature of one.
fn filler() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[a-z ,.;:(){}=]{0,60}", 0..30)
}

fn token_body() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-]{40}".prop_map(|body| format!("00{body}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_planted_token_is_found_at_its_line_and_column(
        before in filler(),
        after in filler(),
        context in prop::sample::select(CONTEXTS),
        token in token_body(),
        crlf in any::<bool>(),
    ) {
        let mut matcher = matcher();
        // Only tokens the matcher takes on their own (random strings can fail the
        // randomness checks, rightly): the property is that context and position do not
        // change that.
        let alone = found(&mut matcher, format!("Authorization: SSWS {token}\n").as_bytes());
        prop_assume!(alone.len() == 1);
        let newline = if crlf { "\r\n" } else { "\n" };
        let mut text = String::new();
        for line in &before {
            text.push_str(line);
            text.push_str(newline);
        }
        let context_lines = context.matches('\n').count();
        let last_context_line = context.rsplit('\n').next().unwrap_or(context);
        text.push_str(context);
        text.push_str(&token);
        text.push_str(newline);
        for line in &after {
            text.push_str(line);
            text.push_str(newline);
        }
        let got = found(&mut matcher, text.as_bytes());
        let want = vec![(token.clone(), before.len() + context_lines + 1, last_context_line.len() + 1)];
        prop_assert_eq!(got, want);
    }

    #[test]
    fn text_without_the_token_shape_yields_nothing(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        // No `0` byte: no `00` can start a token, and no escape (`%30`, `\x30`) can make one.
        let bytes: Vec<u8> = bytes.into_iter().filter(|&b| b != b'0').collect();
        prop_assert!(found(&mut matcher(), &bytes).is_empty());
    }

    #[test]
    fn base64_round_trips(bytes in prop::collection::vec(any::<u8>(), 0..512), padded in any::<bool>()) {
        let encoded = encode_base64(&bytes, padded);
        prop_assert_eq!(base64::decode(encoded.as_bytes()), Some(bytes));
    }

    #[test]
    fn percent_and_backslash_escapes_round_trip(text in "[ -~]{0,200}") {
        let percent: String = text.bytes().map(|b| format!("%{b:02X}")).collect();
        prop_assert_eq!(&escape::unescape(percent.as_bytes(), escape::Syntax::Percent).bytes, text.as_bytes());
        let backslash: String = text.chars().map(|c| format!("\\u{:04x}", c as u32)).collect();
        prop_assert_eq!(&escape::unescape(backslash.as_bytes(), escape::Syntax::Backslash).bytes, text.as_bytes());
    }
}

fn encode_base64(bytes: &[u8], padded: bool) -> String {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |a, &b| a << 8 | u32::from(b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else if padded {
                out.push('=');
            }
        }
    }
    out
}
