//! The audit datastore: one SQLite file holding every repository audited (with the ref tips
//! of its last complete audit), every secret once (by its one-way hash; the token itself only
//! when asked), every place it was found, every check made of it, and its triage state.
//!
//! Writes that belong together are one transaction: a repository's whole scan lands at once,
//! so a process killed at any moment loses at most the repository in progress, and the next
//! audit finds it not complete and scans it again.

mod schema;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::error::StoreError;
use crate::finding::Finding;
use crate::report::audit::{
    AuditLeak, AuditLocation, AuditReport, AuditRepository, AuditSecret, AuditStep, AuditSummary,
    AuditTriage, AuditVerdict,
};
use crate::scan::KnownHistory;
use crate::secret::Secret;
use crate::verdict::Verification;

/// Triage states a secret can be given.
pub const TRIAGE_STATES: [&str; 4] = ["open", "revoked", "false-positive", "accepted-risk"];

/// An open datastore.
pub struct Datastore {
    conn: Connection,
    path: PathBuf,
}

/// What the datastore knows of a repository from earlier audits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoState {
    /// Its last complete audit: tips, and what its history says about Okta.
    pub known: KnownHistory,
    /// The settings (rules, limits) that audit ran with.
    pub settings: Option<String>,
}

/// A token kept in the datastore, for checking again.
pub struct StoredSecret {
    /// Its hash (its id).
    pub hash: String,
    /// The token.
    pub secret: Secret,
    /// The rule that found it.
    pub rule_id: String,
    /// The client id named beside it (a client secret's or a private key's).
    pub client_id: Option<String>,
    /// Every org named beside it.
    pub orgs: Vec<String>,
}

/// One repository's audit, ready to be recorded.
pub struct RepoScan<'a> {
    /// Its default branch, when known.
    pub default_branch: Option<&'a str>,
    /// Its tips now and what its history says about Okta; recorded only when `complete`.
    pub known: &'a KnownHistory,
    /// Every object was read: the next audit may start from `known`. Otherwise the
    /// repository is recorded as failed and scanned whole next time.
    pub complete: bool,
    /// The settings it was scanned with.
    pub settings: &'a str,
    /// The findings of the commits scanned (history provenance).
    pub findings: &'a [Finding],
    /// Checks made of its secrets (by hash), recorded with it.
    pub checks: &'a [(String, Verification)],
    /// Blobs scanned.
    pub blobs: u64,
}

/// Now, RFC 3339 in UTC.
pub fn now() -> String {
    gix::date::Time::now_utc().format_or_unix(gix::date::time::format::ISO8601_STRICT)
}

impl Datastore {
    /// Opens `path`, creating it if absent (readable by its owner alone: it may hold tokens),
    /// and brings its schema up to date. A symlink is refused: it could point the datastore
    /// anywhere.
    pub fn open(path: &Path) -> Result<Datastore, StoreError> {
        let io = |source: std::io::Error| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(io(std::io::Error::other(
                    "is a symlink; name the datastore itself",
                )));
            }
            Ok(_) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                use std::os::unix::fs::OpenOptionsExt;
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(path)
                    .map_err(io)?;
            }
            Err(err) => return Err(io(err)),
        }
        let conn = Connection::open(path).map_err(|e| sqlite(path, e))?;
        let mut store = Datastore {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Opens a datastore that must exist already (for reports and triage).
    pub fn open_existing(path: &Path) -> Result<Datastore, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        Datastore::open(path)
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        sqlite(&self.path, e)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        // Waits for a concurrent writer instead of failing at once; foreign keys on.
        self.conn
            .busy_timeout(std::time::Duration::from_secs(30))
            .and_then(|()| self.conn.pragma_update(None, "foreign_keys", true))
            .map_err(|e| self.err(e))?;
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|e| self.err(e))?;
        let known = schema::MIGRATIONS.len();
        if version < 0 || version as usize > known {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: version,
                known,
            });
        }
        for (index, sql) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            let path = self.path.clone();
            let tx = self.conn.transaction().map_err(|e| sqlite(&path, e))?;
            tx.execute_batch(sql)
                .and_then(|()| tx.pragma_update(None, "user_version", (index + 1) as i64))
                .and_then(|()| tx.commit())
                .map_err(|e| sqlite(&path, e))?;
        }
        Ok(())
    }

    /// What earlier audits recorded of the repository at `url`.
    pub fn repository(&self, url: &str) -> Result<Option<RepoState>, StoreError> {
        let found: Option<(i64, bool, Option<String>, Option<String>)> = self
            .conn
            .query_row(
                "SELECT id, mentions_okta, okta_org, settings FROM repositories WHERE url = ?1",
                [url],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some((id, mentions_okta, org, settings)) = found else {
            return Ok(None);
        };
        let mut statement = self
            .conn
            .prepare("SELECT name, commit_id FROM ref_tips WHERE repository_id = ?1 ORDER BY name")
            .map_err(|e| self.err(e))?;
        let tips = statement
            .query_map([id], |row| Ok((row.get(0)?, row.get(1)?)))
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))?;
        Ok(Some(RepoState {
            known: KnownHistory {
                tips,
                mentions_okta,
                org,
            },
            settings,
        }))
    }

    /// Marks the repository at `url` as being audited (a run killed now leaves it so).
    pub fn start(&self, url: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO repositories (url, status) VALUES (?1, 'in-progress')
                 ON CONFLICT (url) DO UPDATE SET status = 'in-progress', error = NULL",
                [url],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }

    /// Records that the audit of `url` failed, and why.
    pub fn fail(&self, url: &str, error: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO repositories (url, status, error) VALUES (?1, 'failed', ?2)
                 ON CONFLICT (url) DO UPDATE SET status = 'failed', error = ?2",
                params![url, error],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }

    /// Records one repository's scan, all at once: its secrets and their places, its new ref
    /// tips, and that its audit is complete. The token itself is kept only when
    /// `store_secrets`.
    pub fn finish(
        &mut self,
        url: &str,
        scan: &RepoScan<'_>,
        store_secrets: bool,
    ) -> Result<(), StoreError> {
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|e| sqlite(&path, e))?;
        write_scan(&tx, url, scan, store_secrets)
            .and_then(|()| tx.commit())
            .map_err(|e| sqlite(&path, e))
    }

    /// Records checks just made, one per secret hash.
    pub fn record_checks(&mut self, checks: &[(String, Verification)]) -> Result<(), StoreError> {
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|e| sqlite(&path, e))?;
        write_checks(&tx, checks)
            .and_then(|()| tx.commit())
            .map_err(|e| sqlite(&path, e))
    }

    /// Tokens kept with `--store-secrets` whose latest check is older than `max_age` seconds
    /// (or that were never checked), each with its hash, rule and the org named beside it:
    /// what `report --verify` checks again.
    pub fn secrets_due(&self, max_age: u64) -> Result<Vec<StoredSecret>, StoreError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT s.hash, s.secret, s.rule_id, s.client_id,
                        (SELECT GROUP_CONCAT(org, char(10)) FROM
                             (SELECT org FROM secret_orgs o WHERE o.secret_id = s.id ORDER BY org)),
                        (SELECT MAX(checked_at) FROM verdicts v WHERE v.secret_id = s.id)
                 FROM secrets s WHERE s.secret IS NOT NULL ORDER BY s.hash",
            )
            .map_err(|e| self.err(e))?;
        let rows: Vec<(StoredSecret, Option<String>)> = statement
            .query_map([], |row| {
                Ok((
                    StoredSecret {
                        hash: row.get(0)?,
                        secret: Secret::new(row.get(1)?),
                        rule_id: row.get(2)?,
                        client_id: row.get(3)?,
                        orgs: row
                            .get::<_, Option<String>>(4)?
                            .map(|orgs| orgs.lines().map(str::to_string).collect())
                            .unwrap_or_default(),
                    },
                    row.get(5)?,
                ))
            })
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))?;
        let now = gix::date::Time::now_utc().seconds;
        Ok(rows
            .into_iter()
            .filter(|(_, checked)| {
                let at = checked
                    .as_deref()
                    .and_then(|c| gix::date::parse(c, None).ok())
                    .map(|t| t.seconds);
                at.is_none_or(|at| now.saturating_sub(at) >= max_age as i64)
            })
            .map(|(secret, _)| secret)
            .collect())
    }

    /// Whether any token is kept (`--store-secrets`).
    pub fn holds_tokens(&self) -> Result<bool, StoreError> {
        self.conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM secrets WHERE secret IS NOT NULL)",
                [],
                |row| row.get(0),
            )
            .map_err(|e| self.err(e))
    }

    /// Merges the datastore at `other` into this one, as if one audit had done the work of
    /// both: repositories, secrets and places unioned (secrets by hash), every check kept
    /// (the latest is the verdict), triage states merged with the newest change winning.
    /// Returns the triage conflicts (a secret given different states in the two), one line
    /// each. Merging is idempotent and its order does not matter.
    pub fn merge_from(&mut self, other: &Path) -> Result<Vec<String>, StoreError> {
        let same = |p: &Path| std::fs::canonicalize(p).ok();
        if same(other).is_some() && same(other) == same(&self.path) {
            // Everything it holds is here already.
            return Ok(Vec::new());
        }
        // Brought up to this build's schema first (or refused when newer).
        drop(Datastore::open_existing(other)?);
        let path = self.path.clone();
        let fail = |e| sqlite(&path, e);
        self.conn
            .execute("ATTACH DATABASE ?1 AS other", [other.to_string_lossy()])
            .map_err(fail)?;
        let merged = merge_attached(&mut self.conn);
        let detached = self.conn.execute("DETACH DATABASE other", []);
        let conflicts = merged.map_err(fail)?;
        detached.map_err(fail)?;
        Ok(conflicts)
    }

    /// Sets the triage state of the secrets `ids` name (a secret's id, or a unique prefix of
    /// at least 8 characters); returns their full ids. Nothing changes unless every id names
    /// exactly one secret.
    pub fn triage(
        &mut self,
        ids: &[String],
        status: &str,
        note: Option<&str>,
    ) -> Result<Vec<String>, StoreError> {
        let path = self.path.clone();
        // Takes the write lock at once, so a concurrent audit makes it wait, not fail.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| sqlite(&path, e))?;
        let mut found = Vec::new();
        for id in ids {
            let id = id.trim().to_ascii_lowercase();
            if id.len() < 8 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(StoreError::Triage(format!(
                    "{}: not a secret id (8 or more hex digits, as reports show them)",
                    crate::secret::redact_tokens(&id)
                )));
            }
            let matches: Vec<(i64, String)> = {
                let mut statement = tx
                    .prepare("SELECT id, hash FROM secrets WHERE hash LIKE ?1 || '%' LIMIT 2")
                    .map_err(|e| sqlite(&path, e))?;
                let rows = statement
                    .query_map([&id], |row| Ok((row.get(0)?, row.get(1)?)))
                    .and_then(Iterator::collect);
                rows.map_err(|e| sqlite(&path, e))?
            };
            let (secret_id, hash) = match matches.as_slice() {
                [one] => one.clone(),
                [] => {
                    return Err(StoreError::Triage(format!(
                        "{id}: no secret with this id in {}",
                        path.display()
                    )))
                }
                _ => {
                    return Err(StoreError::Triage(format!(
                        "{id}: names more than one secret; give more of the id"
                    )))
                }
            };
            tx.execute(
                "INSERT INTO triage (secret_id, status, note, changed_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (secret_id) DO UPDATE SET status = ?2,
                     note = COALESCE(?3, note), changed_at = ?4",
                params![secret_id, status, note, now()],
            )
            .map_err(|e| sqlite(&path, e))?;
            found.push(hash);
        }
        tx.commit().map_err(|e| sqlite(&path, e))?;
        Ok(found)
    }

    /// The whole audit as reports show it. Tokens appear only when `show_secrets` and
    /// stored.
    pub fn report(&self, show_secrets: bool) -> Result<AuditReport, StoreError> {
        read_report(&self.conn, show_secrets).map_err(|e| self.err(e))
    }
}

fn sqlite(path: &Path, source: rusqlite::Error) -> StoreError {
    StoreError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

/// Merges the attached datastore `other` into `main`, in one transaction.
fn merge_attached(conn: &mut Connection) -> rusqlite::Result<Vec<String>> {
    let tx = conn.transaction()?;
    // A repository audited in both keeps the row of its later complete audit (ties: more
    // blobs, then the larger tip set's row), so the order of merging does not matter.
    tx.execute_batch(
        "INSERT INTO main.repositories (url, default_branch, status, error, scanned_at,
                 blobs_scanned, mentions_okta, okta_org, settings)
             SELECT url, default_branch, status, error, scanned_at, blobs_scanned,
                 mentions_okta, okta_org, settings
             FROM other.repositories WHERE true
         ON CONFLICT (url) DO UPDATE SET
             default_branch = excluded.default_branch, status = excluded.status,
             error = excluded.error, scanned_at = excluded.scanned_at,
             blobs_scanned = excluded.blobs_scanned, mentions_okta = excluded.mentions_okta,
             okta_org = excluded.okta_org, settings = excluded.settings
         WHERE (excluded.status = 'complete', COALESCE(excluded.scanned_at, ''),
                excluded.blobs_scanned, excluded.status)
             > (repositories.status = 'complete', COALESCE(repositories.scanned_at, ''),
                repositories.blobs_scanned, repositories.status);
         INSERT INTO main.ref_tips (repository_id, name, commit_id)
             SELECT (SELECT id FROM main.repositories m WHERE m.url = r.url), t.name, t.commit_id
             FROM other.ref_tips t JOIN other.repositories r ON r.id = t.repository_id WHERE true
         ON CONFLICT (repository_id, name) DO UPDATE SET commit_id = MAX(commit_id, excluded.commit_id);
         INSERT INTO main.secrets (hash, redacted, secret, rule_id, org, client_id)
             SELECT hash, redacted, secret, rule_id, org, client_id FROM other.secrets WHERE true
         ON CONFLICT (hash) DO UPDATE SET secret = COALESCE(secret, excluded.secret),
             rule_id = MIN(rule_id, excluded.rule_id),
             client_id = COALESCE(MIN(client_id, excluded.client_id), client_id, excluded.client_id),
             org = COALESCE(MIN(org, excluded.org), org, excluded.org);
         INSERT INTO main.locations
             (secret_id, repository_id, path, line, col, blob, rule_id, commit_id, author, date, unix_time)
             SELECT (SELECT id FROM main.secrets m WHERE m.hash = s.hash),
                    (SELECT id FROM main.repositories m WHERE m.url = r.url),
                    l.path, l.line, l.col, l.blob, l.rule_id, l.commit_id, l.author, l.date, l.unix_time
             FROM other.locations l
             JOIN other.secrets s ON s.id = l.secret_id
             JOIN other.repositories r ON r.id = l.repository_id WHERE true
         ON CONFLICT (secret_id, repository_id, path, blob, line, col) DO UPDATE SET
             commit_id = excluded.commit_id, author = excluded.author,
             date = excluded.date, unix_time = excluded.unix_time
         WHERE (excluded.unix_time, excluded.commit_id) < (locations.unix_time, locations.commit_id);
         INSERT OR IGNORE INTO main.secret_orgs (secret_id, org)
             SELECT (SELECT id FROM main.secrets m WHERE m.hash = s.hash), o.org
             FROM other.secret_orgs o JOIN other.secrets s ON s.id = o.secret_id;
         INSERT INTO main.verdicts (secret_id, state, checked_at, detail, owner, roles, impact)
             SELECT (SELECT id FROM main.secrets m WHERE m.hash = s.hash),
                    v.state, v.checked_at, v.detail, v.owner, v.roles, v.impact
             FROM other.verdicts v JOIN other.secrets s ON s.id = v.secret_id
             WHERE NOT EXISTS (
                 SELECT 1 FROM main.verdicts w JOIN main.secrets t ON t.id = w.secret_id
                 WHERE t.hash = s.hash AND w.state = v.state AND w.checked_at = v.checked_at
                   AND w.detail IS v.detail AND w.owner IS v.owner AND w.roles = v.roles
                   AND w.impact IS v.impact);",
    )?;
    // Triage: the newest change wins; different states are conflicts worth a line.
    let conflicts: Vec<String> = {
        let mut statement = tx.prepare(
            "SELECT s.hash, m.status, m.changed_at, o.status, o.changed_at
             FROM other.triage o JOIN other.secrets s ON s.id = o.secret_id
             JOIN main.secrets ms ON ms.hash = s.hash
             JOIN main.triage m ON m.secret_id = ms.id
             WHERE m.status != o.status",
        )?;
        let rows = statement.query_map([], |row| {
            let (hash, a, at, b, bt): (String, String, String, String, String) = (
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
            );
            let (winner, when) = if (bt.as_str(), b.as_str()) > (at.as_str(), a.as_str()) {
                (b.clone(), bt.clone())
            } else {
                (a.clone(), at.clone())
            };
            Ok(format!(
                "{}: triaged {a} ({at}) and {b} ({bt}); kept {winner}, the newer ({when})",
                crate::report::audit::short(&hash)
            ))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    tx.execute_batch(
        "INSERT INTO main.triage (secret_id, status, note, changed_at)
             SELECT (SELECT id FROM main.secrets m WHERE m.hash = s.hash), o.status, o.note, o.changed_at
             FROM other.triage o JOIN other.secrets s ON s.id = o.secret_id WHERE true
         ON CONFLICT (secret_id) DO UPDATE SET status = excluded.status, note = excluded.note,
             changed_at = excluded.changed_at
         WHERE (excluded.changed_at, excluded.status, COALESCE(excluded.note, ''))
             > (triage.changed_at, triage.status, COALESCE(triage.note, ''));",
    )?;
    tx.commit()?;
    Ok(conflicts)
}

fn write_checks(tx: &Transaction<'_>, checks: &[(String, Verification)]) -> rusqlite::Result<()> {
    let at = now();
    for (hash, verdict) in checks {
        let (owner, roles, impact) = match verdict.live() {
            Some(live) => (
                Some(live.owner.login.clone()),
                live.roles
                    .as_ref()
                    .map(|roles| {
                        roles
                            .iter()
                            .map(|r| r.kind.clone())
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
                    .unwrap_or_default(),
                serde_json::to_value(live.impact)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string)),
            ),
            None => (None, String::new(), None),
        };
        tx.execute(
            "INSERT INTO verdicts (secret_id, state, checked_at, detail, owner, roles, impact)
             SELECT id, ?2, ?3, ?4, ?5, ?6, ?7 FROM secrets WHERE hash = ?1",
            params![
                hash,
                verdict.status(),
                at,
                verdict.describe(),
                owner,
                roles,
                impact
            ],
        )?;
    }
    Ok(())
}

fn write_scan(
    tx: &Transaction<'_>,
    url: &str,
    scan: &RepoScan<'_>,
    store_secrets: bool,
) -> rusqlite::Result<()> {
    let (status, error) = if scan.complete {
        ("complete", None)
    } else {
        (
            "failed",
            Some("some objects could not be read, or the history is shallow: scanned whole next time"),
        )
    };
    tx.execute(
        "INSERT INTO repositories (url, status, error, default_branch, scanned_at, blobs_scanned)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (url) DO UPDATE SET status = ?2, error = ?3,
             default_branch = COALESCE(?4, default_branch), scanned_at = ?5,
             blobs_scanned = blobs_scanned + ?6",
        params![
            url,
            status,
            error,
            scan.default_branch,
            now(),
            scan.blobs as i64
        ],
    )?;
    let repository_id: i64 =
        tx.query_row("SELECT id FROM repositories WHERE url = ?1", [url], |row| {
            row.get(0)
        })?;
    if scan.complete {
        tx.execute(
            "UPDATE repositories SET mentions_okta = ?2, okta_org = ?3, settings = ?4
             WHERE id = ?1",
            params![
                repository_id,
                scan.known.mentions_okta,
                scan.known.org,
                scan.settings
            ],
        )?;
        tx.execute(
            "DELETE FROM ref_tips WHERE repository_id = ?1",
            [repository_id],
        )?;
        for (name, commit) in &scan.known.tips {
            tx.execute(
                "INSERT OR IGNORE INTO ref_tips (repository_id, name, commit_id) VALUES (?1, ?2, ?3)",
                params![repository_id, name, commit],
            )?;
        }
    }
    for finding in scan.findings {
        let crate::blob::Provenance::GitBlob {
            relative,
            blob,
            commit,
            ..
        } = &finding.provenance
        else {
            continue;
        };
        let hash = finding.secret.hash();
        let stored = store_secrets.then(|| finding.secret.expose().to_string());
        tx.execute(
            "INSERT INTO secrets (hash, redacted, secret, rule_id, org, client_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (hash) DO UPDATE SET secret = COALESCE(secret, ?3),
                 rule_id = MIN(rule_id, ?4), org = COALESCE(MIN(org, ?5), org, ?5),
                 client_id = COALESCE(MIN(client_id, ?6), client_id, ?6)",
            params![
                hash,
                finding.secret.redacted(),
                stored,
                finding.rule_id,
                finding.org,
                finding.client_id
            ],
        )?;
        if let Some(org) = &finding.org {
            tx.execute(
                "INSERT OR IGNORE INTO secret_orgs (secret_id, org)
                 SELECT id, ?2 FROM secrets WHERE hash = ?1",
                params![hash, org],
            )?;
        }
        let unix_time = gix::date::parse(&commit.date, None)
            .map(|t| t.seconds)
            .unwrap_or(0);
        tx.execute(
            "INSERT INTO locations
                 (secret_id, repository_id, path, line, col, blob, rule_id, commit_id, author,
                  date, unix_time)
             SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11 FROM secrets WHERE hash = ?1
             ON CONFLICT (secret_id, repository_id, path, blob, line, col) DO UPDATE SET
                 commit_id = excluded.commit_id, author = excluded.author,
                 date = excluded.date, unix_time = excluded.unix_time
             WHERE (excluded.unix_time, excluded.commit_id) < (unix_time, commit_id)",
            params![
                hash,
                repository_id,
                relative.to_string_lossy(),
                finding.location.start.line as i64,
                finding.location.start.column as i64,
                blob,
                finding.rule_id,
                commit.id,
                format!("{} <{}>", commit.author_name, commit.author_email),
                commit.date,
                unix_time,
            ],
        )?;
    }
    write_checks(tx, scan.checks)
}

/// One secret's row, before its places and checks are attached.
struct SecretRow {
    id: i64,
    hash: String,
    redacted: String,
    secret: Option<String>,
    rule_id: String,
    org: Option<String>,
    client_id: Option<String>,
}

fn read_report(conn: &Connection, show_secrets: bool) -> rusqlite::Result<AuditReport> {
    // Each secret's advice is its kind's, known by its rule id from the built-in rules (which
    // always load: they are checked by every test run).
    let rules = crate::rules::load_builtin().ok();
    let secrets: Vec<SecretRow> = conn
        .prepare("SELECT id, hash, redacted, secret, rule_id, org, client_id FROM secrets")?
        .query_map([], |row| {
            Ok(SecretRow {
                id: row.get(0)?,
                hash: row.get(1)?,
                redacted: row.get(2)?,
                secret: row.get(3)?,
                rule_id: row.get(4)?,
                org: row.get(5)?,
                client_id: row.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    // Places by secret, earliest commit first.
    let mut places: BTreeMap<i64, Vec<(i64, AuditLocation)>> = BTreeMap::new();
    let mut statement = conn.prepare(
        "SELECT l.secret_id, r.url, l.path, l.line, l.col, l.blob, l.commit_id, l.author, l.date,
                l.unix_time
         FROM locations l JOIN repositories r ON r.id = l.repository_id
         ORDER BY l.unix_time, r.url, l.path, l.line, l.col",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, i64>(9)?,
            AuditLocation {
                repository: row.get(1)?,
                path: row.get(2)?,
                line: row.get::<_, i64>(3)? as u64,
                column: row.get::<_, i64>(4)? as u64,
                blob: row.get(5)?,
                commit: row.get(6)?,
                author: row.get(7)?,
                date: row.get(8)?,
            },
        ))
    })?;
    for row in rows {
        let (secret_id, unix_time, location) = row?;
        places
            .entry(secret_id)
            .or_default()
            .push((unix_time, location));
    }
    let verdicts = latest_verdicts(conn)?;
    let triage = triage_states(conn)?;
    let mut out = Vec::new();
    for row in secrets {
        let located = places.remove(&row.id).unwrap_or_default();
        let first_leak = located.first().map(|(_, l)| AuditLeak {
            repository: l.repository.clone(),
            commit: l.commit.clone(),
            author: l.author.clone(),
            date: l.date.clone(),
        });
        let first_time = located.first().map_or(i64::MAX, |(t, _)| *t);
        let locations: Vec<AuditLocation> = located.into_iter().map(|(_, l)| l).collect();
        let repositories: BTreeSet<String> =
            locations.iter().map(|l| l.repository.clone()).collect();
        let verdict = verdicts.get(&row.id).cloned().unwrap_or(AuditVerdict {
            state: "not_checked".to_string(),
            ..AuditVerdict::default()
        });
        let mut triage = triage.get(&row.id).cloned().unwrap_or(AuditTriage {
            status: "open".to_string(),
            ..AuditTriage::default()
        });
        triage.revoked_but_live = triage.status == "revoked" && verdict.state == "live";
        // A rule the built-in rules do not have: its kind's advice is not known here.
        let remediation = rules
            .as_ref()
            .and_then(|rules| rules.kind_of_rule_id(&row.rule_id))
            .map(|kind| {
                crate::report::remediation::steps(
                    kind,
                    row.org.as_deref(),
                    row.client_id.as_deref(),
                )
            })
            .unwrap_or_default()
            .into_iter()
            .map(|s| AuditStep {
                title: s.title.to_string(),
                detail: s.detail,
            })
            .collect();
        out.push((
            first_time,
            AuditSecret {
                id: row.hash,
                redacted: row.redacted,
                secret: row.secret.filter(|_| show_secrets),
                rule_id: row.rule_id,
                org: row.org,
                verdict,
                triage,
                first_leak,
                repositories: repositories.into_iter().collect(),
                locations,
                remediation,
            },
        ));
    }
    // Live first, then oldest leak first; the id settles ties.
    out.sort_by(|(ta, a), (tb, b)| {
        (a.verdict.state != "live", *ta, &a.id).cmp(&(b.verdict.state != "live", *tb, &b.id))
    });
    let repositories = read_repositories(conn)?;
    let secrets: Vec<AuditSecret> = out.into_iter().map(|(_, s)| s).collect();
    let summary = summarize(&secrets, &repositories);
    Ok(AuditReport {
        generated_at: now(),
        summary,
        secrets,
        repositories,
    })
}

fn latest_verdicts(conn: &Connection) -> rusqlite::Result<BTreeMap<i64, AuditVerdict>> {
    let mut statement = conn.prepare(
        "SELECT secret_id, state, checked_at, detail, owner, roles, impact FROM verdicts v
         WHERE id = (SELECT id FROM verdicts w WHERE w.secret_id = v.secret_id
                     -- A check with no clear answer does not undo one that had it.
                     ORDER BY w.state IN ('live', 'inactive') DESC, checked_at DESC, id DESC
                     LIMIT 1)",
    )?;
    let rows = statement.query_map([], |row| {
        let roles: String = row.get(5)?;
        Ok((
            row.get::<_, i64>(0)?,
            AuditVerdict {
                state: row.get(1)?,
                checked_at: row.get(2)?,
                detail: row.get(3)?,
                owner: row.get(4)?,
                roles: roles.lines().map(str::to_string).collect(),
                impact: row.get(6)?,
            },
        ))
    })?;
    rows.collect()
}

fn triage_states(conn: &Connection) -> rusqlite::Result<BTreeMap<i64, AuditTriage>> {
    let mut statement = conn.prepare("SELECT secret_id, status, note, changed_at FROM triage")?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            AuditTriage {
                status: row.get(1)?,
                note: row.get(2)?,
                changed_at: row.get(3)?,
                revoked_but_live: false,
            },
        ))
    })?;
    rows.collect()
}

fn read_repositories(conn: &Connection) -> rusqlite::Result<Vec<AuditRepository>> {
    let mut statement = conn.prepare(
        "SELECT r.url, r.status, r.scanned_at, r.blobs_scanned, r.error,
                (SELECT COUNT(DISTINCT secret_id) FROM locations l WHERE l.repository_id = r.id)
         FROM repositories r ORDER BY r.url",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(AuditRepository {
            url: row.get(0)?,
            status: row.get(1)?,
            scanned_at: row.get(2)?,
            blobs_scanned: row.get::<_, i64>(3)? as u64,
            error: row.get(4)?,
            secrets: row.get::<_, i64>(5)? as u64,
        })
    })?;
    rows.collect()
}

fn summarize(secrets: &[AuditSecret], repositories: &[AuditRepository]) -> AuditSummary {
    let count = |state: &str| secrets.iter().filter(|s| s.verdict.state == state).count() as u64;
    let open: Vec<&AuditSecret> = secrets
        .iter()
        .filter(|s| s.triage.status == "open")
        .collect();
    AuditSummary {
        secrets: secrets.len() as u64,
        live: count("live"),
        inactive: count("inactive"),
        unknown: count("unknown"),
        not_checked: count("not_checked"),
        open: open.len() as u64,
        repositories: repositories.len() as u64,
        repositories_affected: repositories.iter().filter(|r| r.secrets > 0).count() as u64,
        repositories_failed: repositories.iter().filter(|r| r.status == "failed").count() as u64,
        // Secrets are sorted by first leak within each verdict group: take the earliest.
        oldest_open_leak: open
            .iter()
            .filter_map(|s| s.first_leak.as_ref())
            .map(|l| {
                (
                    gix::date::parse(&l.date, None).map_or(i64::MAX, |t| t.seconds),
                    l,
                )
            })
            .min_by_key(|(t, _)| *t)
            .map(|(_, l)| l.date.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_datastore_gets_every_migration_and_a_newer_one_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.db");
        let store = Datastore::open(&path).expect("created");
        let version: i64 = store
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .expect("version");
        assert_eq!(version as usize, schema::MIGRATIONS.len());
        drop(store);
        // Opening again applies nothing and keeps the data.
        Datastore::open(&path)
            .expect("reopened")
            .start("repo")
            .expect("written");
        let conn = Connection::open(&path).expect("sqlite");
        conn.pragma_update(None, "user_version", 99).expect("bump");
        drop(conn);
        let refused = Datastore::open(&path).err().map(|e| e.to_string());
        assert!(
            refused
                .as_deref()
                .is_some_and(|e| e.contains("schema version 99")),
            "{refused:?}"
        );
    }

    #[test]
    fn a_check_with_no_clear_answer_does_not_undo_one_that_had_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Datastore::open(&dir.path().join("a.db")).expect("created");
        store
            .conn
            .execute_batch(
                "INSERT INTO secrets (id, hash, redacted, rule_id) VALUES (1, 'ab', '00…', 'r');
                 INSERT INTO verdicts (secret_id, state, checked_at) VALUES
                     (1, 'live', '2026-01-01T00:00:00+00:00'),
                     (1, 'unknown', '2026-02-01T00:00:00+00:00'),
                     (1, 'not_checked', '2026-03-01T00:00:00+00:00');",
            )
            .expect("rows");
        let verdict = |store: &Datastore| {
            store.report(false).expect("report").secrets[0]
                .verdict
                .state
                .clone()
        };
        assert_eq!(verdict(&store), "live");
        store
            .conn
            .execute(
                "INSERT INTO verdicts (secret_id, state, checked_at) VALUES (1, 'inactive', '2026-04-01T00:00:00+00:00')",
                [],
            )
            .expect("row");
        assert_eq!(verdict(&store), "inactive");
    }

    #[test]
    fn triage_needs_an_id_that_names_one_secret() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Datastore::open(&dir.path().join("a.db")).expect("created");
        for (hash, n) in [("abcdef0011", 1), ("abcdef0022", 2)] {
            store
                .conn
                .execute(
                    "INSERT INTO secrets (hash, redacted, rule_id) VALUES (?1, ?2, 'r')",
                    params![hash, format!("00…{n}")],
                )
                .expect("insert");
        }
        let mut err = |ids: &[&str]| {
            let ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
            store
                .triage(&ids, "revoked", None)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(err(&["abcdef00"]).contains("more than one"));
        assert!(err(&["ffffffff"]).contains("no secret"));
        assert!(err(&["abc"]).contains("not a secret id"));
        let done = store
            .triage(&["ABCDEF0011".to_string()], "revoked", Some("rotated"))
            .expect("one secret");
        assert_eq!(done, vec!["abcdef0011".to_string()]);
        let report = store.report(false).expect("report");
        let triaged: Vec<&str> = report
            .secrets
            .iter()
            .map(|s| s.triage.status.as_str())
            .collect();
        assert_eq!(triaged.iter().filter(|s| **s == "revoked").count(), 1);
    }
}
