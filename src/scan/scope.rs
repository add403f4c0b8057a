//! The context unit: the files whose Okta mentions count for each other, and the one step
//! that settles the findings waiting on it.
//!
//! Inside git the unit is the repository. Outside git it is the project a file belongs to: the
//! topmost directory under the scan root that marks a project root (a manifest, a build file,
//! a README), else the scan root. So a release tarball, a CI workspace or a copied folder gets
//! the findings its git work tree would, and two sibling projects under one root do not lend
//! each other context. Tree, history and staged scans all settle through [`Unsettled`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use ignore::WalkState;

use super::{BlobFindings, ScanOptions};
use crate::decode;
use crate::finding::Finding;
use crate::matcher::{okta_mention, PathMention};
use crate::rules::RuleSet;
use crate::source::fs::{self, FileReader};

/// Names (exact, case-insensitive) that mark the directory holding them as a project root on
/// their own: version control, package manifests and build files of the common ecosystems,
/// Terraform roots.
const PROJECT_MARKERS: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "package.json",
    "cargo.toml",
    "go.mod",
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "pipfile",
    "requirements.txt",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "settings.gradle",
    "settings.gradle.kts",
    "composer.json",
    "gemfile",
    "mix.exs",
    "package.swift",
    "pubspec.yaml",
    "build.sbt",
    "cmakelists.txt",
    ".terraform.lock.hcl",
];

/// File name endings that mark a project root on their own (.NET solutions and projects).
const PROJECT_MARKER_SUFFIXES: &[&str] = &[".sln", ".csproj", ".fsproj", ".vbproj"];

/// Names a project's top directory carries, but so may a folder of projects (a workspace, a
/// home directory): they mark a project root only when no directory right below holds one
/// of [`PROJECT_MARKERS`].
const WEAK_PROJECT_MARKERS: &[&str] = &[
    "makefile",
    "dockerfile",
    "docker-compose.yml",
    "docker-compose.yaml",
    "compose.yaml",
    ".gitignore",
    ".gitlab-ci.yml",
    ".github",
    ".circleci",
    "jenkinsfile",
    "readme",
    "readme.md",
    "readme.rst",
    "readme.txt",
    "license",
    "license.md",
    "license.txt",
];

/// Where an Okta mention elsewhere counts for a file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Scope {
    /// A git work tree: its files, less nested work trees.
    Repo(PathBuf),
    /// A project outside git: its files, less nested work trees.
    Project(PathBuf),
    /// The scan root, for files in no repository or project under it. It also hears what the
    /// repositories and projects below it say, and they hear what its own files say; two of
    /// them never hear each other.
    Root(PathBuf),
    /// Only this file (the scan root is that file).
    File(PathBuf),
}

impl Scope {
    /// The directory (or, for a file root, the file) the scope covers.
    pub fn dir(&self) -> &Path {
        match self {
            Scope::Repo(d) | Scope::Project(d) | Scope::Root(d) | Scope::File(d) => d,
        }
    }

    /// `path` as the scope's context sees it: relative to the repository or project (so the
    /// name of the folder it was copied into does not count), or a file root's name.
    pub fn path_within<'p>(&self, path: &'p Path) -> &'p Path {
        match path.strip_prefix(self.dir()) {
            Ok(relative) if !relative.as_os_str().is_empty() => relative,
            _ => path.file_name().map_or(path, Path::new),
        }
    }
}

/// Maps files to their scope, caching what each directory is, so that each directory is
/// looked at once however many files and scopes share it.
#[derive(Default)]
pub(crate) struct ScopeCache {
    by_dir: HashMap<PathBuf, Scope>,
    /// The nearest git work tree at or above a directory (within the root).
    repos: HashMap<PathBuf, Option<PathBuf>>,
    /// The topmost project root at or above a directory (within the root).
    projects: HashMap<PathBuf, Option<PathBuf>>,
    markers: HashMap<PathBuf, bool>,
}

impl ScopeCache {
    /// The scope of `file`, found under the scan `root` it was walked from: the nearest git
    /// work tree, else the topmost project root, else the root.
    pub fn scope_of(&mut self, file: &Path, root: &Path) -> Scope {
        let Some(dir) = file.parent().filter(|d| d.starts_with(root)) else {
            return Scope::File(file.to_path_buf());
        };
        if let Some(scope) = self.by_dir.get(dir) {
            return scope.clone();
        }
        let scope = match self.repo_of(dir, root) {
            Some(repo) => Scope::Repo(repo),
            None => match self.project_of(dir, root) {
                Some(project) => Scope::Project(project),
                None => Scope::Root(root.to_path_buf()),
            },
        };
        self.by_dir.insert(dir.to_path_buf(), scope.clone());
        scope
    }

    fn repo_of(&mut self, dir: &Path, root: &Path) -> Option<PathBuf> {
        if let Some(known) = self.repos.get(dir) {
            return known.clone();
        }
        let found = if dir.join(".git").exists() {
            Some(dir.to_path_buf())
        } else {
            dir.parent()
                .filter(|parent| dir != root && parent.starts_with(root))
                .and_then(|parent| self.repo_of(parent, root))
        };
        self.repos.insert(dir.to_path_buf(), found.clone());
        found
    }

    fn project_of(&mut self, dir: &Path, root: &Path) -> Option<PathBuf> {
        if let Some(known) = self.projects.get(dir) {
            return known.clone();
        }
        let above = dir
            .parent()
            .filter(|parent| dir != root && parent.starts_with(root))
            .and_then(|parent| self.project_of(parent, root));
        let found = above.or_else(|| self.is_project_root(dir).then(|| dir.to_path_buf()));
        self.projects.insert(dir.to_path_buf(), found.clone());
        found
    }

    fn is_project_root(&mut self, dir: &Path) -> bool {
        if let Some(&known) = self.markers.get(dir) {
            return known;
        }
        let marked = match marker_strength(dir) {
            Marker::Strong => true,
            Marker::Weak => !subdirs(dir).any(|sub| marker_strength(&sub) == Marker::Strong),
            Marker::None => false,
        };
        self.markers.insert(dir.to_path_buf(), marked);
        marked
    }
}

/// What marks a directory as a project root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Marker {
    None,
    Weak,
    Strong,
}

/// The strongest project marker `dir` holds.
fn marker_strength(dir: &Path) -> Marker {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Marker::None;
    };
    let mut found = Marker::None;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
        if PROJECT_MARKERS.contains(&name.as_str())
            || PROJECT_MARKER_SUFFIXES.iter().any(|s| name.ends_with(s))
        {
            return Marker::Strong;
        }
        if WEAK_PROJECT_MARKERS.contains(&name.as_str()) {
            found = Marker::Weak;
        }
    }
    found
}

/// The directories right below `dir` (symlinks not followed).
fn subdirs(dir: &Path) -> impl Iterator<Item = PathBuf> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
}

/// What a scope says about Okta.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ScopeContext {
    /// Some file of the scope mentions Okta (in its text or its path).
    pub mentions_okta: bool,
    /// The org URL the scope names: the one found first in path (or history) order.
    pub org: Option<String>,
}

impl ScopeContext {
    /// What one blob at `path` says: its text's mention, else its path's.
    pub fn of_blob(text: &[u8], path: &[u8], rules: &RuleSet) -> ScopeContext {
        Self::of_path_and(Some(text), path, rules)
    }

    /// What a blob says, its text left out when it surely does not mention Okta (the
    /// decoders' pass found none of the mention's prefixes in it).
    pub fn of_path_and(text: Option<&[u8]>, path: &[u8], rules: &RuleSet) -> ScopeContext {
        let in_path = PathMention::of(path, &rules.context);
        let in_text = text.and_then(|text| okta_mention(text, &rules.context));
        ScopeContext {
            mentions_okta: in_path.mentions_okta || in_text.is_some(),
            org: in_text.flatten().or(in_path.org),
        }
    }

    /// Adds what another blob, later in order, says.
    pub fn add(&mut self, later: ScopeContext) {
        self.mentions_okta |= later.mentions_okta;
        if self.org.is_none() {
            self.org = later.org;
        }
    }
}

/// One scope's findings before its context is settled.
#[derive(Debug, Default)]
pub(crate) struct Unsettled {
    /// Findings that stand on their own.
    pub findings: Vec<Finding>,
    /// Findings that stand only if the scope mentions Okta.
    pub pending: Vec<Finding>,
    /// What the blobs seen so far say.
    pub known: ScopeContext,
}

impl Unsettled {
    /// Adds one blob's findings; blobs are added in a stable order (path, or history order)
    /// so that the scope's org does not depend on thread timing.
    pub fn add(&mut self, found: BlobFindings) {
        self.known.add(ScopeContext {
            mentions_okta: found.mentions_okta,
            org: found.org,
        });
        self.findings.extend(found.findings);
        self.pending.extend(found.pending);
    }

    /// The scope's findings once everything it holds was seen (a tree or history scan):
    /// pending ones stand if the scope mentions Okta, and findings with no org nearby take the
    /// scope's.
    pub fn settle(self) -> Vec<Finding> {
        let Unsettled {
            mut findings,
            pending,
            known,
        } = self;
        if known.mentions_okta {
            findings.extend(pending);
        }
        for finding in findings.iter_mut().filter(|f| f.org.is_none()) {
            finding.org.clone_from(&known.org);
        }
        findings
    }
    /// The same, for a scope only partly seen (the staged blobs of a work tree): when pending
    /// findings wait on a mention the seen blobs lack, `search_rest` looks through the rest.
    pub fn settle_searching(mut self, search_rest: impl FnOnce() -> ScopeContext) -> Vec<Finding> {
        if !self.pending.is_empty() && !self.known.mentions_okta {
            self.known.add(search_rest());
        }
        self.settle()
    }
}

/// What a tree scan has gathered for one scope: the results of the files with findings, and
/// what all its files said about Okta. A file that only mentions Okta leaves a flag and at
/// most one org here, so memory does not grow with the number of such files.
#[derive(Debug, Default)]
pub(crate) struct ScopeTally {
    results: Vec<(PathBuf, BlobFindings)>,
    said: Said,
}

/// What files said about Okta, in a form that merges in any order.
#[derive(Debug, Clone, Default)]
struct Said {
    mentions_okta: bool,
    /// The org named by the first file in path order that names one.
    org: Option<(PathBuf, String)>,
}

impl Said {
    fn hear(&mut self, mentions_okta: bool, org: Option<(&Path, &str)>) {
        self.mentions_okta |= mentions_okta;
        if let Some((path, org)) = org {
            if self
                .org
                .as_ref()
                .is_none_or(|(first, _)| path < first.as_path())
            {
                self.org = Some((path.to_path_buf(), org.to_string()));
            }
        }
    }

    fn hear_all(&mut self, other: &Said) {
        let org = other.org.as_ref().map(|(p, o)| (p.as_path(), o.as_str()));
        self.hear(other.mentions_okta, org);
    }
}

impl ScopeTally {
    /// Adds one file's results.
    pub fn add(&mut self, path: PathBuf, mut found: BlobFindings) {
        let org = found.org.take();
        self.said.hear(
            found.mentions_okta,
            org.as_deref().map(|o| (path.as_path(), o)),
        );
        if !found.findings.is_empty() || !found.pending.is_empty() {
            self.results.push((path, found));
        }
    }
}

/// Settles every scope of a tree scan. Each file was walked in this scan, so what the files
/// said is all there is to know: nothing is read again. A root scope and the scopes below it
/// hear each other; scopes side by side do not.
pub(crate) fn settle_tree(mut tallies: HashMap<Scope, ScopeTally>) -> Vec<Finding> {
    let own: Vec<(Scope, Said)> = tallies
        .iter()
        .map(|(scope, t)| (scope.clone(), t.said.clone()))
        .collect();
    for (scope, tally) in tallies.iter_mut().filter(|(_, t)| !t.results.is_empty()) {
        for (other, said) in &own {
            let related = match (scope, other) {
                (Scope::Root(root), Scope::Repo(dir) | Scope::Project(dir))
                | (Scope::Repo(dir) | Scope::Project(dir), Scope::Root(root)) => {
                    dir.starts_with(root)
                }
                _ => false,
            };
            if related {
                tally.said.hear_all(said);
            }
        }
    }
    let mut findings = Vec::new();
    for (_, tally) in tallies {
        let mut results = tally.results;
        results.sort_by(|a, b| a.0.cmp(&b.0));
        let mut scope = Unsettled {
            known: ScopeContext {
                mentions_okta: tally.said.mentions_okta,
                org: tally.said.org.map(|(_, org)| org),
            },
            ..Unsettled::default()
        };
        for (_, found) in results {
            scope.findings.extend(found.findings);
            scope.pending.extend(found.pending);
        }
        findings.extend(scope.settle());
    }
    findings
}

/// Looks through the files under `dir` for a mention of Okta, stopping at the first one, and
/// returns what that file says (its org too, if it names one). Nested git work trees are
/// scopes of their own and are left out.
pub(crate) fn search_dir(dir: &Path, rules: &RuleSet, options: &ScanOptions) -> ScopeContext {
    let found: Mutex<Option<ScopeContext>> = Mutex::new(None);
    let top = dir.to_path_buf();
    let mut walker = fs::walker_builder(&[dir.to_path_buf()], &options.walk);
    walker.filter_entry(move |entry| {
        entry.file_name() != ".git"
            && !(entry.file_type().is_some_and(|t| t.is_dir())
                && entry.path() != top
                && entry.path().join(".git").exists())
    });
    walker.build_parallel().run(|| {
        let mut reader = FileReader::new(super::BINARY_SNIFF);
        let found = &found;
        Box::new(move |entry| {
            let Ok(entry) = entry else {
                return WalkState::Continue;
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                return WalkState::Continue;
            }
            let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let path = relative.as_os_str().as_encoded_bytes();
            let Ok(Ok(contents)) = reader.read(entry.path(), options.max_file_size) else {
                return WalkState::Continue;
            };
            let Some((text, _)) = decode::text_of(contents).into_scannable() else {
                return WalkState::Continue;
            };
            let context = ScopeContext::of_blob(&text, path, rules);
            if !context.mentions_okta {
                return WalkState::Continue;
            }
            // A worker that panicked holding the lock left it whole (a store is all it does
            // under it); the panic itself ends the walk.
            found
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get_or_insert(context);
            WalkState::Quit
        })
    });
    found
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
        .unwrap_or_default()
}
