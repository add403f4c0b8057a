//! A cache of bare mirrors, one per clone URL, so that auditing an organization again
//! fetches what changed instead of cloning everything anew.
//!
//! An entry is cloned once, into a private temporary directory inside the cache that is
//! renamed into place only when complete, so a half-made clone is never found; later calls
//! fetch into it: every branch and tag, forced, with those gone from the remote pruned.
//! Entry names come from the URL (host and path, reduced to `[A-Za-z0-9._-]`, plus a hash
//! of the whole URL): never `.` or `..`, never a separator, never two URLs in one entry.
//!
//! Credentials: a URL holding a password or token is refused, because it would be written
//! into the entry's configuration. Private https remotes authenticate through git's
//! configured credential helpers (`credential.helper`), which gitoxide asks on a 401; ssh
//! uses the ssh agent. Handing a forge token to the clone directly is not done yet.

use std::path::{Path, PathBuf};

use gix::remote::{fetch::Tags, Direction};

use crate::error::SourceError;

/// Every branch and every tag, forced, into the same names: a mirror of what audits read.
const MIRROR_REFSPECS: [&str; 2] = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"];

/// Longest readable part of an entry name, well under file systems' 255-byte limit.
const MAX_READABLE_NAME: usize = 80;

/// The cache's default place: `$XDG_CACHE_HOME/oktaleaks/repos` (an absolute
/// `XDG_CACHE_HOME` only, as the XDG spec says), else `$HOME/.cache/oktaleaks/repos`, else
/// `%LOCALAPPDATA%\oktaleaks\repos`. `None` when none of these is set: a shared temporary
/// directory would let another user plant an entry, so the caller must name a directory.
pub fn default_cache_dir() -> Option<PathBuf> {
    let from = |var: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let base = from("XDG_CACHE_HOME")
        .or_else(|| from("HOME").map(|home| home.join(".cache")))
        .or_else(|| from("LOCALAPPDATA"))?;
    Some(base.join("oktaleaks").join("repos"))
}

/// A bare mirror of `clone_url` under `cache_dir`: cloned on first use, fetched (every
/// branch and tag, pruned) on each later one. Returns the entry's path, to open with
/// `source::git::open`.
///
/// `clone_url` is a URL with a scheme (`https://`, `ssh://`, `file://`, …), scp-like
/// `user@host:path`, or an absolute path; a relative path is refused, as it would name
/// another repository from another working directory. The clone stops when the run's quit
/// flag is raised.
pub fn cached_clone(cache_dir: &Path, clone_url: &str) -> Result<PathBuf, SourceError> {
    check_cacheable(clone_url)?;
    let entry = cache_dir.join(cache_entry_name(clone_url));
    match std::fs::symlink_metadata(&entry) {
        Ok(meta) if meta.is_dir() => {
            fetch_mirror(&entry, clone_url)?;
            return Ok(entry);
        }
        Ok(_) => return Err(clone_error(clone_url, "its cache entry is not a directory")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => {
            return Err(SourceError::Io {
                path: entry,
                source,
            })
        }
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| SourceError::Io { path, source }
    };
    std::fs::create_dir_all(cache_dir).map_err(io(cache_dir))?;
    // Made with the owner's permissions only, in the cache itself so the rename stays on
    // one file system; removed on every exit path until renamed.
    let scratch = tempfile::Builder::new()
        .prefix(".clone-")
        .tempdir_in(cache_dir)
        .map(crate::quit::ScratchDir::new)
        .map_err(io(cache_dir))?;
    clone_mirror(scratch.path(), clone_url)?;
    match std::fs::rename(scratch.path(), &entry) {
        Ok(()) => Ok(entry),
        // Another run cloned the same URL meanwhile: use its entry.
        Err(_) if entry.is_dir() => {
            fetch_mirror(&entry, clone_url)?;
            Ok(entry)
        }
        Err(source) => Err(SourceError::Io {
            path: entry,
            source,
        }),
    }
}

/// The cache entry's directory name for `clone_url`: its host and path with every byte
/// outside `[A-Za-z0-9._-]` (and leading dots) made `_`, cut to 80 bytes, then `-` and 16
/// hex digits of a hash of the whole URL. Credentials never appear in it.
///
/// ```
/// use oktaleaks::source::git::cache::cache_entry_name;
/// let name = cache_entry_name("https://github.com/acme/api.git");
/// assert!(name.starts_with("github.com_acme_api.git-"), "{name}");
/// assert_eq!(name.len(), "github.com_acme_api.git-".len() + 16);
/// assert!(cache_entry_name("../../x").starts_with("___.._x-"));
/// assert_ne!(cache_entry_name("https://a/b_c"), cache_entry_name("https://a/b/c"));
/// ```
pub fn cache_entry_name(clone_url: &str) -> String {
    let without_credentials = super::remote_uri(clone_url).unwrap_or_else(|| clone_url.to_string());
    let readable = without_credentials
        .split_once("://")
        .map_or(without_credentials.as_str(), |(_, rest)| rest);
    let mut name: String = readable
        .trim_end_matches('/')
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(MAX_READABLE_NAME)
        .collect();
    // A leading dot would hide the entry and could look like a scratch directory.
    let dots = name.len() - name.trim_start_matches('.').len();
    name.replace_range(..dots, &"_".repeat(dots));
    let hash = crate::secret::hex_digest(&[b"oktaleaks-cache-v1\0", clone_url.as_bytes()]);
    format!("{name}-{}", &hash[..16])
}

/// Refuses URLs that cannot name one repository stably, or would store credentials.
fn check_cacheable(clone_url: &str) -> Result<(), SourceError> {
    if clone_url.is_empty() || clone_url.chars().any(char::is_control) {
        return Err(clone_error(clone_url, "not a usable URL"));
    }
    if let Some((scheme, rest)) = clone_url.split_once("://") {
        let authority = rest.split('/').next().unwrap_or_default();
        let user_info = authority.rsplit_once('@').map(|(user, _)| user);
        let is_http = scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http");
        // Over http any user information is a credential (`https://TOKEN@host`); ssh keeps
        // its user name but not a password.
        if user_info.is_some_and(|user| is_http || user.contains(':')) {
            return Err(clone_error(
                clone_url,
                "credentials in the URL would be stored in the cache; use a credential helper",
            ));
        }
        return Ok(());
    }
    if Path::new(clone_url).is_absolute() || super::is_url(clone_url) {
        return Ok(());
    }
    Err(clone_error(
        clone_url,
        "a relative path names another repository from another directory; give an absolute \
         path or a file:// URL",
    ))
}

/// Clones `clone_url` as a bare mirror into the empty directory `dir`.
fn clone_mirror(dir: &Path, clone_url: &str) -> Result<(), SourceError> {
    let err = |e: &dyn std::fmt::Display| clone_error(clone_url, &e.to_string());
    let prepare = gix::prepare_clone_bare(clone_url, dir).map_err(|e| err(&e))?;
    // Saved as the remote's configuration, so the entry reads as a mirror to git too.
    let mut prepare = prepare.configure_remote(|remote| {
        remote
            .with_fetch_tags(Tags::None)
            .with_refspecs(MIRROR_REFSPECS, Direction::Fetch)
    });
    prepare
        .fetch_only(gix::progress::Discard, &crate::quit::QUIT)
        .map_err(|e| err(&e))?;
    Ok(())
}

/// Fetches every branch and tag of `clone_url` into the mirror at `entry`, forced, and
/// deletes the branches and tags the remote no longer has.
fn fetch_mirror(entry: &Path, clone_url: &str) -> Result<(), SourceError> {
    let err = |e: &dyn std::fmt::Display| clone_error(clone_url, &e.to_string());
    let mut repo = super::open(entry)?;
    // Ref updates want an identity for their log; a cache needs none of its own.
    repo.committer_or_set_generic_fallback()
        .map_err(|e| err(&e))?;
    let remote = repo
        .remote_at(clone_url)
        .map_err(|e| err(&e))?
        .with_fetch_tags(Tags::None)
        .with_refspecs(MIRROR_REFSPECS, Direction::Fetch)
        .map_err(|e| err(&e))?;
    let outcome = remote
        .connect(Direction::Fetch)
        .map_err(|e| err(&e))?
        .prepare_fetch(gix::progress::Discard, Default::default())
        .map_err(|e| err(&e))?
        .receive(gix::progress::Discard, &crate::quit::QUIT)
        .map_err(|e| err(&e))?;
    prune(&repo, &outcome.ref_map).map_err(|e| err(&e))
}

/// Deletes local branches and tags that no mapping of the last fetch wrote.
fn prune(repo: &gix::Repository, ref_map: &gix::remote::fetch::RefMap) -> Result<(), String> {
    use gix::refs::transaction::{Change, PreviousValue, RefEdit, RefLog};
    let kept: std::collections::HashSet<&gix::bstr::BStr> = ref_map
        .mappings
        .iter()
        .filter_map(|m| m.local.as_ref().map(|name| name.as_ref()))
        .collect();
    let platform = repo.references().map_err(|e| e.to_string())?;
    let mut edits = Vec::new();
    for prefix in ["refs/heads/", "refs/tags/"] {
        let refs = platform.prefixed(prefix).map_err(|e| e.to_string())?;
        for reference in refs {
            let reference = reference.map_err(|e| e.to_string())?;
            let name = reference.name().as_bstr();
            if !kept.contains(name) {
                edits.push(RefEdit {
                    change: Change::Delete {
                        expected: PreviousValue::Any,
                        log: RefLog::AndReference,
                    },
                    name: reference.name().to_owned(),
                    deref: false,
                });
            }
        }
    }
    if !edits.is_empty() {
        repo.edit_references(edits).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn clone_error(clone_url: &str, reason: &str) -> SourceError {
    SourceError::Clone {
        url: super::remote_uri(clone_url).unwrap_or_else(|| clone_url.to_string()),
        reason: crate::secret::redact_credentials(reason).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names_are_one_safe_component() {
        let urls = [
            "https://github.com/acme/api.git",
            "../../x",
            "..",
            "/",
            "file:///../../etc",
            "https://ci:ghp_secret@github.com/acme/api.git",
            "https://host/\u{202e}evil/..\\..\\x",
        ];
        for url in urls {
            let name = cache_entry_name(url);
            assert!(!name.starts_with('.'), "{name}");
            assert!(!name.contains(['/', '\\']), "{name}");
            assert!(!name.contains("ghp_secret"), "{name}");
            assert!(name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)));
            assert_eq!(Path::new(&name).components().count(), 1, "{name}");
        }
        let long = format!("https://host/{}", "a/".repeat(5000));
        assert!(cache_entry_name(&long).len() <= MAX_READABLE_NAME + 17);
        // Credentials change the hash (the URL differs) but not the readable part.
        assert_ne!(cache_entry_name(urls[0]), cache_entry_name(urls[5]));
    }

    #[test]
    fn cacheable_urls() {
        let cases: &[(&str, bool)] = &[
            ("https://github.com/acme/api.git", true),
            ("ssh://git@github.com/acme/api.git", true),
            ("git@github.com:acme/api.git", true),
            ("file:///srv/git/api", true),
            ("/srv/git/api", true),
            ("https://ghp_token@github.com/acme/api.git", false),
            ("https://x:ghp_token@github.com/acme/api.git", false),
            ("ssh://git:pw@github.com/acme/api.git", false),
            ("../../x", false),
            ("api", false),
            ("", false),
        ];
        for (url, ok) in cases {
            assert_eq!(check_cacheable(url).is_ok(), *ok, "{url}");
        }
    }

    #[test]
    fn the_default_cache_is_absolute() {
        if let Some(dir) = default_cache_dir() {
            assert!(dir.is_absolute() && dir.ends_with("oktaleaks/repos"));
        }
    }
}
