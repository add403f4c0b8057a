//! Makes strings from the audit safe to put in the HTML report.
//!
//! Every string of an `AuditReport` came from a scanned repository or a server, so each one
//! passes through [`text`] (or [`lines`], [`linked`]) on its way into the page: tokens and URL
//! credentials redacted, controls and bidirectional overrides made visible, then HTML
//! escaped, which is safe both between tags and in a quoted attribute. Data for the page's
//! script goes through [`script_json`], which leaves no `<`, `>` or `&` for the HTML parser
//! to act on. [`csp_source`] hashes the inline style and script for the page's policy.

use base64::Engine;
use sha2::{Digest, Sha256};
use url::Url;

use crate::secret::{redact_credentials, redact_tokens};
use crate::terminal::escape_controls;

/// `raw` as the report shows it, before HTML escaping: token-shaped runs redacted (the full
/// token appears only where the caller put it, in `AuditSecret::secret`), URL credentials
/// removed, and controls, newlines and bidirectional overrides written as escapes, so the
/// text reads in the order it is stored.
pub(super) fn shown(raw: &str) -> String {
    let redacted = redact_tokens(raw);
    let redacted = redact_credentials(&redacted);
    escape_controls(&redacted).into_owned()
}

/// `raw` with the five characters HTML gives a meaning escaped. Safe between tags and inside
/// an attribute value in double or single quotes.
pub(super) fn html(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 16);
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A string from the data, ready for the page: [`shown`], then [`html`].
pub(super) fn text(raw: &str) -> String {
    html(&shown(raw))
}

/// Like [`text`], but newlines are kept (for notes and errors shown with `pre-wrap`).
pub(super) fn lines(raw: &str) -> String {
    raw.split('\n').map(text).collect::<Vec<_>>().join("\n")
}

/// Like [`lines`], with every `https://` URL that parses made a link. Only `https` is
/// linked, so no `javascript:` or `data:` URL can become one; the `href` is the parsed URL's
/// own serialization (which percent-encodes quotes and brackets), escaped again.
pub(super) fn linked(raw: &str) -> String {
    let shown_lines: Vec<String> = raw.split('\n').map(shown).collect();
    let shown = shown_lines.join("\n");
    let mut out = String::with_capacity(shown.len() + 64);
    let mut rest = shown.as_str();
    while let Some(start) = rest.find("https://") {
        out.push_str(&html(&rest[..start]));
        let candidate = url_candidate(&rest[start..]);
        match Url::parse(candidate) {
            Ok(url) if url.scheme() == "https" && url.host_str().is_some() => {
                out.push_str(&format!(
                    "<a href=\"{}\" rel=\"noreferrer\">{}</a>",
                    html(url.as_str()),
                    html(candidate)
                ));
            }
            _ => out.push_str(&html(candidate)),
        }
        rest = &rest[start + candidate.len()..];
    }
    out.push_str(&html(rest));
    out
}

/// The URL at the start of `from`: up to a space or a character that cannot end a URL in
/// prose (quotes, brackets), less the punctuation that ends a sentence.
fn url_candidate(from: &str) -> &str {
    let end = from
        .find(|c: char| c.is_whitespace() || "<>\"'`{}|\\^".contains(c))
        .unwrap_or(from.len());
    from[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']'])
}

/// `value` as JSON to put inside `<script type="application/json">`: `<`, `>` and `&` are
/// written as `\u003c`, `\u003e` and `\u0026` (so no `</script>` or `<!--` can end or bend the
/// element), and U+2028 and U+2029 as escapes too (older JavaScript parsers end a line
/// there). JSON outside strings holds none of these, so only strings change, and
/// `JSON.parse` gives back the same values.
pub(super) fn script_json(value: &serde_json::Value) -> String {
    let json = value.to_string();
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The Content-Security-Policy source that allows exactly this inline `<style>` or
/// `<script>` content: `'sha256-…'` (base64 of the SHA-256 of its UTF-8 bytes).
pub(super) fn csp_source(content: &str) -> String {
    let digest = Sha256::digest(content.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "00QCjAl4MlV-WPXM0HmjFx-vbGua0HmjFx-vbGua12";

    #[test]
    fn text_escapes_markup_and_quotes() {
        let cases = [
            (
                "</script><script>alert(1)</script>",
                "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            (
                "<img src=x onerror=alert(1)>",
                "&lt;img src=x onerror=alert(1)&gt;",
            ),
            (
                "say \"hi\" & 'bye'",
                "say &quot;hi&quot; &amp; &#39;bye&#39;",
            ),
            ("a\u{202e}b\nc", "a\\u{202e}b\\x0ac"),
            ("plain", "plain"),
        ];
        for (raw, want) in cases {
            assert_eq!(text(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn text_redacts_tokens_and_credentials() {
        let shown = text(&format!("t={TOKEN} at https://ci:pw@git.example/r"));
        assert_eq!(shown, "t=00QCjA…Gua12 at https://git.example/r");
    }

    #[test]
    fn lines_keeps_newlines_only() {
        assert_eq!(lines("a<\nb\x1b"), "a&lt;\nb\\x1b");
    }

    #[test]
    fn linked_makes_only_https_links() {
        let cases = [
            (
                "Revoke at https://acme-admin.okta.com/admin/access/api/tokens.",
                "Revoke at <a href=\"https://acme-admin.okta.com/admin/access/api/tokens\" \
                 rel=\"noreferrer\">https://acme-admin.okta.com/admin/access/api/tokens</a>.",
            ),
            (
                "see javascript:alert(1) and http://x.example/",
                "see javascript:alert(1) and http://x.example/",
            ),
            (
                "https://x.example/a\"onmouseover=alert(1)",
                "<a href=\"https://x.example/a\" rel=\"noreferrer\">https://x.example/a</a>\
                 &quot;onmouseover=alert(1)",
            ),
            ("https:// nothing", "https:// nothing"),
            (
                "(https://x.example/?q=<b>)",
                "(<a href=\"https://x.example/?q=\" rel=\"noreferrer\">https://x.example/?q=</a>\
                 &lt;b&gt;)",
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(linked(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn linked_href_is_the_parsed_url() {
        assert_eq!(
            linked("https://X.Example/a%3C"),
            "<a href=\"https://x.example/a%3C\" rel=\"noreferrer\">https://X.Example/a%3C</a>"
        );
    }

    #[test]
    fn script_json_cannot_close_the_element() {
        let value = serde_json::json!({
            "path": "</script><script>alert(1)</script>",
            "note": "\"'& <!-- \u{2028}\u{2029}",
        });
        let out = script_json(&value);
        for bad in ["<", ">", "&", "\u{2028}", "\u{2029}"] {
            assert!(!out.contains(bad), "{bad:?} in {out}");
        }
        let back: serde_json::Value = serde_json::from_str(&out).expect("still JSON");
        assert_eq!(back, value);
    }

    #[test]
    fn csp_source_is_base64_sha256() {
        // The digest of the empty string, as the CSP specification's examples spell it.
        assert_eq!(
            csp_source(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }
}
