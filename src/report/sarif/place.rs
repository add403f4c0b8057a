//! Which SARIF results a scan's findings become: one per place a secret is in.
//!
//! GitHub code scanning reads only a result's first location, so a secret in five files is
//! five results (each its own alert, annotated where it is), each listing the secret's other
//! places as related locations. A place is a copy of a secret in one file: the n-th copy of
//! it in that file under one rule and suppression state. In a history scan the same copy in
//! later versions of the file (other blobs at the same path) is the same place, reported once
//! at its earliest finding. Secrets come worst first, as GitHub shows the first results.

use std::cmp::Reverse;
use std::collections::HashMap;

use crate::blob::Provenance;
use crate::finding::Finding;
use crate::secret::hex_digest;

/// One copy of a secret: the findings that are that copy (several only in history).
pub(super) struct Place<'f> {
    /// The copy's findings in report order; the first is the one the result points at.
    pub findings: Vec<&'f Finding>,
    /// 1-based: which copy of the token in its file this is, in line order.
    pub ordinal: usize,
}

impl Place<'_> {
    /// The finding the result points at.
    pub fn lead(&self) -> &Finding {
        self.findings[0]
    }

    /// The `partialFingerprints` value: rule, secret hash, a hash of the path and the copy's
    /// ordinal in its file. Moving the line within the file, or moving another copy to another
    /// file, leaves it as it is, so GitHub keeps that alert open rather than reopening it.
    pub fn fingerprint(&self, rule_id: &str) -> String {
        let lead = self.lead();
        let path = lead.provenance.path().to_string_lossy();
        let path_hash = hex_digest(&[b"oktaleaks-path-v1\0", path.as_bytes()]);
        format!(
            "{rule_id}:{}:{}:{}",
            lead.secret.hash(),
            &path_hash[..16],
            self.ordinal
        )
    }
}

/// Every place of one token, reported or suppressed alike, whichever rule found each.
pub(super) struct Secret<'f> {
    /// In report order (path, line, column).
    pub places: Vec<Place<'f>>,
}

impl Secret<'_> {
    /// The finding that ranks the secret.
    pub fn lead(&self) -> &Finding {
        self.places[0].lead()
    }

    /// How many findings the secret has, over all places.
    pub fn occurrences(&self) -> usize {
        self.places.iter().map(|p| p.findings.len()).sum()
    }
}

/// What makes findings one secret: the token, and whether it is suppressed (a suppressed copy
/// must not hide a reported one). Not the rule: a token pasted from a `.env` file into a
/// `curl` line is one secret in two places, found by two rules.
type SecretKey<'f> = (&'f str, bool);

/// Groups findings (already sorted by path and line) into secrets and their places, and
/// orders the secrets worst first: reported before suppressed, live before the rest,
/// inactive last, certain before likely, then by where they first appear.
pub(super) fn secrets(findings: &[Finding]) -> Vec<Secret<'_>> {
    let mut secret_index: HashMap<SecretKey<'_>, usize> = HashMap::new();
    // The copies seen so far in each blob, to number them.
    let mut copies_in_blob: HashMap<(SecretKey<'_>, &Provenance), usize> = HashMap::new();
    let mut place_index: HashMap<(SecretKey<'_>, &std::path::Path, usize), usize> = HashMap::new();
    let mut secrets: Vec<Secret<'_>> = Vec::new();
    for f in findings {
        let key = (f.secret.expose(), f.suppression.is_some());
        let s = *secret_index.entry(key).or_insert_with(|| {
            secrets.push(Secret { places: Vec::new() });
            secrets.len() - 1
        });
        let ordinal = copies_in_blob.entry((key, &f.provenance)).or_insert(0);
        *ordinal += 1;
        let place_key = (key, f.provenance.path(), *ordinal);
        match place_index.get(&place_key) {
            Some(&p) => secrets[s].places[p].findings.push(f),
            None => {
                place_index.insert(place_key, secrets[s].places.len());
                secrets[s].places.push(Place {
                    findings: vec![f],
                    ordinal: *ordinal,
                });
            }
        }
    }
    let rank = |s: &Secret<'_>| {
        let f = s.lead();
        let most_certain = s.places.iter().map(|p| Reverse(p.lead().confidence)).min();
        (f.suppression.is_some(), f.verification.rank(), most_certain)
    };
    secrets.sort_by(|a, b| {
        rank(a)
            .cmp(&rank(b))
            .then_with(|| a.lead().sort_key().cmp(&b.lead().sort_key()))
    });
    secrets
}
