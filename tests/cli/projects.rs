//! The context unit is the project: a project scanned as a plain directory (a release tarball,
//! a CI workspace, a copied folder) gives exactly the findings it gives as a git work tree,
//! and sibling projects under one scan root do not lend each other context.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::common::{findings, str_of, token, TestEnv};

/// (path, line, token, rule) of every finding.
type Found = BTreeSet<(String, u64, String, String)>;

fn found(json: &Value) -> Found {
    findings(json)
        .iter()
        .map(|f| {
            (
                str_of(f, "path"),
                f["line"].as_u64().unwrap_or(0),
                str_of(f, "token"),
                str_of(f, "rule_id"),
            )
        })
        .collect()
}

/// Writes `files` under `root/project/` for each project.
fn write_projects(env: &TestEnv, root: &str, projects: &[(&str, Vec<(&str, String)>)]) {
    for (project, files) in projects {
        for (path, contents) in files {
            env.write(&format!("{root}/{project}/{path}"), contents);
        }
    }
}

/// Scans the same projects twice, as plain directories and as git work trees (one repository
/// per project, nothing committed), from the parent of the projects and from each project;
/// asserts the findings are identical and returns them (from the parent, paths relative to it).
fn same_with_and_without_git(projects: &[(&str, Vec<(&str, String)>)]) -> Found {
    let env = TestEnv::new();
    write_projects(&env, "plain", projects);
    write_projects(&env, "git", projects);
    for (project, _) in projects {
        env.git_init(&format!("git/{project}"));
    }
    let scan = |root: &str| {
        let (json, out) = env.scan_json(&["--show-secrets", root]);
        assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
        let prefix = format!("{root}/");
        found(&json)
            .into_iter()
            .map(|(p, l, t, r)| (p.strip_prefix(&prefix).unwrap_or(&p).to_string(), l, t, r))
            .collect::<Found>()
    };
    let plain = scan("plain");
    assert_eq!(plain, scan("git"), "findings differ with and without .git");
    for (project, _) in projects {
        let inside = |root: &str| scan(&format!("{root}/{project}"));
        assert_eq!(
            inside("plain"),
            inside("git"),
            "{project} scanned on its own differs with and without .git"
        );
    }
    assert!(Path::new(env.path())
        .join("git")
        .join(projects[0].0)
        .join(".git")
        .is_dir());
    plain
}

fn has(found: &Found, path: &str, token: &str, rule: &str) -> bool {
    found
        .iter()
        .any(|(p, _, t, r)| p == path && t == token && r == rule)
}

#[test]
fn generic_keys_take_okta_context_from_the_rest_of_the_project() {
    let t: Vec<String> = (600..608).map(token).collect();
    let projects = vec![
        (
            "infra",
            vec![
                ("README.md", "Terraform for our Okta org.\n".to_string()),
                (
                    "main.tf",
                    "provider \"okta\" {\n  org_name = \"globex\"\n  base_url = \"okta.com\"\n  api_token = var.api_token\n}\n".to_string(),
                ),
                ("prod.tfvars", format!("api_token=\"{}\"\n", t[0])),
            ],
        ),
        (
            "web",
            vec![
                (
                    "package.json",
                    "{\"name\": \"web\", \"dependencies\": {\"@okta/okta-sdk-nodejs\": \"^7\"}}\n"
                        .to_string(),
                ),
                ("src/admin.js", format!("const apiKey = \"{}\";\n", t[1])),
                (
                    "test/fixtures.py",
                    format!("def token():\n    return \"{}\"\n", t[2]),
                ),
            ],
        ),
        (
            "tools",
            vec![
                ("Makefile", format!("TOKEN ?= {}\nsync:\n\t./sync --token $(TOKEN)\n", t[3])),
                ("docs/setup.md", "Our tenant is https://initech.okta.com\n".to_string()),
                ("bin/run.sh", format!("./sync --token {}\n", t[4])),
            ],
        ),
        (
            "secrets-repo",
            vec![
                (".gitignore", "node_modules/\n".to_string()),
                ("config.yml", "sso: okta\norg: https://hooli.okta.com\n".to_string()),
                ("secrets/sandbox.token", format!("{}\n", t[5])),
            ],
        ),
        (
            "billing",
            vec![
                ("Cargo.toml", "[package]\nname = \"x\"\n".to_string()),
                ("src/ids.txt", format!("build {}\n", t[6])),
            ],
        ),
    ];
    let found = same_with_and_without_git(&projects);
    for (path, token) in [
        ("infra/prod.tfvars", &t[0]),
        ("web/src/admin.js", &t[1]),
        ("web/test/fixtures.py", &t[2]),
        ("tools/Makefile", &t[3]),
        ("tools/bin/run.sh", &t[4]),
        ("secrets-repo/secrets/sandbox.token", &t[5]),
    ] {
        assert!(
            found.iter().any(|(p, _, tok, _)| p == path && tok == token),
            "{path}: {token} not found in {found:#?}"
        );
    }
    assert!(
        !found.iter().any(|(_, _, tok, _)| tok == &t[6]),
        "a project that never mentions Okta lends no context: {found:#?}"
    );
    assert_eq!(found.len(), 6, "{found:#?}");
}

#[test]
fn sibling_projects_do_not_lend_each_other_context() {
    let (a, b) = (token(620), token(621));
    let projects = vec![
        (
            "okta-app",
            vec![
                ("package.json", "{\"name\": \"okta-app\"}\n".to_string()),
                (
                    "config.js",
                    "module.exports = { issuer: 'https://acme.okta.com/oauth2/default' };\n"
                        .to_string(),
                ),
                ("keys.txt", format!("primary {a}\n")),
            ],
        ),
        (
            "billing",
            vec![
                ("go.mod", "module billing\n".to_string()),
                ("keys.txt", format!("primary {b}\n")),
            ],
        ),
    ];
    let found = same_with_and_without_git(&projects);
    assert!(
        has(&found, "okta-app/keys.txt", &a, "okta.bare"),
        "{found:#?}"
    );
    assert!(!found.iter().any(|(_, _, t, _)| t == &b), "{found:#?}");
    // The org a project names is given to its findings with none nearby.
    let env = TestEnv::new();
    write_projects(&env, "p", &projects);
    let (json, _) = env.scan_json(&["--show-secrets", "p"]);
    assert_eq!(json["findings"][0]["org_url"], "https://acme.okta.com");
}

#[test]
fn paths_naming_okta_are_context_and_credential_files_are_keyed() {
    let t: Vec<String> = (630..634).map(token).collect();
    let projects = vec![(
        "svc",
        vec![
            ("README.md", "Billing service.\n".to_string()),
            ("deploy/okta-token.txt", format!("{}\n", t[0])),
            ("okta/client.py", format!("TOKEN = \"{}\"\n", t[1])),
            ("creds/acme.okta.com/api.key", t[2].clone()),
            // Not a credential file name, no Okta anywhere near: nothing.
            ("notes/build.txt", format!("{}\n", t[3])),
        ],
    )];
    let found = same_with_and_without_git(&projects);
    assert!(
        has(&found, "svc/deploy/okta-token.txt", &t[0], "okta.keyed"),
        "{found:#?}"
    );
    assert!(
        has(&found, "svc/okta/client.py", &t[1], "okta.keyed"),
        "{found:#?}"
    );
    assert!(
        has(
            &found,
            "svc/creds/acme.okta.com/api.key",
            &t[2],
            "okta.keyed"
        ),
        "{found:#?}"
    );
    // The project mentions Okta (in its paths), so the loose token is a likely finding.
    assert!(
        has(&found, "svc/notes/build.txt", &t[3], "okta.bare"),
        "{found:#?}"
    );
    let env = TestEnv::new();
    write_projects(&env, "p", &projects);
    let (json, _) = env.scan_json(&["--show-secrets", "p/svc/creds"]);
    assert_eq!(json["findings"][0]["org_url"], "https://acme.okta.com");
}

#[test]
fn a_repository_whose_okta_project_sits_in_a_subfolder() {
    // No marker at the top; `infra/` is a Terraform root. As a work tree it is one repository;
    // as a plain directory the loose files hear the project below them.
    let t = token(650);
    let projects = vec![(
        "repo",
        vec![
            (
                "infra/main.tf",
                "provider \"okta\" {\n  org_name = \"acme\"\n  base_url = \"okta.com\"\n}\n"
                    .to_string(),
            ),
            ("infra/.terraform.lock.hcl", "# lock\n".to_string()),
            ("scripts/rotate.sh", format!("./rotate --token {t}\n")),
        ],
    )];
    let found = same_with_and_without_git(&projects);
    assert!(
        has(&found, "repo/scripts/rotate.sh", &t, "okta.bare"),
        "{found:#?}"
    );
}

#[test]
fn a_workspace_readme_or_gitignore_does_not_merge_the_projects_below() {
    let t = token(651);
    let env = TestEnv::new();
    env.write("ws/.gitignore", "");
    env.write("ws/README.md", "Our services.\n");
    env.write(
        "ws/a/package.json",
        "{\"dependencies\": {\"@okta/okta-sdk-nodejs\": \"^7\"}}\n",
    );
    env.write("ws/b/package.json", "{\"name\": \"b\"}\n");
    env.write("ws/b/config.yml", format!("api_key: {t}\n"));
    let (json, _) = env.scan_json(&["--show-secrets", "ws"]);
    assert!(findings(&json).is_empty(), "{json}");
}

#[test]
fn paths_are_context_relative_to_their_project_and_the_tools_own_files_are_not_okta() {
    let t = token(652);
    let env = TestEnv::new();
    env.git_init("okta-sync");
    env.write("okta-sync/src/a.js", format!("const build = \"{t}\";\n"));
    // The repository's folder name is where it was cloned, not what it says.
    for root in ["okta-sync", ".", "okta-sync/src"] {
        let (json, _) = env.scan_json(&["--show-secrets", root]);
        assert!(findings(&json).is_empty(), "{root}: {json}");
    }
    let (json, _) = env.scan_json(&["--show-secrets", "--git", "okta-sync"]);
    assert!(findings(&json).is_empty(), "{json}");
    // Adopting the tool lends no context either.
    env.write("okta-sync/.oktaleaksignore", "");
    env.write(
        "okta-sync/.github/workflows/oktaleaks.yml",
        "steps:\n  - uses: oktaleaks/oktaleaks@v1\n",
    );
    let (json, _) = env.scan_json(&["--show-secrets", "."]);
    assert!(findings(&json).is_empty(), "{json}");
}

#[test]
fn gitignore_applies_with_and_without_git() {
    let t = token(653);
    let projects = vec![(
        "web",
        vec![
            (".gitignore", "dist/\n".to_string()),
            (
                "package.json",
                "{\"dependencies\": {\"@okta/okta-auth-js\": \"^7\"}}\n".to_string(),
            ),
            ("dist/bundle.js", format!("var k=\"{t}\";\n")),
        ],
    )];
    let found = same_with_and_without_git(&projects);
    assert!(found.is_empty(), "{found:#?}");
}
