//! A stand-in Okta org: a real HTTP/1.1 server on 127.0.0.1 that answers the calls oktaleaks
//! makes (`GET /api/v1/users/me`, `GET /api/v1/users/{id}/roles`,
//! `DELETE /api/v1/api-tokens/current`, and the org authorization server's
//! `POST /oauth2/v1/token` and `/oauth2/v1/introspect`) with the bodies and headers of Okta's
//! APIs, and records every request it receives. Org-wide behaviours (slow, impostor, rate
//! limited, hostile) are switched with [`Behaviour`]; OAuth 2.0 apps are added with
//! [`StandIn::with_clients`].

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// One request as received.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    /// The `Authorization` header.
    pub authorization: String,
    pub user_agent: String,
    pub accept: String,
    /// The request body, as text.
    pub body: String,
    pub at: Instant,
}

/// An OAuth 2.0 app of the org.
#[derive(Clone)]
pub struct Client {
    /// Its active client secret, when it has one.
    pub secret: Option<String>,
    /// A service app: at the org authorization server, client credentials only with
    /// `private_key_jwt` (a secret is refused with `invalid_client`, as Okta does).
    pub service: bool,
    /// Public keys its assertions may be signed with: (`alg`, key bytes as aws-lc-rs verifies
    /// them).
    pub keys: Vec<(&'static str, Vec<u8>)>,
}

/// The roles answer for a user.
#[derive(Debug, Clone)]
pub enum Roles {
    /// `(type, label)` pairs.
    List(Vec<(&'static str, &'static str)>),
    /// 403 `E0000006`.
    Forbidden,
}

/// A user whose token is live.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: &'static str,
    pub login: &'static str,
    pub roles: Roles,
}

/// How the whole org behaves.
#[derive(Debug, Clone)]
pub enum Behaviour {
    /// Like Okta.
    Okta,
    /// The first N calls get 429 `E0000047` (reset one second ahead).
    RateLimitFirst(u64),
    /// Every call gets 429.
    RateLimitAlways,
    /// 200 with an HTML sign-in page, for every token.
    HtmlSignIn,
    /// Answers like Okta after a delay.
    Slow(Duration),
    /// 302 to another URL.
    Redirect(String),
    /// 200, `application/json`, but not JSON.
    MalformedJson,
    /// 200 with a body of this many bytes (sent as fast as the client reads).
    HugeBody(u64),
    /// Status line and headers, then one body byte per this interval, forever.
    Trickle(Duration),
    /// Reads the request and never answers.
    Silent,
    /// Like Okta, except that roles requests are read and never answered.
    SilentRoles,
}

struct State {
    accounts: HashMap<String, Account>,
    clients: HashMap<String, Client>,
    /// Assertion ids seen (`jti`): each may be used once.
    jtis: Vec<String>,
    revoked: Vec<String>,
    seen: Vec<Seen>,
    behaviour: Behaviour,
}

/// A running stand-in org.
pub struct StandIn {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl StandIn {
    /// Starts a stand-in org whose live tokens are `accounts`.
    pub fn start(accounts: Vec<(String, Account)>, behaviour: Behaviour) -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("addr");
        let state = Arc::new(Mutex::new(State {
            accounts: accounts.into_iter().collect(),
            clients: HashMap::new(),
            jtis: Vec::new(),
            revoked: Vec::new(),
            seen: Vec::new(),
            behaviour,
        }));
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = Arc::clone(&shared);
                std::thread::spawn(move || serve(stream, &state));
            }
        });
        StandIn { addr, state }
    }

    /// Adds OAuth 2.0 apps, by client id.
    pub fn with_clients(self, clients: Vec<(String, Client)>) -> StandIn {
        self.state.lock().expect("lock").clients.extend(clients);
        self
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().expect("lock").seen.clone()
    }

    /// Requests for `path` so far.
    pub fn calls(&self, method: &str, path: &str) -> Vec<Seen> {
        self.seen()
            .into_iter()
            .filter(|s| s.method == method && s.path == path)
            .collect()
    }
}

static REQUEST_IDS: AtomicU64 = AtomicU64::new(1);

fn serve(stream: TcpStream, state: &Mutex<State>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let mut headers: HashMap<String, String> = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length.min(1 << 16)];
    let _ = reader.read_exact(&mut body);
    let header = |k: &str| headers.get(k).cloned().unwrap_or_default();
    let seen = Seen {
        method: method.clone(),
        path: path.clone(),
        authorization: header("authorization"),
        user_agent: header("user-agent"),
        accept: header("accept"),
        body: String::from_utf8_lossy(&body).into_owned(),
        at: Instant::now(),
    };
    let (behaviour, count) = {
        let mut st = state.lock().expect("lock");
        st.seen.push(seen.clone());
        (st.behaviour.clone(), st.seen.len() as u64)
    };
    let mut out = stream;
    match behaviour {
        Behaviour::Silent => std::thread::sleep(Duration::from_secs(60)),
        Behaviour::SilentRoles if path.ends_with("/roles") => {
            std::thread::sleep(Duration::from_secs(60))
        }
        Behaviour::Trickle(every) => {
            let _ = out.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n",
            );
            for _ in 0..100_000 {
                std::thread::sleep(every);
                if out.write_all(b" ").is_err() {
                    return;
                }
            }
        }
        Behaviour::HugeBody(n) => {
            let _ = out.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
            );
            let chunk = vec![b' '; 1 << 16];
            let mut sent = 0;
            while sent < n {
                let frame = format!("{:x}\r\n", chunk.len());
                if out.write_all(frame.as_bytes()).is_err()
                    || out.write_all(&chunk).is_err()
                    || out.write_all(b"\r\n").is_err()
                {
                    return;
                }
                sent += chunk.len() as u64;
            }
            let _ = out.write_all(b"0\r\n\r\n");
        }
        Behaviour::Redirect(to) => respond(&mut out, 302, &[("Location", &to)], "text/html", ""),
        Behaviour::MalformedJson => respond(&mut out, 200, &[], "application/json", "{\"id\":"),
        Behaviour::HtmlSignIn => respond(
            &mut out,
            200,
            &[],
            "text/html;charset=utf-8",
            "<!DOCTYPE html><html><body><form id=\"okta-sign-in\"></form></body></html>",
        ),
        Behaviour::RateLimitAlways => rate_limited(&mut out),
        Behaviour::RateLimitFirst(n) if count <= n => rate_limited(&mut out),
        Behaviour::Slow(delay) => {
            std::thread::sleep(delay);
            okta(&mut out, state, &method, &path, &seen.authorization);
        }
        Behaviour::Okta | Behaviour::RateLimitFirst(_) | Behaviour::SilentRoles
            if path.starts_with("/oauth2/") =>
        {
            oauth(&mut out, state, &path, &seen)
        }
        Behaviour::Okta | Behaviour::RateLimitFirst(_) | Behaviour::SilentRoles => {
            okta(&mut out, state, &method, &path, &seen.authorization)
        }
    }
}

/// The org authorization server: client authentication by secret (HTTP Basic) or by a signed
/// client assertion, answered with Okta's documented errors.
fn oauth(out: &mut TcpStream, state: &Mutex<State>, path: &str, seen: &Seen) {
    use base64::Engine as _;
    let form: HashMap<String, String> = url::form_urlencoded::parse(seen.body.as_bytes())
        .into_owned()
        .collect();
    let invalid_client =
        |out: &mut TcpStream, why: &str| oauth_error(out, 401, "invalid_client", why);
    let (client_id, by_secret) = if let Some(basic) = seen.authorization.strip_prefix("Basic ") {
        let pair = base64::engine::general_purpose::STANDARD
            .decode(basic)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default();
        let (id, secret) = pair.split_once(':').unwrap_or_default();
        (id.to_string(), Some(secret.to_string()))
    } else if let Some(jwt) = form.get("client_assertion") {
        match assertion_issuer(state, jwt) {
            Ok(id) => (id, None),
            Err(why) => return invalid_client(out, &why),
        }
    } else {
        return invalid_client(out, "No client credentials found.");
    };
    let Some(client) = state.lock().expect("lock").clients.get(&client_id).cloned() else {
        return invalid_client(out, "Invalid value for 'client_id' parameter.");
    };
    if let Some(secret) = &by_secret {
        if path == "/oauth2/v1/token" && client.service {
            return invalid_client(
                out,
                "Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.",
            );
        }
        if client.secret.as_ref() != Some(secret) {
            return invalid_client(
                out,
                "The client secret supplied for a confidential client is invalid.",
            );
        }
    }
    match path {
        "/oauth2/v1/introspect" => respond(out, 200, &[], "application/json", r#"{"active":false}"#),
        "/oauth2/v1/token" if !client.service => oauth_error(
            out,
            400,
            "unauthorized_client",
            "The client is not authorized to use the provided grant type. Configured grant types: [authorization_code].",
        ),
        "/oauth2/v1/token" if !form.get("scope").is_some_and(|s| s.starts_with("okta.")) => {
            oauth_error(
                out,
                400,
                "invalid_scope",
                "Custom scopes are not allowed for this request.",
            )
        }
        _ => error(out, 404, "E0000007", "Not found: Resource not found"),
    }
}

/// The client id of a valid client assertion: a JWT whose signature one of its app's keys
/// verifies, for this token endpoint, unexpired, its `jti` unused.
fn assertion_issuer(state: &Mutex<State>, jwt: &str) -> Result<String, String> {
    use aws_lc_rs::signature::{self, UnparsedPublicKey};
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;
    let part = |s: &str| -> Option<serde_json::Value> {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(s).ok()?).ok()
    };
    let invalid = || "The client_assertion token is invalid.".to_string();
    let (input, sig) = jwt.rsplit_once('.').ok_or_else(invalid)?;
    let (header, claims) = input.split_once('.').ok_or_else(invalid)?;
    let (header, claims) = (
        part(header).ok_or_else(invalid)?,
        part(claims).ok_or_else(invalid)?,
    );
    let sig = URL_SAFE_NO_PAD.decode(sig).map_err(|_| invalid())?;
    let iss = claims["iss"].as_str().ok_or_else(invalid)?.to_string();
    if claims["sub"] != claims["iss"] {
        return Err("The client_assertion token has an invalid subject.".to_string());
    }
    if claims["aud"] != "https://acme.okta.com/oauth2/v1/token" {
        return Err(
            "The audience claim for client_assertion must be the endpoint invoked for the request."
                .to_string(),
        );
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let exp = claims["exp"].as_u64().ok_or_else(invalid)?;
    if exp <= now || exp > now + 3600 {
        return Err(
            "The client_assertion token is expired or expires too far in the future.".to_string(),
        );
    }
    let mut st = state.lock().expect("lock");
    let jti = claims["jti"].as_str().unwrap_or_default().to_string();
    if jti.is_empty() || st.jtis.contains(&jti) {
        return Err("The client_assertion token has already been used.".to_string());
    }
    st.jtis.push(jti);
    let Some(client) = st.clients.get(&iss) else {
        return Err("Invalid value for 'client_id' parameter.".to_string());
    };
    let alg = header["alg"].as_str().unwrap_or_default();
    let verified = client
        .keys
        .iter()
        .filter(|(a, _)| *a == alg)
        .any(|(_, key)| {
            let algorithm: &'static dyn signature::VerificationAlgorithm = match alg {
                "RS256" => &signature::RSA_PKCS1_2048_8192_SHA256,
                _ => &signature::ECDSA_P256_SHA256_FIXED,
            };
            UnparsedPublicKey::new(algorithm, key)
                .verify(input.as_bytes(), &sig)
                .is_ok()
        });
    if verified {
        Ok(iss)
    } else {
        Err("The client_assertion signature is invalid.".to_string())
    }
}

fn oauth_error(out: &mut TcpStream, status: u16, error: &str, description: &str) {
    let body = serde_json::json!({"error": error, "error_description": description}).to_string();
    respond(out, status, &[], "application/json", &body)
}

fn okta(out: &mut TcpStream, state: &Mutex<State>, method: &str, path: &str, auth: &str) {
    let token = auth.strip_prefix("SSWS ").unwrap_or_default().to_string();
    let account = {
        let st = state.lock().expect("lock");
        let revoked = st.revoked.contains(&token);
        st.accounts.get(&token).filter(|_| !revoked).cloned()
    };
    let Some(account) = account else {
        return error(out, 401, "E0000011", "Invalid token provided");
    };
    match (method, path) {
        ("GET", "/api/v1/users/me") => {
            let body = format!(
                r#"{{"id":"{id}","status":"ACTIVE","created":"2013-06-24T16:39:18.000Z","activated":"2013-06-24T16:39:19.000Z","statusChanged":"2013-06-24T16:39:19.000Z","lastLogin":"2013-06-24T17:39:19.000Z","lastUpdated":"2013-07-02T21:36:25.344Z","passwordChanged":"2013-07-02T21:36:25.344Z","profile":{{"login":"{login}","firstName":"Isaac","lastName":"Brock","email":"{login}"}},"credentials":{{"password":{{}},"provider":{{"type":"OKTA","name":"OKTA"}}}},"_links":{{"self":{{"href":"https://acme.okta.com/api/v1/users/{id}"}}}}}}"#,
                id = account.id,
                login = account.login
            );
            respond(out, 200, &[], "application/json", &body)
        }
        ("GET", p) if p == format!("/api/v1/users/{}/roles", account.id) => match account.roles {
            Roles::Forbidden => error(
                out,
                403,
                "E0000006",
                "You do not have permission to perform the requested action",
            ),
            Roles::List(roles) => {
                let items: Vec<String> = roles
                    .iter()
                    .enumerate()
                    .map(|(i, (kind, label))| {
                        format!(
                            r#"{{"id":"ra1b{i}","label":"{label}","type":"{kind}","status":"ACTIVE","created":"2019-02-06T16:17:40.000Z","lastUpdated":"2019-02-06T16:17:40.000Z","assignmentType":"USER","_links":{{}}}}"#
                        )
                    })
                    .collect();
                respond(
                    out,
                    200,
                    &[],
                    "application/json",
                    &format!("[{}]", items.join(",")),
                )
            }
        },
        ("DELETE", "/api/v1/api-tokens/current") => {
            state.lock().expect("lock").revoked.push(token);
            respond(out, 204, &[], "application/json", "")
        }
        _ => error(out, 404, "E0000007", "Not found: Resource not found"),
    }
}

fn rate_limited(out: &mut TcpStream) {
    error(
        out,
        429,
        "E0000047",
        "API call exceeded rate limit due to too many requests.",
    )
}

fn error(out: &mut TcpStream, status: u16, code: &str, summary: &str) {
    let body = format!(
        r#"{{"errorCode":"{code}","errorSummary":"{summary}","errorLink":"{code}","errorId":"sampleQPivGUj_ND5v78vbYWW","errorCauses":[]}}"#
    );
    let remaining = if status == 429 { "0" } else { "599" };
    respond(
        out,
        status,
        &[("X-Rate-Limit-Remaining", remaining)],
        "application/json",
        &body,
    )
}

/// Writes a response with Okta's headers (`Date`, `X-Okta-Request-Id`, `X-Rate-Limit-*`:
/// 600 a minute, resetting one second from now).
fn respond(
    out: &mut TcpStream,
    status: u16,
    extra: &[(&str, &str)],
    content_type: &str,
    body: &str,
) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let reason = match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        302 => "Found",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        _ => "Status",
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nDate: {}\r\nContent-Type: {content_type}\r\nX-Okta-Request-Id: req{}\r\nX-Rate-Limit-Limit: 600\r\nX-Rate-Limit-Reset: {}\r\nConnection: close\r\n",
        http_date(now),
        REQUEST_IDS.fetch_add(1, Ordering::Relaxed),
        now + 1,
    );
    if !extra.iter().any(|(k, _)| *k == "X-Rate-Limit-Remaining") {
        head.push_str("X-Rate-Limit-Remaining: 599\r\n");
    }
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if status != 204 {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let _ = out.write_all(head.as_bytes());
    let _ = out.write_all(body.as_bytes());
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`
fn http_date(epoch: u64) -> String {
    let days = (epoch / 86_400) as i64;
    let secs = epoch % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[days.rem_euclid(7) as usize],
        MONTHS[(month - 1) as usize],
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

#[test]
fn http_dates_are_imf_fixdates() {
    assert_eq!(http_date(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT");
    assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
}
