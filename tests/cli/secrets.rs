//! No full token leaves the tool unless `--show-secrets` asks for it: every command and
//! every format, report files, the baseline, and error messages that echo what they were
//! given (a token typed as an argument, pasted into a config file, used as a path).

use crate::common::{b64, token, TestEnv};
use crate::history::{commit_all, git};
use crate::okta::{Account, Behaviour, Roles, StandIn};

/// Everything a run left behind: stdout, stderr, and the files it wrote.
struct Run {
    what: String,
    texts: Vec<String>,
}

fn run(env: &TestEnv, args: &[&str], stdin: Option<&str>, files: &[&str]) -> Run {
    let (stdout, stderr, _) = env.run_with_stdin(args, stdin.unwrap_or(""));
    let mut texts = vec![stdout, stderr];
    for f in files {
        texts.push(std::fs::read_to_string(env.path().join(f)).unwrap_or_default());
    }
    Run {
        what: args.join(" "),
        texts,
    }
}

#[test]
fn no_command_or_format_shows_a_full_token() {
    let env = TestEnv::new();
    let tokens: Vec<String> = (600..608).map(token).collect();
    let okta = StandIn::start(
        vec![(
            tokens[0].clone(),
            Account {
                id: "00ub0oNGTSWTBKOLGLNR",
                login: "isaac.brock@example.com",
                roles: Roles::List(vec![("SUPER_ADMIN", "Super Organization Administrator")]),
            },
        )],
        Behaviour::Okta,
    );
    let org = okta.url();
    let route = format!("acme.okta.com={org}");
    git(env.path(), &["init", "-q"]);
    env.write(
        "app/.env",
        format!(
            "OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={}\nOKTA_TOKEN_B64={}\n",
            tokens[0],
            b64(format!("{{\"okta_api_token\":\"{}\"}}", tokens[1]).as_bytes())
        ),
    );
    env.write(
        "ci/sync.sh",
        format!(
            "curl -H 'Authorization: SSWS {}' https://acme.okta.com/api/v1/users # {}\n",
            tokens[2], tokens[2]
        ),
    );
    let mut utf16 = vec![0xff, 0xfe];
    for unit in format!("okta_api_token = \"{}\"\n", tokens[3]).encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    env.write("win/settings.ini", utf16);
    commit_all(env.path(), "leaks");
    env.write("staged.env", format!("OKTA_API_TOKEN={}\n", tokens[4]));
    git(env.path(), &["add", "staged.env"]);
    // A config file with a token in it, malformed: the error quotes the line.
    env.write(
        "broken.toml",
        format!("[allow]\nsecrets = ['{}'\n", tokens[5]),
    );

    let mut runs = Vec::new();
    for format in ["text", "json", "sarif"] {
        runs.push(run(&env, &["scan", ".", "-f", format], None, &[]));
        runs.push(run(&env, &["scan", "--git", ".", "-f", format], None, &[]));
        runs.push(run(&env, &["scan", "--staged", "-f", format], None, &[]));
        runs.push(run(
            &env,
            &[
                "scan",
                ".",
                "-f",
                format,
                "-o",
                "report.out",
                "--verify",
                "--okta-endpoint",
                &route,
            ],
            None,
            &["report.out"],
        ));
        runs.push(run(
            &env,
            &[
                "scan",
                ".",
                "-f",
                format,
                "--baseline",
                "base.json",
                "--include-suppressed",
            ],
            None,
            &[],
        ));
    }
    runs.push(run(
        &env,
        &["baseline", "create", ".", "-o", "base.json"],
        None,
        &["base.json"],
    ));
    runs.push(run(&env, &["rules", "check"], None, &[]));
    runs.push(run(&env, &["rules", "list"], None, &[]));
    runs.push(run(
        &env,
        &["verify", "--okta-org", &org],
        Some(&tokens[0]),
        &[],
    ));
    runs.push(run(
        &env,
        &["verify", "--okta-org", &org, "--json"],
        Some(&tokens[6]),
        &[],
    ));
    runs.push(run(
        &env,
        &["revoke", "--okta-org", &org],
        Some(&tokens[0]),
        &[],
    ));
    // Errors that echo their input.
    runs.push(run(
        &env,
        &["scan", ".", "--config", "broken.toml"],
        None,
        &[],
    ));
    runs.push(run(&env, &["verify", &tokens[7]], None, &[]));
    runs.push(run(&env, &["scan", &tokens[7]], None, &[]));
    runs.push(run(
        &env,
        &["scan", "--git", ".", "--since-commit", &tokens[7]],
        None,
        &[],
    ));
    runs.push(run(
        &env,
        &["verify", "--okta-org", &org],
        Some(&format!("{} {}", tokens[7], tokens[7])),
        &[],
    ));

    for r in &runs {
        for text in &r.texts {
            for t in &tokens {
                assert!(
                    !text.contains(t.as_str()),
                    "`oktaleaks {}` showed a full token:\n{text}",
                    r.what
                );
            }
        }
    }
    // The check can fail: with --show-secrets the tokens are there.
    let shown = run(
        &env,
        &["scan", ".", "-f", "json", "--show-secrets"],
        None,
        &[],
    );
    for t in &tokens[..4] {
        assert!(shown.texts[0].contains(t.as_str()), "{t} not found at all");
    }
}
