//! What Okta's management API answers mean: `GET /api/v1/users/me` (is the token live, and
//! whose is it), `GET /api/v1/users/{id}/roles` (what can it do), and
//! `DELETE /api/v1/api-tokens/current` (revoke it). Decisions rest on the status and Okta's
//! `errorCode`, never on the human-readable `errorSummary`.

use std::time::Instant;

use reqwest::Method;
use serde_json::Value;

use super::http::{Answer, Http};
use super::org::Org;
use crate::error::CallError;
use crate::secret::Secret;
use crate::verdict::{Owner, Role};

/// The error code of an invalid, revoked or expired token.
pub const INVALID_TOKEN: &str = "E0000011";

/// What `users/me` said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Me {
    /// 200 with a user object: the token works and acts as this user.
    Live(Owner),
    /// 401 `E0000011`.
    Inactive,
    /// Anything else, with what happened.
    Unknown(String),
}

/// Asks `org` whose token this is.
pub async fn users_me(http: &Http, org: &Org, token: &Secret, deadline: Instant) -> Me {
    let answer = match http
        .call(Method::GET, org, "api/v1/users/me", token, deadline)
        .await
    {
        Ok(answer) => answer,
        Err(err) => return Me::Unknown(err.to_string()),
    };
    match answer.status {
        200 => match owner(&answer.body) {
            Some(owner) => Me::Live(owner),
            None => Me::Unknown(
                "HTTP 200 without an Okta user object (a sign-in page or a proxy?): proves \
                 nothing"
                    .to_string(),
            ),
        },
        401 if error_code(&answer).as_deref() == Some(INVALID_TOKEN) => Me::Inactive,
        _ => Me::Unknown(describe(&answer)),
    }
}

/// The owner's admin roles; `Err` with the reason when they cannot be read (403 `E0000006`
/// when the token may not list them).
pub async fn roles(
    http: &Http,
    org: &Org,
    token: &Secret,
    user_id: &str,
    deadline: Instant,
) -> Result<Vec<Role>, CallError> {
    let path = format!("api/v1/users/{user_id}/roles");
    let answer = http.call(Method::GET, org, &path, token, deadline).await?;
    if answer.status != 200 {
        return Err(CallError::Unexpected(describe(&answer)));
    }
    let items = match serde_json::from_slice::<Value>(&answer.body) {
        Ok(Value::Array(items)) => items,
        _ => {
            return Err(CallError::Unexpected(
                "HTTP 200 without a JSON list of roles".to_string(),
            ))
        }
    };
    items
        .iter()
        .map(|item| {
            let text = |key: &str| item.get(key).and_then(Value::as_str).map(str::to_string);
            Some(Role {
                kind: text("type")?,
                label: text("label"),
                assignment_type: text("assignmentType"),
            })
        })
        .collect::<Option<Vec<Role>>>()
        .ok_or_else(|| CallError::Unexpected("a role without a type in the roles list".to_string()))
}

/// Revokes the token with itself: `DELETE /api/v1/api-tokens/current`, 204 when done.
pub async fn revoke_current(
    http: &Http,
    org: &Org,
    token: &Secret,
    deadline: Instant,
) -> Result<(), CallError> {
    let answer = http
        .call(
            Method::DELETE,
            org,
            "api/v1/api-tokens/current",
            token,
            deadline,
        )
        .await?;
    match answer.status {
        204 | 200 => Ok(()),
        _ => Err(CallError::Unexpected(describe(&answer))),
    }
}

/// The owner in a `users/me` body, when it is a user object: an id (safe to put in a path),
/// a status and a login.
fn owner(body: &[u8]) -> Option<Owner> {
    let user: Value = serde_json::from_slice(body).ok()?;
    let id = user.get("id")?.as_str()?;
    let valid_id =
        !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric());
    if !valid_id {
        return None;
    }
    Some(Owner {
        id: id.to_string(),
        status: user.get("status")?.as_str()?.to_string(),
        login: user.get("profile")?.get("login")?.as_str()?.to_string(),
    })
}

fn error_code(answer: &Answer) -> Option<String> {
    let body: Value = serde_json::from_slice(&answer.body).ok()?;
    body.get("errorCode")?.as_str().map(str::to_string)
}

/// `HTTP 403 E0000006`, or `HTTP 502` when the body has no Okta error code.
fn describe(answer: &Answer) -> String {
    let mut text = format!("HTTP {}", answer.status);
    if let Some(code) = error_code(answer) {
        let code: String = code
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(16)
            .collect();
        text.push(' ');
        text.push_str(&code);
    }
    if answer.status == 429 {
        text.push_str(" (rate limited, after one retry)");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_needs_a_user_object() {
        let me = br#"{"id":"00ub0oNGTSWTBKOLGLNR","status":"ACTIVE","profile":{"login":"isaac.brock@example.com"}}"#;
        assert_eq!(
            owner(me),
            Some(Owner {
                id: "00ub0oNGTSWTBKOLGLNR".into(),
                login: "isaac.brock@example.com".into(),
                status: "ACTIVE".into()
            })
        );
        assert_eq!(owner(b"<html>Sign in</html>"), None);
        assert_eq!(
            owner(br#"{"id":"../../x","status":"ACTIVE","profile":{"login":"a"}}"#),
            None
        );
        assert_eq!(owner(br#"{"id":"00u1","profile":{"login":"a"}}"#), None);
    }
}
