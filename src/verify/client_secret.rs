//! The live check of an OAuth 2.0 client secret: the org's token endpoint, asked for the
//! client-credentials grant with the app's id and secret (HTTP Basic) and a scope no app holds,
//! so that the org answers whether it authenticated the app and issues nothing. When the org
//! authorization server takes only `private_key_jwt` for that grant, introspection (which
//! authenticates the client the same way and issues nothing either) decides.

use std::time::Instant;

use super::http::{Credential, Http};
use super::oauth::{self, Grant, CHECK_SCOPE, INTROSPECT_PATH, TOKEN_PATH};
use super::org::Org;
use crate::secret::Secret;

/// What `org` says of `secret` as the secret of app `client_id`.
pub async fn check(
    http: &Http,
    org: &Org,
    client_id: &str,
    secret: &Secret,
    deadline: Instant,
) -> Grant {
    let credential = Credential::Basic { client_id, secret };
    let form = [("grant_type", "client_credentials"), ("scope", CHECK_SCOPE)];
    let grant = match http
        .post_form(org, TOKEN_PATH, credential, &form, deadline)
        .await
    {
        Ok(answer) => oauth::interpret(&answer),
        Err(err) => return Grant::Unknown(err.to_string()),
    };
    if grant != Grant::KeyOnly {
        return grant;
    }
    let form = [
        ("token", "oktaleaks-check"),
        ("token_type_hint", "access_token"),
    ];
    match http
        .post_form(org, INTROSPECT_PATH, credential, &form, deadline)
        .await
    {
        Ok(answer) => oauth::interpret(&answer),
        Err(err) => Grant::Unknown(err.to_string()),
    }
}
