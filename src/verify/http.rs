//! One guarded HTTP exchange with an org: a token or client secret goes only in a header
//! marked sensitive, redirects are never followed, bodies are read up to a cap, every request
//! has a deadline, and each org's rate-limit budget is respected (one retry after a 429).

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, LOCATION};
use reqwest::{redirect, Client, Method};

use super::org::Org;
use super::ratelimit::{until_reset, RateGates};
use super::resolve::GuardedResolver;
use crate::error::{CallError, VerifyError};
use crate::secret::Secret;

/// Sent with every call, so that an org's admins can tell this check from an attacker in
/// their System Log.
pub const USER_AGENT: &str = concat!(
    "oktaleaks/",
    env!("CARGO_PKG_VERSION"),
    " (leaked-token verification; +https://github.com/oktaleaks/oktaleaks)"
);

/// Largest response body read; Okta's answers here are a few KiB.
pub const MAX_BODY: usize = 1 << 20;

/// An org's answer.
#[derive(Debug)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// The body, at most [`MAX_BODY`] bytes.
    pub body: Vec<u8>,
}

/// How a call proves who it is.
#[derive(Clone, Copy)]
pub enum Credential<'a> {
    /// An API token: `Authorization: SSWS <token>`.
    Ssws(&'a Secret),
    /// An OAuth 2.0 client: `Authorization: Basic base64(client_id:secret)`.
    Basic {
        /// The app's client id.
        client_id: &'a str,
        /// Its client secret.
        secret: &'a Secret,
    },
    /// Nothing in the headers (a signed client assertion travels in the form).
    NoHeader,
}

/// The client every verification call goes through.
pub struct Http {
    client: Client,
    gates: RateGates,
}

impl Http {
    /// A client whose requests each end within `timeout`. Hosts in `named_hosts` (the user
    /// named them) may resolve to private addresses; no other host may.
    pub fn new(
        named_hosts: impl IntoIterator<Item = String>,
        timeout: Duration,
    ) -> Result<Http, VerifyError> {
        let client = Client::builder()
            .user_agent(USER_AGENT)
            .redirect(redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout)
            // A proxy would resolve names itself, past the address checks.
            .no_proxy()
            .dns_resolver(Arc::new(GuardedResolver::new(named_hosts)))
            .build()
            .map_err(|e| VerifyError::Setup(call_error(&e).to_string()))?;
        Ok(Http {
            client,
            gates: RateGates::default(),
        })
    }

    /// `method` on `path` (relative, such as `api/v1/users/me`) at `org`, with the token. Waits
    /// out the org's rate-limit window when it is nearly spent, and retries once after a 429;
    /// gives up when a wait would pass `deadline`.
    pub async fn call(
        &self,
        method: Method,
        org: &Org,
        path: &str,
        token: &Secret,
        deadline: Instant,
    ) -> Result<Answer, CallError> {
        self.send(method, org, path, Credential::Ssws(token), None, deadline)
            .await
    }

    /// `POST` of a form (`application/x-www-form-urlencoded`) to `path` at `org`, with
    /// `credential`: the OAuth 2.0 endpoints' calls. Same guards as [`Http::call`].
    pub async fn post_form(
        &self,
        org: &Org,
        path: &str,
        credential: Credential<'_>,
        form: &[(&str, &str)],
        deadline: Instant,
    ) -> Result<Answer, CallError> {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        self.send(Method::POST, org, path, credential, Some(body), deadline)
            .await
    }

    async fn send(
        &self,
        method: Method,
        org: &Org,
        path: &str,
        credential: Credential<'_>,
        form: Option<String>,
        deadline: Instant,
    ) -> Result<Answer, CallError> {
        let url = org
            .endpoint
            .join(path)
            .map_err(|e| CallError::Request(format!("bad API path {path}: {e}")))?;
        let key = org.endpoint.as_str();
        let mut retried = false;
        loop {
            let wait = self.gates.wait_for(key, Instant::now());
            sleep_within(wait, deadline, "its rate-limit window resets").await?;
            let answer = self
                .exchange(method.clone(), url.clone(), credential, form.clone())
                .await?;
            self.gates.record(key, &answer.headers, Instant::now());
            if answer.status != 429 || retried {
                return Ok(answer);
            }
            retried = true;
            let wait =
                until_reset(&answer.headers, SystemTime::now()).unwrap_or(Duration::from_secs(1));
            sleep_within(wait, deadline, "it answered 429 (rate limited)").await?;
        }
    }

    async fn exchange(
        &self,
        method: Method,
        url: reqwest::Url,
        credential: Credential<'_>,
        form: Option<String>,
    ) -> Result<Answer, CallError> {
        let auth = match credential {
            Credential::Ssws(token) => Some(format!("SSWS {}", token.expose())),
            Credential::Basic { client_id, secret } => {
                use base64::Engine as _;
                let pair = format!("{client_id}:{}", secret.expose());
                Some(format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(pair)
                ))
            }
            Credential::NoHeader => None,
        };
        let mut request = self
            .client
            .request(method, url)
            .header(ACCEPT, "application/json");
        if let Some(auth) = auth {
            let mut auth = HeaderValue::from_str(&auth).map_err(|_| {
                CallError::Request("the credential cannot be sent in an HTTP header".to_string())
            })?;
            auth.set_sensitive(true);
            request = request.header(AUTHORIZATION, auth);
        }
        if let Some(form) = form {
            request = request
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(form);
        }
        let mut response = request.send().await.map_err(|e| call_error(&e))?;
        let status = response.status();
        if status.is_redirection() {
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|l| l.to_str().ok())
                .unwrap_or("nowhere")
                .to_string();
            return Err(CallError::Redirect {
                status: status.as_u16(),
                location,
            });
        }
        if response
            .content_length()
            .is_some_and(|n| n > MAX_BODY as u64)
        {
            return Err(too_large(status.as_u16()));
        }
        let headers = response.headers().clone();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| call_error(&e))? {
            if body.len() + chunk.len() > MAX_BODY {
                return Err(too_large(status.as_u16()));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Answer {
            status: status.as_u16(),
            headers,
            body,
        })
    }
}

fn too_large(status: u16) -> CallError {
    CallError::TooLarge {
        status,
        limit_kib: MAX_BODY / 1024,
    }
}

async fn sleep_within(
    wait: Duration,
    deadline: Instant,
    why: &'static str,
) -> Result<(), CallError> {
    if wait.is_zero() {
        return Ok(());
    }
    if Instant::now() + wait > deadline {
        return Err(CallError::RateLimited {
            retry_after: wait,
            why,
        });
    }
    tokio::time::sleep(wait).await;
    Ok(())
}

/// The kind of a client error, with its causes on one line ("error sending request …:
/// connection refused").
fn call_error(err: &reqwest::Error) -> CallError {
    if err.is_timeout() {
        return CallError::Timeout;
    }
    chain_error(err)
}

/// Names what failed from an error and its causes: the resolver's own error as it is, TLS
/// apart, else the chain's texts joined.
fn chain_error(err: &(dyn std::error::Error + 'static)) -> CallError {
    let mut text = err.to_string();
    let mut is_tls = false;
    let mut source = err.source();
    while let Some(cause) = source {
        if let Some(unresolved) = cause.downcast_ref::<super::resolve::Unresolved>() {
            return CallError::Unresolved(unresolved.to_string());
        }
        let cause_text = cause.to_string();
        // rustls is reached only through reqwest, so its errors are known by their text.
        let lower = cause_text.to_ascii_lowercase();
        is_tls |=
            lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake");
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    if is_tls {
        CallError::Tls(text)
    } else {
        CallError::Transport(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::resolve::Unresolved;

    /// An error wrapping another, as the HTTP client's layers wrap the resolver's.
    #[derive(Debug, thiserror::Error)]
    #[error("{what}")]
    struct Wrapped {
        what: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    }

    #[test]
    fn a_name_that_does_not_resolve_reads_as_one_plain_sentence() {
        let unresolved = Unresolved::NoAddress {
            host: "acme.okta.com".into(),
            reason: "Name or service not known".into(),
        };
        let chain = Wrapped {
            what: "error sending request for url (https://acme.okta.com/api/v1/users/me)",
            source: Box::new(Wrapped {
                what: "client error (Connect)",
                source: Box::new(unresolved),
            }),
        };
        let err = chain_error(&chain);
        assert!(matches!(err, CallError::Unresolved(_)), "{err:?}");
        assert_eq!(
            err.to_string(),
            "acme.okta.com does not resolve (Name or service not known): a mistyped or deleted \
             org, or no DNS here"
        );
        // Other failures keep their chain, each cause once.
        let refused = Wrapped {
            what: "error sending request",
            source: Box::new(std::io::Error::other("connection refused")),
        };
        assert_eq!(
            chain_error(&refused).to_string(),
            "error sending request: connection refused"
        );
    }
}
