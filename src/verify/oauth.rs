//! What an org's OAuth 2.0 endpoints answer about an app's credential (a client secret, a
//! client assertion signed with a private key), from Okta's documented errors
//! (docs/okta-credentials.md, section 3).
//!
//! The checks ask for the client-credentials grant with a scope no app is granted
//! ([`CHECK_SCOPE`]), so that no access token is ever issued: an answer that refuses only the
//! grant or the scope comes after the client was authenticated, and proves the credential;
//! `invalid_client` saying the secret or signature is wrong proves it dead. Decisions rest on
//! the `error` code and on a few words of `error_description`, since Okta uses
//! `invalid_client` for more than a wrong credential.

use serde_json::Value;

use super::http::Answer;
use crate::verdict::{Impact, Live, Owner};

/// The org authorization server's token endpoint.
pub const TOKEN_PATH: &str = "oauth2/v1/token";
/// Its introspection endpoint: authenticates the client and issues nothing.
pub const INTROSPECT_PATH: &str = "oauth2/v1/introspect";
/// A custom scope no app holds: an authenticated client is refused with `invalid_scope`.
pub const CHECK_SCOPE: &str = "oktaleaks.verify";

/// Said of every live app credential.
pub const APP_CHECKED: &str =
    "verification authenticated as this app (the org's System Log records it); rotate it now";

/// What one answer says about the credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grant {
    /// The org authenticated the app with it (why).
    Accepted(String),
    /// The org says the credential is wrong (why).
    Rejected(String),
    /// The org's method rules out this check: the org authorization server takes only
    /// `private_key_jwt` for client credentials (a client secret then goes to introspection;
    /// any other time the verdict is unknown, said by the verifier).
    KeyOnly,
    /// Anything else, said briefly.
    Unknown(String),
}

/// The OAuth error in a body: `error` and `error_description`, or Okta's management shape
/// (`errorCode`, `errorSummary`) that some answers use.
fn oauth_error(body: &[u8]) -> Option<(String, String)> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let text = |k: &str| value.get(k).and_then(Value::as_str).map(str::to_string);
    let error = text("error").or_else(|| text("errorCode"))?;
    let description = text("error_description")
        .or_else(|| text("errorSummary"))
        .unwrap_or_default();
    Some((error, description))
}

/// A short, safe word from a server's string: letters, digits and `_` only.
fn word(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .take(40)
        .collect()
}

/// What a token or introspection answer says.
pub fn interpret(answer: &Answer) -> Grant {
    let error = oauth_error(&answer.body);
    let described = |e: &str| format!("HTTP {} {}", answer.status, word(e));
    match (answer.status, &error) {
        (200, _) => {
            let body: Option<Value> = serde_json::from_slice(&answer.body).ok();
            let fields = body.as_ref().and_then(Value::as_object);
            // An access token, or introspection's `active` (false for our made-up token).
            if fields.is_some_and(|f| f.contains_key("access_token") || f.contains_key("active")) {
                Grant::Accepted("the org authenticated the app".to_string())
            } else {
                Grant::Unknown(
                    "HTTP 200 without an OAuth answer (a sign-in page or a proxy?): proves nothing"
                        .to_string(),
                )
            }
        }
        (400, Some((e, _)))
            if matches!(
                e.as_str(),
                "invalid_scope" | "unauthorized_client" | "consent_required" | "access_denied"
            ) =>
        {
            Grant::Accepted(format!(
                "the org authenticated the app and refused only the grant or scope ({})",
                word(e)
            ))
        }
        (401, Some((e, d))) if e == "invalid_client" => {
            let d = d.to_ascii_lowercase();
            if d.contains("private_key_jwt") {
                Grant::KeyOnly
            } else if d.contains("secret") && d.contains("invalid") {
                Grant::Rejected("the org rejects the client secret".to_string())
            } else if d.contains("signature") && d.contains("invalid") {
                Grant::Rejected(
                    "the org rejects the assertion's signature: not the app's key".to_string(),
                )
            } else if d.contains("client_id") || d.contains("issuer") || d.contains("subject") {
                Grant::Unknown("the org does not know this client id".to_string())
            } else {
                Grant::Unknown(described(e))
            }
        }
        (status, Some((e, _))) if status != 429 => Grant::Unknown(described(e)),
        (429, _) => Grant::Unknown("HTTP 429 (rate limited, after one retry)".to_string()),
        (status, _) => Grant::Unknown(format!("HTTP {status}")),
    }
}

/// The verdict of an accepted app credential: the app (its client id) is what it acts as.
pub fn live_app(org: &str, client_id: &str, why: &str) -> Live {
    Live {
        org: org.to_string(),
        owner: Owner {
            id: client_id.to_string(),
            status: "ACTIVE".to_string(),
            login: format!("OAuth 2.0 app {client_id}"),
        },
        roles: None,
        roles_unknown: Some(format!(
            "{why}; the app's granted scopes and admin roles are not read (no token was issued)"
        )),
        impact: Impact::Unknown,
        revocation: None,
        note: APP_CHECKED,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderMap;

    fn answer(status: u16, body: &str) -> Answer {
        Answer {
            status,
            headers: HeaderMap::new(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn documented_answers() {
        let cases = [
            (
                answer(
                    400,
                    r#"{"error":"invalid_scope","error_description":"One or more scopes are not configured for the authorization server resource."}"#,
                ),
                "accepted",
            ),
            (
                answer(
                    400,
                    r#"{"error":"unauthorized_client","error_description":"The client is not authorized to use the provided grant type. Configured grant types: [authorization_code]."}"#,
                ),
                "accepted",
            ),
            (answer(200, r#"{"active":false}"#), "accepted"),
            (
                answer(
                    401,
                    r#"{"error":"invalid_client","error_description":"The client secret supplied for a confidential client is invalid."}"#,
                ),
                "rejected",
            ),
            (
                answer(
                    401,
                    r#"{"error":"invalid_client","error_description":"The client_assertion signature is invalid."}"#,
                ),
                "rejected",
            ),
            (
                answer(
                    401,
                    r#"{"error":"invalid_client","error_description":"Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method."}"#,
                ),
                "key only",
            ),
            (
                answer(
                    401,
                    r#"{"errorCode":"invalid_client","errorSummary":"Invalid value for 'client_id' parameter.","errorId":"x"}"#,
                ),
                "unknown",
            ),
            (answer(200, "<html>Sign in</html>"), "unknown"),
            (answer(429, r#"{"errorCode":"E0000047"}"#), "unknown"),
            (answer(500, "oops"), "unknown"),
        ];
        for (a, want) in cases {
            let got = match interpret(&a) {
                Grant::Accepted(_) => "accepted",
                Grant::Rejected(_) => "rejected",
                Grant::KeyOnly => "key only",
                Grant::Unknown(_) => "unknown",
            };
            assert_eq!(got, want, "{}", String::from_utf8_lossy(&a.body));
        }
    }
}
