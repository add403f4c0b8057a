//! `oktaleaks completions SHELL` and `oktaleaks man`: the bash script loaded in a real bash
//! completes subcommands and flags; the man page renders with man-db and groff (installed by
//! `.ci/install-test-tools`) without a warning and covers every subcommand (issue 17).

use std::process::Command;

use crate::common::TestEnv;

/// What bash's completion offers for `line` (the words typed so far, the last one partial),
/// with the script `oktaleaks completions bash` writes loaded as a user would.
fn bash_completes(env: &TestEnv, line: &[&str]) -> Vec<String> {
    let (script, _, code) = env.run(&["completions", "bash"]);
    assert_eq!(code, 0);
    let file = env.write("oktaleaks.bash", script);
    let words = line.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>();
    let program = format!(
        "source '{}'\n\
         function=$(complete -p oktaleaks | sed -n 's/.*-F \\([^ ]*\\) .*/\\1/p')\n\
         COMP_WORDS=({})\n\
         COMP_CWORD={}\n\
         COMP_LINE='{}'\n\
         COMP_POINT=${{#COMP_LINE}}\n\
         \"$function\" oktaleaks '{}' '{}'\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        file.display(),
        words.join(" "),
        line.len() - 1,
        line.join(" "),
        line[line.len() - 1],
        line[line.len() - 2],
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .current_dir(env.path())
        .output()
        .expect("bash");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn bash_completion_completes_subcommands_and_flags() {
    let env = TestEnv::new();
    assert_eq!(bash_completes(&env, &["oktaleaks", "sc"]), vec!["scan"]);
    assert_eq!(
        bash_completes(&env, &["oktaleaks", "rules", "ch"]),
        vec!["check"]
    );
    assert_eq!(
        bash_completes(&env, &["oktaleaks", "scan", "--since-c"]),
        vec!["--since-commit"]
    );
    assert_eq!(
        bash_completes(&env, &["oktaleaks", "completions", "po"]),
        vec!["powershell"]
    );
}

#[test]
fn every_shell_gets_a_script_naming_the_flags() {
    let env = TestEnv::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (script, stderr, code) = env.run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {stderr}");
        assert!(
            script.contains("since-commit") && script.contains("baseline"),
            "{shell}: {script}"
        );
    }
    let (_, stderr, code) = env.run(&["completions", "tcsh"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn the_man_page_renders_without_warnings_and_covers_every_subcommand() {
    let env = TestEnv::new();
    let (page, _, code) = env.run(&["man"]);
    assert_eq!(code, 0);
    let file = env.write("oktaleaks.1", page);
    // groff with every warning on: a roff mistake fails the test.
    let out = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(&file)
        .output()
        .expect("groff (Debian: groff-base), installed by .ci/install-test-tools");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "groff warnings");
    let out = Command::new("man")
        .arg("-l")
        .arg(&file)
        .env("MANWIDTH", "100")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
        .expect("man (Debian: man-db), installed by .ci/install-test-tools");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for heading in [
        "NAME",
        "SYNOPSIS",
        "SUBCOMMANDS",
        "OKTALEAKS SCAN",
        "OKTALEAKS VERIFY",
        "OKTALEAKS REVOKE",
        "OKTALEAKS RULES CHECK",
        "OKTALEAKS BASELINE CREATE",
        "OKTALEAKS COMPLETIONS",
    ] {
        assert!(
            shown.lines().any(|l| l.trim_end() == heading),
            "{heading} missing:\n{shown}"
        );
    }
    assert!(shown.contains("--since-commit"), "{shown}");
    assert!(
        !shown.contains("oktaleaks-scan(1)"),
        "no pages that do not exist"
    );
}
