//! The live check of a service app's private key: a short-lived client assertion (a JWT the
//! key signs, as `private_key_jwt` apps send) presented at the org's token endpoint with the
//! client-credentials grant and a scope no app holds. The key itself never leaves the
//! process; only the signed assertion does, valid five minutes, for that endpoint alone.
//!
//! Keys are read from what the matcher found: PEM (PKCS#8, PKCS#1 `RSA PRIVATE KEY`, SEC1
//! `EC PRIVATE KEY`; also inside a JSON or shell string, with `\n` escapes) or a private JWK
//! (RSA, or EC on P-256/P-384).

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use aws_lc_rs::rsa::KeyPair as RsaKeyPair;
use aws_lc_rs::signature::{
    EcdsaKeyPair, EcdsaSigningAlgorithm, ECDSA_P256_SHA256_FIXED_SIGNING,
    ECDSA_P384_SHA384_FIXED_SIGNING, RSA_PKCS1_SHA256,
};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde_json::{json, Value};

use super::http::{Credential, Http};
use super::oauth::{self, Grant, CHECK_SCOPE, TOKEN_PATH};
use super::org::Org;
use crate::secret::Secret;

/// How long the assertion is valid.
const ASSERTION_LIFETIME_SECS: u64 = 300;

/// A key ready to sign, with the key id a JWK names.
pub struct SigningKey {
    signer: Signer,
    kid: Option<String>,
}

enum Signer {
    Rsa(RsaKeyPair),
    Ec(EcdsaKeyPair, &'static str),
}

/// What `org` says of the key as the key of app `client_id`.
pub async fn check(
    http: &Http,
    org: &Org,
    client_id: &str,
    key: &Secret,
    deadline: Instant,
) -> Grant {
    let key = match SigningKey::parse(key.expose()) {
        Ok(key) => key,
        Err(why) => return Grant::Unknown(format!("the key cannot sign: {why}")),
    };
    let audience = format!("{}/{TOKEN_PATH}", org.url.trim_end_matches('/'));
    let assertion = match key.assertion(client_id, &audience, unix_now()) {
        Ok(jwt) => jwt,
        Err(why) => return Grant::Unknown(format!("the key cannot sign: {why}")),
    };
    let form = [
        ("grant_type", "client_credentials"),
        ("scope", CHECK_SCOPE),
        (
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ),
        ("client_assertion", assertion.as_str()),
    ];
    match http
        .post_form(org, TOKEN_PATH, Credential::NoHeader, &form, deadline)
        .await
    {
        Ok(answer) => oauth::interpret(&answer),
        Err(err) => Grant::Unknown(err.to_string()),
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl SigningKey {
    /// Reads a PEM block or a private JWK, as found in a file.
    pub fn parse(text: &str) -> Result<SigningKey, String> {
        if text.contains("-----BEGIN") {
            parse_pem(text)
        } else {
            parse_jwk(text)
        }
    }

    /// A client assertion for app `client_id` at `audience` (the endpoint's URL), issued at
    /// `now` (seconds since the epoch).
    pub fn assertion(&self, client_id: &str, audience: &str, now: u64) -> Result<String, String> {
        let alg = match &self.signer {
            Signer::Rsa(_) => "RS256",
            Signer::Ec(_, alg) => alg,
        };
        let mut header = json!({"alg": alg, "typ": "JWT"});
        if let Some(kid) = &self.kid {
            header["kid"] = json!(kid);
        }
        let rng = SystemRandom::new();
        let mut jti = [0u8; 16];
        rng.fill(&mut jti)
            .map_err(|_| "no randomness".to_string())?;
        let claims = json!({
            "iss": client_id,
            "sub": client_id,
            "aud": audience,
            "iat": now,
            "exp": now + ASSERTION_LIFETIME_SECS,
            "jti": URL_SAFE_NO_PAD.encode(jti),
        });
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature = match &self.signer {
            Signer::Rsa(key) => {
                let mut sig = vec![0; key.public_modulus_len()];
                key.sign(&RSA_PKCS1_SHA256, &rng, signing_input.as_bytes(), &mut sig)
                    .map_err(|_| "RSA signing failed".to_string())?;
                sig
            }
            Signer::Ec(key, _) => key
                .sign(&rng, signing_input.as_bytes())
                .map_err(|_| "ECDSA signing failed".to_string())?
                .as_ref()
                .to_vec(),
        };
        Ok(format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature)
        ))
    }
}

/// The PEM block's label and DER body; a body written inside a string (`\n` escapes,
/// quotes and `+` of a concatenation) is read the same.
fn parse_pem(text: &str) -> Result<SigningKey, String> {
    let begin = text.find("-----BEGIN ").ok_or("no BEGIN line")?;
    let rest = &text[begin + "-----BEGIN ".len()..];
    let label_end = rest.find("-----").ok_or("no BEGIN line")?;
    let label = &rest[..label_end];
    let body = &rest[label_end + 5..];
    let body = &body[..body.find("-----END").ok_or("no END line")?];
    let base64: String = without_concatenation(&body.replace("\\n", "").replace("\\r", ""))
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '+' | '='))
        .collect();
    let der = STANDARD
        .decode(base64)
        .map_err(|_| "the PEM body is not base64".to_string())?;
    let signer = match label {
        "RSA PRIVATE KEY" => Signer::Rsa(RsaKeyPair::from_der(&der).map_err(rejected)?),
        "EC PRIVATE KEY" => ec_from_der(&der)?,
        "PRIVATE KEY" => match RsaKeyPair::from_pkcs8(&der) {
            Ok(key) => Signer::Rsa(key),
            Err(_) => ec_from_der(&der)?,
        },
        _ => return Err("not an unencrypted private key".to_string()),
    };
    Ok(SigningKey { signer, kid: None })
}

/// `text` without the joins of a string split across lines (`"…" +` then `"…"`): their `+`
/// is no base64 character. A `+` of the key itself never touches a quote.
fn without_concatenation(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        if matches!(bytes[i], b'"' | b'\'') {
            // A quote, spaces, `+`, spaces, a quote: one join, dropped whole.
            let mut j = i + 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if bytes.get(j) == Some(&b'+') {
                let mut k = j + 1;
                while k < bytes.len() && bytes[k].is_ascii_whitespace() {
                    k += 1;
                }
                if matches!(bytes.get(k), Some(b'"' | b'\'')) {
                    i = k + 1;
                    continue;
                }
            }
        }
        out.push(char::from(bytes[i]));
        i += 1;
    }
    out
}

fn rejected(err: aws_lc_rs::error::KeyRejected) -> String {
    format!("the key is not usable ({err})")
}

/// An EC key (PKCS#8 or SEC1) on P-256 or P-384.
fn ec_from_der(der: &[u8]) -> Result<Signer, String> {
    let curves: [(&'static EcdsaSigningAlgorithm, &'static str); 2] = [
        (&ECDSA_P256_SHA256_FIXED_SIGNING, "ES256"),
        (&ECDSA_P384_SHA384_FIXED_SIGNING, "ES384"),
    ];
    curves
        .into_iter()
        .find_map(|(alg, name)| {
            EcdsaKeyPair::from_private_key_der(alg, der)
                .ok()
                .map(|key| Signer::Ec(key, name))
        })
        .ok_or_else(|| "not an RSA key, nor an EC key on P-256 or P-384".to_string())
}

/// A private JWK, as JSON, JSON inside a string (`\"`), or a Python dict (`'`).
fn parse_jwk(text: &str) -> Result<SigningKey, String> {
    let json: Value = serde_json::from_str(text)
        .or_else(|_| serde_json::from_str(&text.replace("\\\"", "\"")))
        .or_else(|_| serde_json::from_str(&text.replace('\'', "\"")))
        .map_err(|_| "the JWK is not JSON".to_string())?;
    let field = |name: &str| -> Result<Vec<u8>, String> {
        let value = json
            .get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("the JWK has no {name}"))?;
        URL_SAFE_NO_PAD
            .decode(value.trim_end_matches('='))
            .map_err(|_| format!("the JWK's {name} is not base64url"))
    };
    let kid = json.get("kid").and_then(Value::as_str).map(str::to_string);
    let signer = match json.get("kty").and_then(Value::as_str) {
        Some("RSA") => {
            let parts = ["n", "e", "d", "p", "q", "dp", "dq", "qi"]
                .iter()
                .map(|name| field(name))
                .collect::<Result<Vec<_>, _>>()?;
            Signer::Rsa(RsaKeyPair::from_der(&rsa_private_key_der(&parts)).map_err(rejected)?)
        }
        Some("EC") => {
            let (alg, name): (&'static EcdsaSigningAlgorithm, _) =
                match json.get("crv").and_then(Value::as_str) {
                    Some("P-256") => (&ECDSA_P256_SHA256_FIXED_SIGNING, "ES256"),
                    Some("P-384") => (&ECDSA_P384_SHA384_FIXED_SIGNING, "ES384"),
                    _ => return Err("the JWK's curve is not P-256 or P-384".to_string()),
                };
            let mut point = vec![4u8];
            point.extend(field("x")?);
            point.extend(field("y")?);
            let key = EcdsaKeyPair::from_private_key_and_public_key(alg, &field("d")?, &point)
                .map_err(rejected)?;
            Signer::Ec(key, name)
        }
        _ => return Err("the JWK is neither RSA nor EC".to_string()),
    };
    Ok(SigningKey { signer, kid })
}

/// PKCS#1 `RSAPrivateKey` (RFC 8017, A.1.2) from a JWK's eight numbers, big-endian.
fn rsa_private_key_der(numbers: &[Vec<u8>]) -> Vec<u8> {
    let mut body = der_integer(&[0]);
    for n in numbers {
        body.extend(der_integer(n));
    }
    let mut out = vec![0x30];
    out.extend(der_length(body.len()));
    out.extend(body);
    out
}

fn der_integer(bytes: &[u8]) -> Vec<u8> {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    let mut value = bytes[first..].to_vec();
    if value.first().is_none_or(|&b| b & 0x80 != 0) {
        value.insert(0, 0);
    }
    let mut out = vec![0x02];
    out.extend(der_length(value.len()));
    out.extend(value);
    out
}

fn der_length(len: usize) -> Vec<u8> {
    if len < 0x80 {
        return vec![len as u8];
    }
    let bytes: Vec<u8> = len
        .to_be_bytes()
        .into_iter()
        .skip_while(|&b| b == 0)
        .collect();
    let mut out = vec![0x80 | bytes.len() as u8];
    out.extend(bytes);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lc_rs::encoding::AsDer;
    use aws_lc_rs::signature::{self, KeyPair as _, UnparsedPublicKey};

    fn pem(label: &str, der: &[u8]) -> String {
        let body = STANDARD.encode(der);
        let lines: Vec<&str> = body
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect();
        format!(
            "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
            lines.join("\n")
        )
    }

    fn verify(jwt: &str, alg: &'static dyn signature::VerificationAlgorithm, public: &[u8]) {
        let (input, sig) = jwt.rsplit_once('.').expect("three parts");
        let sig = URL_SAFE_NO_PAD.decode(sig).expect("base64url");
        UnparsedPublicKey::new(alg, public)
            .verify(input.as_bytes(), &sig)
            .expect("the assertion verifies with the public key");
        let claims = input.split('.').nth(1).expect("claims");
        let claims: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).expect("b64")).expect("json");
        assert_eq!(claims["iss"], "0oa1");
        assert_eq!(claims["sub"], "0oa1");
        assert_eq!(claims["aud"], "https://acme.okta.com/oauth2/v1/token");
        assert_eq!(
            claims["exp"].as_u64(),
            Some(1_000 + ASSERTION_LIFETIME_SECS)
        );
    }

    #[test]
    fn rsa_keys_in_every_form_sign() {
        let key = RsaKeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).expect("generate");
        let pkcs8 = AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(&key).expect("der");
        let public = key.public_key().as_ref().to_vec();
        let pkcs8_pem = pem("PRIVATE KEY", pkcs8.as_ref());
        let escaped = format!("\"{}\"", pkcs8_pem.replace('\n', "\\n"));
        for text in [pkcs8_pem, escaped] {
            let signer = SigningKey::parse(&text).expect("parses");
            let jwt = signer
                .assertion("0oa1", "https://acme.okta.com/oauth2/v1/token", 1_000)
                .expect("signs");
            verify(&jwt, &signature::RSA_PKCS1_2048_8192_SHA256, &public);
        }
    }

    #[test]
    fn ec_keys_sign_and_truncated_keys_do_not() {
        let rng = SystemRandom::new();
        let pkcs8 =
            EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).expect("key");
        let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref())
            .expect("parse");
        let signer = SigningKey::parse(&pem("PRIVATE KEY", pkcs8.as_ref())).expect("parses");
        let jwt = signer
            .assertion("0oa1", "https://acme.okta.com/oauth2/v1/token", 1_000)
            .expect("signs");
        verify(
            &jwt,
            &signature::ECDSA_P256_SHA256_FIXED,
            key.public_key().as_ref(),
        );
        // Every body reads back, whatever its last character (a P-256 PKCS#8 body has no
        // padding, and ends in `+` once in 64 keys).
        for _ in 0..300 {
            let pkcs8 =
                EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).expect("key");
            assert!(SigningKey::parse(&pem("PRIVATE KEY", pkcs8.as_ref())).is_ok());
        }
        assert!(SigningKey::parse(
            "-----BEGIN PRIVATE KEY-----\nMIIEow...\n-----END PRIVATE KEY-----"
        )
        .is_err());
        assert!(SigningKey::parse(r#"{"kty":"RSA","n":"AQAB","e":"AQAB"}"#).is_err());
    }

    #[test]
    fn joins_of_split_strings_are_dropped() {
        assert_eq!(without_concatenation("\"AB+\" +\n  \"CD=\""), "\"AB+CD=\"");
        assert_eq!(without_concatenation("AB+/CD"), "AB+/CD");
    }

    #[test]
    fn der_integers() {
        assert_eq!(der_integer(&[0x00, 0x7f]), vec![2, 1, 0x7f]);
        assert_eq!(der_integer(&[0x80]), vec![2, 2, 0, 0x80]);
        assert_eq!(der_integer(&[0]), vec![2, 1, 0]);
        assert_eq!(der_length(300), vec![0x82, 1, 44]);
    }
}
