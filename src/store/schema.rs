//! The datastore's tables, as numbered migrations. A datastore records the number of the last
//! migration applied (`PRAGMA user_version`); opening one applies the rest, in order, each in
//! its own transaction, and refuses a datastore from a newer oktaleaks.

/// Each migration's SQL; migration `n` (1-based) is `MIGRATIONS[n - 1]`. Append only: a
/// released migration never changes.
pub const MIGRATIONS: &[&str] = &[
    // 1: repositories, their ref tips, secrets, where they were found, checks, triage.
    "
    CREATE TABLE repositories (
        id            INTEGER PRIMARY KEY,
        url           TEXT NOT NULL UNIQUE,   -- clone URL or local path, as the audit named it
        default_branch TEXT,
        status        TEXT NOT NULL,          -- in-progress | complete | failed
        error         TEXT,                   -- why the last audit of it failed
        scanned_at    TEXT,                   -- end of the last complete audit (RFC 3339)
        blobs_scanned INTEGER NOT NULL DEFAULT 0
    );
    -- The ref tips of the last complete audit: unchanged tips mean nothing new to scan.
    CREATE TABLE ref_tips (
        repository_id INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
        name          TEXT NOT NULL,
        commit_id     TEXT NOT NULL,
        PRIMARY KEY (repository_id, name)
    );
    CREATE TABLE secrets (
        id       INTEGER PRIMARY KEY,
        hash     TEXT NOT NULL UNIQUE,        -- one-way hash of the token: its id everywhere
        redacted TEXT NOT NULL,
        secret   TEXT,                        -- the token, only with --store-secrets
        rule_id  TEXT NOT NULL,
        org      TEXT                         -- the org named beside it, first seen
    );
    CREATE TABLE locations (
        secret_id     INTEGER NOT NULL REFERENCES secrets(id),
        repository_id INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
        path          TEXT NOT NULL,
        line          INTEGER NOT NULL,
        col           INTEGER NOT NULL,
        blob          TEXT NOT NULL,
        rule_id       TEXT NOT NULL,
        commit_id     TEXT NOT NULL,
        author        TEXT NOT NULL,
        date          TEXT NOT NULL,          -- author date, RFC 3339
        unix_time     INTEGER NOT NULL,       -- the same, for ordering across time zones
        UNIQUE (secret_id, repository_id, path, blob, line, col)
    );
    CREATE INDEX locations_by_repository ON locations (repository_id);
    -- Every check made, kept: the latest per secret is its verdict.
    CREATE TABLE verdicts (
        id         INTEGER PRIMARY KEY,
        secret_id  INTEGER NOT NULL REFERENCES secrets(id),
        state      TEXT NOT NULL,             -- live | inactive | unknown | not_checked
        checked_at TEXT NOT NULL,
        detail     TEXT,
        owner      TEXT,
        roles      TEXT NOT NULL DEFAULT '',  -- one per line
        impact     TEXT
    );
    CREATE TABLE triage (
        secret_id  INTEGER PRIMARY KEY REFERENCES secrets(id),
        status     TEXT NOT NULL,             -- open | revoked | false-positive | accepted-risk
        note       TEXT,
        changed_at TEXT NOT NULL
    );
    ",
    // 2: what a repository's scanned history says about Okta (context for a bare token in
    // its next commits), and the settings it was scanned with (other rules: scan it whole).
    "
    ALTER TABLE repositories ADD COLUMN mentions_okta INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE repositories ADD COLUMN okta_org TEXT;
    ALTER TABLE repositories ADD COLUMN settings TEXT;
    ",
    // 3: every org named beside a secret, not just one: a later check tries each.
    "
    CREATE TABLE secret_orgs (
        secret_id INTEGER NOT NULL REFERENCES secrets(id),
        org       TEXT NOT NULL,
        PRIMARY KEY (secret_id, org)
    );
    INSERT INTO secret_orgs (secret_id, org) SELECT id, org FROM secrets WHERE org IS NOT NULL;
    ",
    // 4: the client id named beside a client secret or private key: its check needs it.
    "
    ALTER TABLE secrets ADD COLUMN client_id TEXT;
    ",
];
