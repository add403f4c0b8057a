//! Verification against a stand-in Okta org on 127.0.0.1: every verdict, owners and roles,
//! the rate-limit wait, the once-per-pair cache, revocation, the orgs a token may go to, and
//! that no report or message shows a full token.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{findings, redacted, str_of, token, TestEnv};
use crate::okta::{Account, Behaviour, Roles, StandIn};

fn account(id: &'static str, login: &'static str, roles: Roles) -> Account {
    Account { id, login, roles }
}

fn super_admin() -> Account {
    account(
        "00ub0oNGTSWTBKOLGLNR",
        "isaac.brock@example.com",
        Roles::List(vec![("SUPER_ADMIN", "Super Organization Administrator")]),
    )
}

/// A tree naming the org `acme.okta.com` next to each token, in two files; the first token
/// appears in both.
fn org_tree(tokens: &[String]) -> TestEnv {
    let env = TestEnv::new();
    let lines: String = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| format!("OKTA_API_TOKEN_{i}={t}\n"))
        .collect();
    env.write(
        "deploy/.env",
        format!("OKTA_ORG_URL=https://acme.okta.com\n{lines}"),
    );
    env.write(
        "ci/sync.sh",
        format!(
            "curl -H \"Authorization: SSWS {}\" https://acme.okta.com/api/v1/users\n",
            tokens[0]
        ),
    );
    env
}

/// `scan --verify` with `acme.okta.com` routed to the stand-in; JSON report, exit code,
/// stderr.
pub(crate) fn verify_scan(env: &TestEnv, okta: &StandIn, extra: &[&str]) -> (Value, i32, String) {
    let route = format!("acme.okta.com={}", okta.url());
    let out = env
        .cmd()
        .args([
            "scan",
            ".",
            "--format",
            "json",
            "--verify",
            "--okta-endpoint",
        ])
        .arg(&route)
        .args(extra)
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}\nstderr: {stderr}"));
    (json, out.status.code().unwrap_or(-1), stderr)
}

/// The verification object of the finding holding `token` (findings are redacted).
fn verdict_of(json: &Value, token: &str) -> Value {
    findings(json)
        .into_iter()
        .find(|f| str_of(f, "token") == redacted(token))
        .unwrap_or_else(|| panic!("no finding for {}", redacted(token)))["verification"]
        .clone()
}

fn assert_no_full_token(texts: &[&str], tokens: &[String]) {
    for text in texts {
        for t in tokens {
            assert!(
                !text.contains(t.as_str()),
                "full token {} in output",
                redacted(t)
            );
        }
    }
}

#[test]
fn every_verdict_with_owner_roles_and_impact() {
    let tokens: Vec<String> = (300..306).map(token).collect();
    let okta = StandIn::start(
        vec![
            (tokens[0].clone(), super_admin()),
            (
                tokens[1].clone(),
                account(
                    "00u1readonly",
                    "auditor@example.com",
                    Roles::List(vec![("READ_ONLY_ADMIN", "Read Only Administrator")]),
                ),
            ),
            (
                tokens[2].clone(),
                account(
                    "00u2custom",
                    "helpdesk@example.com",
                    Roles::List(vec![
                        ("CUSTOM", "Helpdesk lite"),
                        ("APP_ADMIN", "App Admin"),
                    ]),
                ),
            ),
            (
                tokens[3].clone(),
                account("00u3hidden", "svc@example.com", Roles::Forbidden),
            ),
            (
                tokens[4].clone(),
                account("00u4none", "former.admin@example.com", Roles::List(vec![])),
            ),
            // tokens[5] is unknown to the org: revoked or never valid.
        ],
        Behaviour::Okta,
    );
    let env = org_tree(&tokens);
    let (json, code, stderr) = verify_scan(&env, &okta, &[]);
    assert_eq!(code, 3, "live tokens exit 3; stderr: {stderr}");

    let live = verdict_of(&json, &tokens[0]);
    assert_eq!(live["status"], "live");
    assert_eq!(live["org"], "https://acme.okta.com");
    assert_eq!(live["owner"]["id"], "00ub0oNGTSWTBKOLGLNR");
    assert_eq!(live["owner"]["login"], "isaac.brock@example.com");
    assert_eq!(live["owner"]["status"], "ACTIVE");
    assert_eq!(live["roles"][0]["type"], "SUPER_ADMIN");
    assert_eq!(live["roles"][0]["assignment_type"], "USER");
    assert_eq!(live["impact"], "critical");
    assert!(str_of(&live, "note").contains("extended its 30-day life"));

    assert_eq!(verdict_of(&json, &tokens[1])["impact"], "medium");
    let custom = verdict_of(&json, &tokens[2]);
    assert_eq!(custom["impact"], "high");
    assert_eq!(custom["roles"][0]["label"], "Helpdesk lite");
    let hidden = verdict_of(&json, &tokens[3]);
    assert_eq!(hidden["status"], "live");
    assert_eq!(hidden["roles"], Value::Null);
    assert_eq!(hidden["roles_unknown"], "HTTP 403 E0000006");
    assert_eq!(hidden["impact"], "unknown");
    assert_eq!(verdict_of(&json, &tokens[4])["impact"], "low");
    let dead = verdict_of(&json, &tokens[5]);
    assert_eq!(dead["status"], "inactive");
    assert_eq!(dead["orgs_tried"][0], "https://acme.okta.com");

    let counts = &json["stats"]["verification"];
    assert_eq!(counts["tokens"], 6);
    assert_eq!(counts["live"], 5);
    assert_eq!(counts["inactive"], 1);
    assert!(stderr.contains("5 live, 1 inactive"), "{stderr}");

    // Each (org, token) pair once, though tokens[0] is in two files.
    let me = okta.calls("GET", "/api/v1/users/me");
    assert_eq!(me.len(), 6, "{me:?}");
    let first = me
        .iter()
        .filter(|s| s.authorization == format!("SSWS {}", tokens[0]))
        .count();
    assert_eq!(first, 1);
    for s in &me {
        assert!(s.user_agent.starts_with("oktaleaks/"), "{}", s.user_agent);
        assert_eq!(s.accept, "application/json");
    }
    // Roles only for live tokens, at the owner's id.
    assert_eq!(
        okta.calls("GET", "/api/v1/users/00ub0oNGTSWTBKOLGLNR/roles")
            .len(),
        1
    );
    assert_eq!(okta.seen().len(), 6 + 5);
    assert_no_full_token(&[&json.to_string(), &stderr], &tokens);
}

#[test]
fn text_report_puts_live_tokens_first_and_says_verification_extended_them() {
    let tokens = vec![token(310), token(311)];
    // Only the second token, which sorts later by path and line, is live.
    let okta = StandIn::start(vec![(tokens[1].clone(), super_admin())], Behaviour::Okta);
    let env = org_tree(&tokens);
    let route = format!("acme.okta.com={}", okta.url());
    let (stdout, stderr, code) = env.run(&["scan", ".", "--verify", "--okta-endpoint", &route]);
    assert_eq!(code, 3, "{stderr}");
    let live_at = stdout.find("verified: LIVE").expect("live verdict");
    let inactive_at = stdout.find("verified: inactive").expect("inactive verdict");
    assert!(live_at < inactive_at, "{stdout}");
    assert!(stdout[..inactive_at].contains(&redacted(&tokens[1])));
    assert!(stdout.contains("owner isaac.brock@example.com"));
    assert!(stdout.contains("SUPER_ADMIN"));
    assert!(stdout.contains("extended its 30-day life; revoke it now"));
    assert_no_full_token(&[&stdout, &stderr], &tokens);
}

#[test]
fn only_live_filters_and_exit_status_tells_live_from_not_live() {
    let tokens = vec![token(320), token(321)];
    let okta = StandIn::start(vec![(tokens[0].clone(), super_admin())], Behaviour::Okta);
    let env = org_tree(&tokens);
    let (json, code, _) = verify_scan(&env, &okta, &["--only-live"]);
    assert_eq!(code, 3);
    let shown: Vec<String> = findings(&json).iter().map(|f| str_of(f, "token")).collect();
    assert!(!shown.is_empty());
    assert!(
        shown.iter().all(|t| *t == redacted(&tokens[0])),
        "{shown:?}"
    );
    assert_eq!(json["stats"]["findings"], shown.len());

    // No token live: findings exit 1.
    let nobody = StandIn::start(vec![], Behaviour::Okta);
    let (json, code, _) = verify_scan(&env, &nobody, &[]);
    assert_eq!(code, 1);
    assert!(findings(&json)
        .iter()
        .all(|f| f["verification"]["status"] == "inactive"));
    // --only-live with nothing live reports nothing and exits 0.
    let (json, code, _) = verify_scan(&env, &nobody, &["--only-live"]);
    assert_eq!((findings(&json).len(), code), (0, 0));
}

#[test]
fn waits_for_the_rate_limit_reset_after_a_429_and_retries_once() {
    let tokens = vec![token(330)];
    let okta = StandIn::start(
        vec![(tokens[0].clone(), super_admin())],
        Behaviour::RateLimitFirst(1),
    );
    let env = org_tree(&tokens);
    let (json, code, _) = verify_scan(&env, &okta, &[]);
    assert_eq!(code, 3);
    assert_eq!(verdict_of(&json, &tokens[0])["status"], "live");
    let me = okta.calls("GET", "/api/v1/users/me");
    assert_eq!(me.len(), 2, "one 429, one retry");
    // The stand-in's window resets one second after its Date: wait reset − Date + 1 s.
    let waited = me[1].at.duration_since(me[0].at);
    assert!(
        waited >= Duration::from_millis(900),
        "retried after {waited:?}"
    );
}

#[test]
fn rate_limited_forever_is_unknown_not_retried_again() {
    let tokens = vec![token(335)];
    let okta = StandIn::start(
        vec![(tokens[0].clone(), super_admin())],
        Behaviour::RateLimitAlways,
    );
    let env = org_tree(&tokens);
    let (json, code, _) = verify_scan(&env, &okta, &[]);
    assert_eq!(code, 1);
    let v = verdict_of(&json, &tokens[0]);
    assert_eq!(v["status"], "unknown");
    assert!(str_of(&v, "reason").contains("HTTP 429 E0000047"), "{v}");
    assert_eq!(okta.calls("GET", "/api/v1/users/me").len(), 2);
}

#[test]
fn a_slow_org_costs_at_most_the_time_budget() {
    let tokens = vec![token(345)];
    let okta = StandIn::start(
        vec![(tokens[0].clone(), super_admin())],
        Behaviour::Slow(Duration::from_secs(90)),
    );
    let env = org_tree(&tokens);
    let started = Instant::now();
    let (json, code, _) = verify_scan(&env, &okta, &["--verify-timeout", "1"]);
    let took = started.elapsed();
    assert_eq!(code, 1);
    let v = verdict_of(&json, &tokens[0]);
    assert_eq!(v["status"], "unknown");
    assert!(str_of(&v, "reason").contains("timed out"), "{v}");
    // The org answers after 90 s: 45 s separates a kept 1 s budget from none, under load too.
    assert!(took < Duration::from_secs(45), "took {took:?}");
}

#[test]
fn redirects_are_not_followed() {
    let tokens = vec![token(350)];
    let catcher = StandIn::start(vec![(tokens[0].clone(), super_admin())], Behaviour::Okta);
    let okta = StandIn::start(
        vec![],
        Behaviour::Redirect(format!("{}/api/v1/users/me", catcher.url())),
    );
    let env = org_tree(&tokens);
    let (json, _, _) = verify_scan(&env, &okta, &[]);
    let v = verdict_of(&json, &tokens[0]);
    assert_eq!(v["status"], "unknown");
    assert!(str_of(&v, "reason").contains("redirect"), "{v}");
    assert!(
        catcher.seen().is_empty(),
        "the redirect target was contacted"
    );
}

#[test]
fn hosts_in_scanned_files_that_are_not_okta_orgs_receive_nothing() {
    let okta = StandIn::start(vec![], Behaviour::Okta);
    let tokens = [token(360), token(361)];
    let env = TestEnv::new();
    // An attacker plants their own server as the "Okta URL" next to tokens.
    env.write(
        "config/okta.yaml",
        format!(
            "okta_url: {}\nokta_api_token: {}\norgUrl: https://localhost:{}\n",
            okta.url(),
            tokens[0],
            okta.addr.port()
        ),
    );
    env.write(
        "config/other.env",
        format!(
            "OKTA_DOMAIN=127.0.0.1.nip.io\nOKTA_API_TOKEN={}\n",
            tokens[1]
        ),
    );
    let out = env
        .cmd()
        .args(["scan", ".", "--format", "json", "--verify"])
        .output()
        .expect("run");
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(findings(&json).len(), 2);
    for f in findings(&json) {
        assert_eq!(f["verification"]["status"], "not_checked", "{f}");
        assert!(str_of(&f["verification"], "reason").contains("--okta-org"));
    }
    assert!(
        okta.seen().is_empty(),
        "a planted host received {:?}",
        okta.seen()
    );
}

#[test]
fn named_orgs_come_after_the_org_next_to_the_token_and_the_count_is_capped() {
    let tokens = vec![token(370)];
    let near = StandIn::start(vec![], Behaviour::Okta);
    let named_a = StandIn::start(vec![(tokens[0].clone(), super_admin())], Behaviour::Okta);
    let named_b = StandIn::start(vec![(tokens[0].clone(), super_admin())], Behaviour::Okta);
    let env = org_tree(&tokens);
    let (json, code, _) = verify_scan(
        &env,
        &near,
        &[
            "--okta-org",
            &named_a.url(),
            "--okta-org",
            &named_b.url(),
            "--max-orgs-per-token",
            "2",
        ],
    );
    assert_eq!(code, 3);
    let v = verdict_of(&json, &tokens[0]);
    assert_eq!(v["org"], named_a.url());
    // The org next to the token first, then the first named org; the second is past the cap.
    assert_eq!(near.seen().len(), 1);
    assert_eq!(named_a.calls("GET", "/api/v1/users/me").len(), 1);
    assert!(named_b.seen().is_empty());
}

#[test]
fn revoke_live_revokes_confirms_and_says_so() {
    let tokens = vec![token(380), token(381)];
    let okta = StandIn::start(vec![(tokens[0].clone(), super_admin())], Behaviour::Okta);
    let env = org_tree(&tokens);
    let (json, code, stderr) = verify_scan(&env, &okta, &["--revoke-live", "--quiet"]);
    assert_eq!(code, 3, "the leak still happened: {stderr}");
    let v = verdict_of(&json, &tokens[0]);
    assert_eq!(v["revocation"]["outcome"], "revoked");
    assert!(
        stderr.contains(&format!(
            "token {} at https://acme.okta.com",
            redacted(&tokens[0])
        )) && stderr.contains("revoked (confirmed"),
        "{stderr}"
    );
    let deletes = okta.calls("DELETE", "/api/v1/api-tokens/current");
    assert_eq!(deletes.len(), 1);
    assert_eq!(deletes[0].authorization, format!("SSWS {}", tokens[0]));
    // Confirmed with a second users/me after the DELETE (with that token: the other tokens'
    // checks may still be under way).
    let me_after = okta
        .calls("GET", "/api/v1/users/me")
        .into_iter()
        .filter(|s| s.at > deletes[0].at && s.authorization == deletes[0].authorization)
        .count();
    assert_eq!(me_after, 1);
    assert_eq!(json["stats"]["verification"]["revoked"], 1);
    assert_no_full_token(&[&json.to_string(), &stderr], &tokens);
}

#[test]
fn verify_one_token_from_stdin_or_the_environment() {
    let live = token(390);
    let dead = token(391);
    let okta = StandIn::start(vec![(live.clone(), super_admin())], Behaviour::Okta);
    let env = TestEnv::new();
    let org = okta.url();
    let (stdout, stderr, code) = env.run_with_stdin(
        &["verify", "--okta-org", &org, "--json"],
        &format!("{live}\n"),
    );
    assert_eq!(code, 3, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(json["verification"]["status"], "live");
    assert_eq!(json["verification"]["org"], org);
    assert_eq!(json["token"], redacted(&live));

    let (stdout, _, code) = env.run_with_stdin(&["verify", "--okta-org", &org], &dead);
    assert_eq!(code, 0, "inactive exits 0");
    assert!(stdout.contains("inactive"), "{stdout}");

    let out = env
        .cmd()
        .args(["verify", "--okta-org", &org, "--token-env", "LEAKED"])
        .env("LEAKED", format!("SSWS {live}"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(3));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("LIVE at"), "{stdout}");
    assert_no_full_token(&[&stdout], &[live.clone(), dead.clone()]);

    // No org, no token, a token that is not one: clear errors.
    let (_, stderr, code) = env.run_with_stdin(&["verify"], &live);
    assert_eq!(code, 2);
    assert!(stderr.contains("--okta-org"), "{stderr}");
    let (_, stderr, code) = env.run_with_stdin(&["verify", "--okta-org", &org], "");
    assert_eq!(code, 2);
    assert!(stderr.contains("no token given"), "{stderr}");
    let (_, stderr, code) = env.run_with_stdin(&["verify", "--okta-org", &org], "two words");
    assert_eq!(code, 2);
    assert!(!stderr.contains("two words"), "{stderr}");
}

#[test]
fn revoke_one_token() {
    let live = token(395);
    let okta = StandIn::start(vec![(live.clone(), super_admin())], Behaviour::Okta);
    let env = TestEnv::new();
    let org = okta.url();

    // Without --yes and without a terminal to ask on: refused, nothing deleted.
    let (_, stderr, code) = env.run_with_stdin(&["revoke", "--okta-org", &org], &live);
    assert_eq!(code, 2);
    assert!(stderr.contains("--yes"), "{stderr}");
    assert!(okta
        .calls("DELETE", "/api/v1/api-tokens/current")
        .is_empty());

    let (stdout, stderr, code) =
        env.run_with_stdin(&["revoke", "--okta-org", &org, "--yes"], &live);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("revoked at"), "{stdout}");
    assert_eq!(okta.calls("DELETE", "/api/v1/api-tokens/current").len(), 1);
    let (stdout, _, code) = env.run_with_stdin(&["verify", "--okta-org", &org], &live);
    assert_eq!(code, 0);
    assert!(stdout.contains("inactive"));

    // Revoking it again: nothing to do, no second DELETE.
    let (_, stderr, code) = env.run_with_stdin(&["revoke", "--okta-org", &org, "--yes"], &live);
    assert_eq!(code, 0);
    assert!(stderr.contains("nothing to revoke"), "{stderr}");
    assert_eq!(okta.calls("DELETE", "/api/v1/api-tokens/current").len(), 1);
    assert_no_full_token(&[&stdout, &stderr], std::slice::from_ref(&live));
}

#[test]
fn unsafe_org_urls_are_refused_up_front() {
    let env = TestEnv::new();
    env.write("a.txt", "nothing\n");
    for (org, says) in [
        (
            "http://okta.example.com",
            "plain http is allowed only for loopback",
        ),
        ("https://acme.okta.com/api/v1", "without a path"),
        ("https://user:pw@acme.okta.com", "credentials"),
    ] {
        let (_, stderr, code) = env.run(&["scan", ".", "--verify", "--okta-org", org]);
        assert_eq!(code, 2, "{org}");
        assert!(stderr.contains(says), "{org}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    }
    let (_, stderr, code) = env.run(&["scan", ".", "--okta-org", "https://acme.okta.com"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("need --verify"), "{stderr}");
}

#[test]
fn impostor_and_hostile_orgs_end_within_the_budget_as_unknown_with_a_reason() {
    let tokens = vec![token(400)];
    let env = org_tree(&tokens);
    for (behaviour, says) in [
        // A 200 that is an HTML sign-in page proves nothing.
        (Behaviour::HtmlSignIn, "without an Okta user object"),
        (Behaviour::MalformedJson, "without an Okta user object"),
        (Behaviour::HugeBody(1 << 30), "body over 1024 KiB, not read"),
        (Behaviour::Trickle(Duration::from_secs(1)), "timed out"),
        (Behaviour::Silent, "timed out"),
    ] {
        let okta = StandIn::start(vec![(tokens[0].clone(), super_admin())], behaviour.clone());
        let started = Instant::now();
        let (json, code, _) = verify_scan(&env, &okta, &["--verify-timeout", "2"]);
        let took = started.elapsed();
        let v = verdict_of(&json, &tokens[0]);
        assert_eq!(
            (v["status"].as_str(), code),
            (Some("unknown"), 1),
            "{behaviour:?}: {v}"
        );
        assert!(str_of(&v, "reason").contains(says), "{behaviour:?}: {v}");
        assert!(
            // A silent stand-in holds the line for 60 s: 40 s proves the 2 s budget held.
            took < Duration::from_secs(40),
            "{behaviour:?} took {took:?}"
        );
    }
}

#[test]
fn sarif_with_verdicts_validates_and_ranks_live_tokens_first() {
    // tokens[0] live, tokens[1] inactive, tokens[2] unknown (the stand-in's roles call is
    // fine but its users/me answers HTML for nobody: use a second org that is down).
    let tokens: Vec<String> = (410..413).map(token).collect();
    let okta = StandIn::start(vec![(tokens[0].clone(), super_admin())], Behaviour::Okta);
    let env = org_tree(&tokens[..2]);
    env.write(
        "other/okta.env",
        format!(
            "OKTA_ORG_URL=https://down.oktapreview.com\nOKTA_API_TOKEN={}\n",
            tokens[2]
        ),
    );
    let route = format!("acme.okta.com={}", okta.url());
    // Nothing listens on port 9 of 127.0.0.1: the org is down, the verdict unknown.
    let out = env
        .cmd()
        .args([
            "scan",
            ".",
            "--format",
            "sarif",
            "--verify",
            "--verify-timeout",
            "3",
        ])
        .args(["--okta-endpoint", &route])
        .args(["--okta-endpoint", "down.oktapreview.com=http://127.0.0.1:9"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(3));
    let sarif: Value = serde_json::from_slice(&out.stdout).expect("sarif");
    crate::sarif::check_sarif(&env, &sarif);
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let live_rule = rules
        .iter()
        .position(|r| r["id"] == "okta.live")
        .expect("a rule for live tokens");
    assert_eq!(rules[live_rule]["properties"]["security-severity"], "10.0");
    let results = run["results"].as_array().expect("results");
    let first = &results[0];
    assert_eq!(first["ruleId"], "okta.live");
    assert_eq!(first["ruleIndex"], live_rule);
    assert_eq!(first["level"], "error");
    assert_eq!(first["properties"]["verification"]["status"], "live");
    assert_eq!(
        first["properties"]["verification"]["owner"]["login"],
        "isaac.brock@example.com"
    );
    assert!(str_of(&first["message"], "text").contains("extended its 30-day life"));
    // Each copy of the live token is a result of its own, pointing at the other (issue 17).
    assert_eq!(first["locations"].as_array().map(Vec::len), Some(1));
    assert_eq!(first["relatedLocations"].as_array().map(Vec::len), Some(1));
    assert_eq!(results[1]["ruleId"], "okta.live");
    assert!(str_of(&results[1]["message"], "text").contains("Also in 1 other place: ["));
    let level_of = |t: &str| {
        results
            .iter()
            .find(|r| {
                r["properties"]["fingerprint"].is_string() && {
                    let msg = str_of(&r["message"], "text");
                    msg.contains(&redacted(t))
                }
            })
            .map(|r| {
                (
                    r["level"].clone(),
                    r["properties"]["verification"]["status"].clone(),
                )
            })
    };
    assert_eq!(
        level_of(&tokens[1]),
        Some(("note".into(), "inactive".into()))
    );
    assert_eq!(
        level_of(&tokens[2]),
        Some(("warning".into(), "unknown".into()))
    );
    assert_no_full_token(&[&sarif.to_string()], &tokens);
}

#[test]
fn in_history_a_token_is_also_tried_at_other_orgs_of_its_repository() {
    use crate::history::{commit_all, repo};
    // tokens[0] sits next to acme but is beta's; tokens[1] sits next to beta.
    let tokens = [token(420), token(421)];
    let acme = StandIn::start(vec![], Behaviour::Okta);
    let beta = StandIn::start(vec![(tokens[0].clone(), super_admin())], Behaviour::Okta);
    let env = TestEnv::new();
    let dir = repo(&env, "svc");
    std::fs::write(
        dir.join("a.env"),
        format!(
            "OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={}\n",
            tokens[0]
        ),
    )
    .expect("write");
    std::fs::write(
        dir.join("b.yaml"),
        format!(
            "okta:\n  issuer: https://beta.okta.com/oauth2/default\n  api_token: {}\n",
            tokens[1]
        ),
    )
    .expect("write");
    commit_all(&dir, "config");
    let out = env
        .cmd()
        .args(["scan", "--git", "svc", "--format", "json", "--verify"])
        .arg("--okta-endpoint")
        .arg(format!("acme.okta.com={}", acme.url()))
        .arg("--okta-endpoint")
        .arg(format!("beta.okta.com={}", beta.url()))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(3));
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    let v = verdict_of(&json, &tokens[0]);
    assert_eq!(v["org"], "https://beta.okta.com");
    // The org next to it was asked first.
    let at_acme = acme.calls("GET", "/api/v1/users/me");
    let first = format!("SSWS {}", tokens[0]);
    let at_beta: Vec<_> = beta
        .calls("GET", "/api/v1/users/me")
        .into_iter()
        .filter(|s| s.authorization == first)
        .collect();
    assert_eq!(
        at_acme.iter().filter(|s| s.authorization == first).count(),
        1
    );
    assert_eq!(at_beta.len(), 1);
    assert!(at_acme[0].at < at_beta[0].at);
    // tokens[1]: beta (next to it), then acme (the repository's other org): inactive at both.
    assert_eq!(verdict_of(&json, &tokens[1])["status"], "inactive");
    assert_eq!(
        verdict_of(&json, &tokens[1])["orgs_tried"],
        serde_json::json!(["https://beta.okta.com", "https://acme.okta.com"])
    );
}
