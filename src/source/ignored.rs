//! What ignore rules skip, seen rather than hidden: `.gitignore` (also outside git, so that a
//! project without its `.git` is walked as its work tree would be), `.ignore`, the
//! repository's `.git/info/exclude` and git's global excludes (inside git), evaluated here
//! so that the walk can count every path they skip and still scan an ignored file whose name
//! says it holds credentials (`.env.production`, `prod.tfvars`, `api.token`).
//!
//! Why scan those by default: an ignored `.env` is exactly where a deployed app, a CI
//! workspace or a backup keeps a live token, and gitleaks (`dir`), TruffleHog (`filesystem`)
//! and Nosey Parker all scan such files. Ignored directories (`node_modules/`, `target/`) are
//! still not entered: they are counted as one path each, and `--no-ignore` enters them.
//!
//! Precedence, as git's: the nearest directory's rules first (`.ignore` over `.gitignore`
//! in one directory), then the repository's `info/exclude`, then the global excludes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// File names (lower-cased) that say "credentials" on their own: dotenv files, token and
/// key files, cloud and package-manager credential files, Terraform variables and state.
const CREDENTIAL_PREFIXES: &[&str] = &[".env", "credentials", "secrets", "secret."];
const CREDENTIAL_SUFFIXES: &[&str] = &[
    ".env",
    ".token",
    ".tokens",
    ".tfvars",
    ".tfvars.json",
    ".tfstate",
    ".pem",
    ".key",
    ".secret",
    ".secrets",
    ".npmrc",
    ".netrc",
    ".pypirc",
];

/// Whether a file name looks like it holds credentials.
///
/// ```
/// use oktaleaks::source::ignored::is_credential_name;
/// assert!(is_credential_name(".env.production"));
/// assert!(is_credential_name("prod.tfvars"));
/// assert!(!is_credential_name("main.rs"));
/// ```
pub fn is_credential_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    CREDENTIAL_PREFIXES.iter().any(|p| name.starts_with(p))
        || CREDENTIAL_SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// What the ignore rules skipped during one walk.
#[derive(Debug, Default)]
pub struct IgnoredLog {
    /// Paths skipped (an ignored directory counts once; its contents are not visited).
    pub skipped: AtomicU64,
    /// Ignored files scanned anyway because their name says credentials.
    pub credential_files: Mutex<Vec<PathBuf>>,
}

impl IgnoredLog {
    /// How many paths were skipped.
    pub fn skipped(&self) -> u64 {
        self.skipped.load(Ordering::Relaxed)
    }

    /// The ignored credential files that were scanned, sorted.
    pub fn credential_files(&self) -> Vec<PathBuf> {
        let mut files = self
            .credential_files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        files.sort();
        files
    }
}

/// The ignore rules of one directory and those above it.
#[derive(Debug)]
struct DirRules {
    /// `.gitignore` then `.ignore` of this directory (a later line wins).
    own: Gitignore,
    /// The directory above, when there is one.
    parent: Option<Arc<DirRules>>,
    /// `.git/info/exclude` of the repository this directory belongs to.
    exclude: Option<Arc<Gitignore>>,
}

/// Evaluates ignore rules for the walk, caching each directory's rules.
#[derive(Debug)]
pub struct IgnoreRules {
    by_dir: Mutex<HashMap<PathBuf, Arc<DirRules>>>,
    global: Gitignore,
}

impl Default for IgnoreRules {
    fn default() -> Self {
        IgnoreRules {
            by_dir: Mutex::default(),
            global: GitignoreBuilder::new("").build_global().0,
        }
    }
}

impl IgnoreRules {
    /// Whether `path` (a file, or a directory when `is_dir`) is ignored.
    pub fn is_ignored(&self, path: &Path, is_dir: bool) -> bool {
        let Ok(path) = std::path::absolute(path) else {
            return false;
        };
        let Some(dir) = path.parent() else {
            return false;
        };
        let rules = self.rules_of(dir);
        let mut level = Some(&rules);
        while let Some(r) = level {
            let m = r.own.matched(&path, is_dir);
            if !m.is_none() {
                return m.is_ignore();
            }
            level = r.parent.as_ref();
        }
        let Some(exclude) = &rules.exclude else {
            // Outside git, the repository's and git's global excludes do not apply.
            return false;
        };
        let m = exclude.matched(&path, is_dir);
        if !m.is_none() {
            return m.is_ignore();
        }
        self.global.matched(&path, is_dir).is_ignore()
    }

    fn rules_of(&self, dir: &Path) -> Arc<DirRules> {
        if let Some(known) = self.lock().get(dir) {
            return Arc::clone(known);
        }
        let parent = dir.parent().map(|p| self.rules_of(p));
        let is_repo_root = dir.join(".git").exists();
        let exclude = if is_repo_root {
            let mut exclude = GitignoreBuilder::new(dir);
            let _ = exclude.add(dir.join(".git/info/exclude"));
            Some(Arc::new(
                exclude.build().unwrap_or_else(|_| Gitignore::empty()),
            ))
        } else {
            parent.as_ref().and_then(|p| p.exclude.clone())
        };
        let mut builder = GitignoreBuilder::new(dir);
        // `.gitignore` applies outside git too: a project without its `.git` (a tarball, a
        // CI workspace, a copy) is walked as its work tree would be. Errors in a hostile
        // ignore file leave its bad lines out, as git does.
        let _ = builder.add(dir.join(".gitignore"));
        let _ = builder.add(dir.join(".ignore"));
        let own = builder.build().unwrap_or_else(|_| Gitignore::empty());
        let rules = Arc::new(DirRules {
            own,
            // A repository's rules stop at its root: the enclosing repository's do not apply.
            parent: if is_repo_root { None } else { parent },
            exclude,
        });
        self.lock().insert(dir.to_path_buf(), Arc::clone(&rules));
        rules
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Arc<DirRules>>> {
        self.by_dir.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
