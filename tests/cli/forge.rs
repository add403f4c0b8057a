//! A stand-in forge: a real HTTP/1.1 server on 127.0.0.1 that answers GitHub-shaped and
//! GitLab-shaped repository lists (fields, `Link` headers, rate-limit answers as the public
//! API docs give them) from canned replies, and records every request. Its clone URLs are
//! `file://` URLs of git repositories made in temporary directories.
//!
//! The `audit` command does not exist yet, so these tests call the library directly:
//! `oktaleaks::enumerate::enumerate` and `oktaleaks::source::git::cache::cached_clone`.

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use oktaleaks::enumerate::{enumerate, EnumerateError, ForgeOptions, RemoteRepo, Target};
use oktaleaks::secret::Secret;
use oktaleaks::source::git::cache::{cache_entry_name, cached_clone};
use serde_json::{json, Value};

/// One request as received.
#[derive(Debug, Clone)]
pub struct Seen {
    /// Path and query, as sent.
    pub target: String,
    /// Header names lowercased.
    pub headers: HashMap<String, String>,
    pub at: Instant,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

/// One canned answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    /// 200 with a JSON body.
    pub fn json(body: &Value) -> Reply {
        Reply {
            status: 200,
            headers: Vec::new(),
            body: body.to_string(),
        }
    }

    /// A status with a GitHub-style `{"message": …}` body.
    pub fn error(status: u16, message: &str) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body:
                json!({ "message": message, "documentation_url": "https://docs.github.com/rest" })
                    .to_string(),
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// A `Link` header pointing at `next` as the next page.
    pub fn next(self, next: &str) -> Reply {
        self.header(
            "Link",
            &format!("<{next}>; rel=\"next\", <{next}>; rel=\"last\""),
        )
    }
}

#[derive(Default)]
struct State {
    /// Replies by request target; the last one of each queue repeats.
    routes: HashMap<String, VecDeque<Reply>>,
    seen: Vec<Seen>,
}

/// A running stand-in forge.
pub struct StandIn {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl StandIn {
    pub fn start() -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("addr");
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = Arc::clone(&shared);
                std::thread::spawn(move || serve(stream, &state));
            }
        });
        StandIn { addr, state }
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Answers requests for `target` (path and query) with `replies`, in turn.
    pub fn route(&self, target: &str, replies: Vec<Reply>) {
        let mut state = self.state.lock().expect("lock");
        state.routes.insert(target.to_string(), replies.into());
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().expect("lock").seen.clone()
    }
}

fn serve(stream: TcpStream, state: &Mutex<State>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
        return;
    }
    let target = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_string();
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    let reply = {
        let mut state = state.lock().expect("lock");
        state.seen.push(Seen {
            target: target.clone(),
            headers,
            at: Instant::now(),
        });
        match state.routes.get_mut(&target) {
            Some(queue) if queue.len() > 1 => queue.pop_front(),
            Some(queue) => queue.front().cloned(),
            None => None,
        }
    }
    .unwrap_or_else(|| Reply::error(404, "Not Found"));
    let mut head = format!(
        "HTTP/1.1 {} Stand-in\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reply.body.len()
    );
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut out = stream;
    let _ = out.write_all(head.as_bytes());
    let _ = out.write_all(reply.body.as_bytes());
}

/// A repository as GitHub's "list organization repositories" returns it (the fields
/// oktaleaks reads, among others it ignores).
pub fn github_repo(full_name: &str, clone_url: &str, fork: bool, archived: bool) -> Value {
    let (owner, name) = full_name.split_once('/').expect("owner/name");
    json!({
        "id": 1296269,
        "node_id": "MDEwOlJlcG9zaXRvcnkxMjk2MjY5",
        "name": name,
        "full_name": full_name,
        "owner": { "login": owner, "id": 1, "type": "Organization" },
        "private": false,
        "html_url": format!("https://github.com/{full_name}"),
        "fork": fork,
        "url": format!("https://api.github.com/repos/{full_name}"),
        "clone_url": clone_url,
        "ssh_url": format!("git@github.com:{full_name}.git"),
        "default_branch": "main",
        "archived": archived,
        "disabled": false,
        "visibility": "public",
        "pushed_at": "2011-01-26T19:06:43Z"
    })
}

/// A project as GitLab's "list a group's projects" returns it.
pub fn gitlab_project(path_with_namespace: &str, clone_url: &str, fork: bool) -> Value {
    let name = path_with_namespace.rsplit('/').next().unwrap_or_default();
    let mut project = json!({
        "id": 4,
        "name": name,
        "path": name,
        "path_with_namespace": path_with_namespace,
        "default_branch": "main",
        "visibility": "private",
        "ssh_url_to_repo": format!("git@gitlab.example.com:{path_with_namespace}.git"),
        "http_url_to_repo": clone_url,
        "web_url": format!("https://gitlab.example.com/{path_with_namespace}"),
        "archived": false,
        "empty_repo": false
    });
    if fork {
        project["forked_from_project"] = json!({
            "id": 3,
            "path_with_namespace": "upstream/project",
            "http_url_to_repo": "https://gitlab.example.com/upstream/project.git"
        });
    }
    project
}

/// Runs git in `dir` with a fixed identity; its trimmed stdout.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Ann Dev",
            "-c",
            "user.email=ann@example.com",
        ])
        .args(["-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"])
        .args(["-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A work tree at `dir` with one commit on `main`.
fn origin_repo(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).expect("mkdir");
    git(dir, &["init", "-q"]);
    commit(dir, "README.md", "first");
    dir.to_path_buf()
}

/// Commits `file` with `text` in the work tree at `dir`; the new commit's id.
fn commit(dir: &Path, file: &str, text: &str) -> String {
    std::fs::write(dir.join(file), text).expect("write");
    git(dir, &["add", file]);
    git(dir, &["commit", "-q", "-m", text]);
    git(dir, &["rev-parse", "HEAD"])
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn github_options(forge: &StandIn, token: Option<&str>) -> ForgeOptions {
    ForgeOptions {
        github_api_url: forge.url(),
        github_token: token.map(|t| Secret::new(t.to_string())),
        ..ForgeOptions::default()
    }
}

fn names(repos: &[RemoteRepo]) -> Vec<&str> {
    repos.iter().map(|r| r.full_name.as_str()).collect()
}

const ORG_PAGE_1: &str = "/orgs/acme/repos?per_page=100&type=all";
const ORG_PAGE_2: &str = "/organizations/1/repos?per_page=100&type=all&page=2";
const TOKEN: &str = "test-github-token-not-real";

#[test]
fn github_org_pages_are_followed_with_the_token_and_api_headers() {
    let forge = StandIn::start();
    let next = format!("{}{ORG_PAGE_2}", forge.url());
    let page_1 = json!([
        github_repo("acme/api", "https://github.com/acme/api.git", false, false),
        github_repo("acme/web", "https://github.com/acme/web.git", false, false),
    ]);
    let page_2 = json!([github_repo(
        "acme/ops",
        "https://github.com/acme/ops.git",
        false,
        false
    )]);
    forge.route(ORG_PAGE_1, vec![Reply::json(&page_1).next(&next)]);
    forge.route(ORG_PAGE_2, vec![Reply::json(&page_2)]);

    let targets = [Target::GithubOrg("acme".into())];
    let repos = enumerate(&targets, &github_options(&forge, Some(TOKEN))).expect("listed");

    assert_eq!(names(&repos), ["acme/api", "acme/web", "acme/ops"]);
    assert_eq!(repos[0].clone_url, "https://github.com/acme/api.git");
    assert_eq!(repos[0].default_branch.as_deref(), Some("main"));
    let seen = forge.seen();
    let targets: Vec<&str> = seen.iter().map(|s| s.target.as_str()).collect();
    assert_eq!(targets, [ORG_PAGE_1, ORG_PAGE_2]);
    for request in &seen {
        assert_eq!(
            request.header("authorization"),
            Some("Bearer test-github-token-not-real")
        );
        assert_eq!(
            request.header("accept"),
            Some("application/vnd.github+json")
        );
        assert_eq!(request.header("x-github-api-version"), Some("2022-11-28"));
        let agent = request.header("user-agent").unwrap_or_default();
        assert!(agent.starts_with("oktaleaks/"), "{agent}");
    }
}

#[test]
fn github_user_repositories_are_the_ones_they_own_and_no_token_means_no_header() {
    let forge = StandIn::start();
    let page = json!([github_repo(
        "ann/dotfiles",
        "https://github.com/ann/dotfiles.git",
        false,
        false
    )]);
    forge.route(
        "/users/ann/repos?per_page=100&type=owner",
        vec![Reply::json(&page)],
    );

    let targets = [Target::GithubUser("ann".into())];
    let repos = enumerate(&targets, &github_options(&forge, None)).expect("listed");

    assert_eq!(names(&repos), ["ann/dotfiles"]);
    assert_eq!(forge.seen()[0].header("authorization"), None);
}

#[test]
fn github_secondary_rate_limit_is_waited_out_then_retried() {
    let forge = StandIn::start();
    let page = json!([github_repo(
        "acme/api",
        "https://github.com/acme/api.git",
        false,
        false
    )]);
    let limited = Reply::error(
        403,
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
    )
    .header("retry-after", "1");
    forge.route(ORG_PAGE_1, vec![limited, Reply::json(&page)]);

    let targets = [Target::GithubOrg("acme".into())];
    let repos = enumerate(&targets, &github_options(&forge, Some(TOKEN))).expect("listed");

    assert_eq!(names(&repos), ["acme/api"]);
    let seen = forge.seen();
    assert_eq!(seen.len(), 2, "one refusal, one retry");
    // The retry came after the wait the forge asked for, never before.
    assert!(seen[1].at.duration_since(seen[0].at) >= Duration::from_secs(1));
}

#[test]
fn github_primary_rate_limit_past_the_budget_is_one_clear_error() {
    let forge = StandIn::start();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let spent = Reply::error(403, "API rate limit exceeded for user ID 1.")
        .header("x-ratelimit-limit", "5000")
        .header("x-ratelimit-remaining", "0")
        .header("x-ratelimit-reset", &(now + 3600).to_string());
    forge.route(ORG_PAGE_1, vec![spent]);

    let targets = [Target::GithubOrg("acme".into())];
    let err = enumerate(&targets, &github_options(&forge, Some(TOKEN))).unwrap_err();

    let EnumerateError::RateLimited { wait, .. } = &err else {
        panic!("{err:?}");
    };
    assert!(*wait > Duration::from_secs(3000), "{wait:?}");
    let message = err.to_string();
    assert!(
        message.starts_with("GitHub organization acme: rate limited"),
        "{message}"
    );
    assert!(
        message.contains("budget") && !message.contains('\n'),
        "{message}"
    );
    assert!(!message.contains(TOKEN));
    assert_eq!(forge.seen().len(), 1, "no call while the window is spent");
}

#[test]
fn forks_and_archived_repositories_are_skipped_unless_included() {
    let forge = StandIn::start();
    let page = json!([
        github_repo("acme/api", "https://github.com/acme/api.git", false, false),
        github_repo("acme/fork", "https://github.com/acme/fork.git", true, false),
        github_repo("acme/old", "https://github.com/acme/old.git", false, true),
    ]);
    forge.route(ORG_PAGE_1, vec![Reply::json(&page)]);
    let targets = [Target::GithubOrg("acme".into())];
    let listed = |include_forks, include_archived| {
        let options = ForgeOptions {
            include_forks,
            include_archived,
            ..github_options(&forge, None)
        };
        let repos = enumerate(&targets, &options).expect("listed");
        names(&repos).join(" ")
    };

    assert_eq!(listed(false, false), "acme/api");
    assert_eq!(listed(true, false), "acme/api acme/fork");
    assert_eq!(listed(false, true), "acme/api acme/old");
    assert_eq!(listed(true, true), "acme/api acme/fork acme/old");
}

#[test]
fn a_next_link_to_another_host_is_not_followed_and_the_token_stays_home() {
    let forge = StandIn::start();
    let elsewhere = StandIn::start();
    let page = json!([github_repo(
        "acme/api",
        "https://github.com/acme/api.git",
        false,
        false
    )]);
    let next = format!("{}{ORG_PAGE_2}", elsewhere.url());
    forge.route(ORG_PAGE_1, vec![Reply::json(&page).next(&next)]);
    elsewhere.route(ORG_PAGE_2, vec![Reply::json(&json!([]))]);

    let targets = [Target::GithubOrg("acme".into())];
    let err = enumerate(&targets, &github_options(&forge, Some(TOKEN))).unwrap_err();

    let message = err.to_string();
    assert!(matches!(err, EnumerateError::Listing { .. }), "{err:?}");
    assert!(message.contains("another origin"), "{message}");
    assert!(message.contains(&elsewhere.url()), "{message}");
    assert!(elsewhere.seen().is_empty(), "the other host got a request");
    assert_eq!(forge.seen().len(), 1);
}

#[test]
fn plain_http_to_a_host_off_this_machine_is_refused_before_any_request() {
    let refused = [
        ForgeOptions {
            github_api_url: "http://api.github.com".into(),
            ..ForgeOptions::default()
        },
        ForgeOptions {
            gitlab_url: "http://10.1.2.3:8080".into(),
            ..ForgeOptions::default()
        },
    ];
    let targets = [
        [Target::GithubOrg("acme".into())],
        [Target::GitlabGroup("acme".into())],
    ];
    for (options, targets) in refused.iter().zip(&targets) {
        let err = enumerate(targets, options).unwrap_err();
        let EnumerateError::Address { problem, .. } = &err else {
            panic!("{err:?}");
        };
        assert!(problem.contains("loopback"), "{err}");
    }
}

#[test]
fn a_clone_url_a_forge_may_not_hand_on_is_refused() {
    let forge = StandIn::start();
    // From a loopback forge, file:// and loopback http pass; plain http elsewhere never.
    let page = json!([github_repo(
        "acme/api",
        "http://intranet.example/api.git",
        false,
        false
    )]);
    forge.route(ORG_PAGE_1, vec![Reply::json(&page)]);

    let targets = [Target::GithubOrg("acme".into())];
    let err = enumerate(&targets, &github_options(&forge, None)).unwrap_err();

    assert!(
        err.to_string().contains("acme/api: clone URL refused"),
        "{err}"
    );
}

#[test]
fn gitlab_group_projects_with_subgroups_paged_by_number_after_a_429() {
    let forge = StandIn::start();
    let first = "/api/v4/groups/acme%2Fplatform/projects?include_subgroups=true&with_shared=false\
                 &per_page=100&order_by=id&sort=asc&archived=false";
    let second = format!("{first}&page=2");
    let page_1 = json!([
        gitlab_project(
            "acme/platform/api",
            "https://gitlab.example.com/acme/platform/api.git",
            false
        ),
        gitlab_project(
            "acme/platform/fork",
            "https://gitlab.example.com/acme/platform/fork.git",
            true
        ),
    ]);
    let page_2 = json!([gitlab_project(
        "acme/platform/infra/terraform",
        "https://gitlab.example.com/acme/platform/infra/terraform.git",
        false
    )]);
    let limited = Reply {
        status: 429,
        headers: Vec::new(),
        body: "Retry later".into(),
    }
    .header("Retry-After", "1")
    .header("RateLimit-Remaining", "0");
    forge.route(
        first,
        vec![limited, Reply::json(&page_1).header("x-next-page", "2")],
    );
    forge.route(
        &second,
        vec![Reply::json(&page_2).header("x-next-page", "")],
    );

    let options = ForgeOptions {
        gitlab_url: forge.url(),
        gitlab_token: Some(Secret::new("test-gitlab-token-not-real".into())),
        ..ForgeOptions::default()
    };
    let targets = [Target::GitlabGroup("acme/platform".into())];
    let repos = enumerate(&targets, &options).expect("listed");

    assert_eq!(
        names(&repos),
        ["acme/platform/api", "acme/platform/infra/terraform"]
    );
    let seen = forge.seen();
    let paths: Vec<&str> = seen.iter().map(|s| s.target.as_str()).collect();
    assert_eq!(paths, [first, first, second.as_str()]);
    assert!(seen[1].at.duration_since(seen[0].at) >= Duration::from_secs(1));
    for request in &seen {
        assert_eq!(
            request.header("private-token"),
            Some("test-gitlab-token-not-real")
        );
        assert_eq!(request.header("authorization"), None);
    }
}

#[test]
fn cached_clone_clones_once_then_fetches_new_commits_into_the_same_mirror() {
    let work = tempfile::tempdir().expect("temp dir");
    let origin = origin_repo(&work.path().join("origin"));
    git(&origin, &["tag", "v1"]);
    // The clone URL comes from a listing, as `audit` will get it.
    let forge = StandIn::start();
    let page = json!([github_repo("acme/api", &file_url(&origin), false, false)]);
    forge.route(ORG_PAGE_1, vec![Reply::json(&page)]);
    let repos = enumerate(
        &[Target::GithubOrg("acme".into())],
        &github_options(&forge, None),
    )
    .expect("listed");
    let cache = work.path().join("cache");

    let mirror = cached_clone(&cache, &repos[0].clone_url).expect("cloned");
    assert_eq!(mirror.parent(), Some(cache.as_path()));
    let mirror_git = |args: &[&str]| git(&mirror, args);
    assert_eq!(mirror_git(&["rev-parse", "--is-bare-repository"]), "true");
    assert_eq!(
        mirror_git(&["rev-parse", "refs/heads/main"]),
        git(&origin, &["rev-parse", "HEAD"])
    );
    assert!(!mirror_git(&["tag", "--list", "v1"]).is_empty());
    // Left by us: a re-clone would replace the directory and lose it.
    std::fs::write(mirror.join("left-by-the-test"), "still here").expect("marker");

    let second = commit(&origin, "config.yml", "second");
    git(&origin, &["branch", "feature"]);
    git(&origin, &["tag", "-d", "v1"]);
    let again = cached_clone(&cache, &repos[0].clone_url).expect("fetched");

    assert_eq!(again, mirror);
    assert!(mirror.join("left-by-the-test").is_file(), "re-cloned");
    assert_eq!(mirror_git(&["rev-parse", "refs/heads/main"]), second);
    assert_eq!(mirror_git(&["rev-parse", "refs/heads/feature"]), second);
    assert!(
        mirror_git(&["tag", "--list", "v1"]).is_empty(),
        "not pruned"
    );
    let entries: Vec<_> = std::fs::read_dir(&cache)
        .expect("cache")
        .flatten()
        .collect();
    assert_eq!(entries.len(), 1, "one entry, no scratch left: {entries:?}");
}

#[test]
fn hostile_clone_urls_map_to_one_safe_entry_inside_the_cache() {
    let work = tempfile::tempdir().expect("temp dir");
    let origin = origin_repo(&work.path().join("origin"));
    let cache = work.path().join("a").join("b").join("cache");

    // A relative path would name another repository from another directory.
    let err = cached_clone(&cache, "../../x").unwrap_err();
    assert!(err.to_string().contains("relative path"), "{err}");
    assert!(!work.path().join("a").exists(), "something was created");

    // A very long URL with `..` in it still names one short entry right in the cache.
    let long = format!(
        "file://{}/origin/{}../origin",
        work.path().display(),
        "./".repeat(1500)
    );
    let mirror = cached_clone(&cache, &long).expect("cloned");
    assert_eq!(mirror.parent(), Some(cache.as_path()));
    let name = mirror.file_name().and_then(|n| n.to_str()).expect("name");
    assert!(name.len() <= 100, "{name}");
    assert!(
        name.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)),
        "{name}"
    );
    assert_eq!(name, cache_entry_name(&long));
    assert_eq!(
        git(&mirror, &["rev-parse", "refs/heads/main"]),
        git(&origin, &["rev-parse", "HEAD"])
    );
}
