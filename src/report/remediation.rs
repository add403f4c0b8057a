//! What to do about a leaked Okta API token, in one place for every report format.
//!
//! Facts from Okta's docs: a token is valid until revoked, its owner is deactivated, or it
//! goes 30 days unused, and every API call restarts that clock. Events it caused carry
//! `transaction.detail.requestApiTokenId` in the System Log.

use crate::verdict::Verification;

const REVOKE_TITLE: &str = "Revoke the token now";

/// One step of the advice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Short imperative title.
    pub title: &'static str,
    /// Plain-text detail.
    pub detail: String,
}

/// Where an org's admin console lists its API tokens.
pub fn tokens_page(org: &str) -> Option<String> {
    let rest = org.strip_prefix("https://")?;
    let (sub, suffix) = rest.split_once('.')?;
    Some(format!(
        "https://{sub}-admin.{suffix}/admin/access/api/tokens"
    ))
}

/// The steps, made specific to an org when one is known.
pub fn steps(org: Option<&str>) -> Vec<Step> {
    let console = org.and_then(tokens_page).map_or_else(
        || "the Admin Console".to_string(),
        |url| format!("the Admin Console ({url})"),
    );
    let api = org.unwrap_or("https://<your-org>.okta.com");
    vec![
        Step {
            title: REVOKE_TITLE,
            detail: format!(
                "In {console}: Security > API > Tokens, find the token and revoke it; or, holding \
                 the token, call DELETE {api}/api/v1/api-tokens/current with it. Removing it from \
                 the code does not help: the token stays valid until revoked, and every use \
                 extends its 30-day life."
            ),
        },
        Step {
            title: "Check what it did",
            detail: format!(
                "Search the System Log ({api}/api/v1/logs, or Reports > System Log) for \
                 system.api_token.* events, and for events whose \
                 transaction.detail.requestApiTokenId is the token's id (00T...), since the \
                 leak."
            ),
        },
        Step {
            title: "Replace it",
            detail: "Use a scoped OAuth 2.0 service app instead of an SSWS token; if a token is \
                     unavoidable, create it for a least-privilege service account and restrict it \
                     to a network zone."
                .to_string(),
        },
        Step {
            title: "Remove it from the code and history",
            detail: "Load the replacement from a secret store or environment variable, and \
                     rewrite git history (git filter-repo) if the repository is shared; assume \
                     every clone still holds the old token."
                .to_string(),
        },
    ]
}

/// The steps for a token whose verdict is known: an inactive token (already rejected by
/// its org) has nothing to revoke, only its past use to check and its code to clean; every
/// other verdict (live, unknown, not checked) is treated as live.
pub fn steps_for(org: Option<&str>, verification: &Verification) -> Vec<Step> {
    let mut steps = steps(org);
    if matches!(verification, Verification::Inactive { .. }) {
        steps.retain(|s| s.title != REVOKE_TITLE);
        steps.insert(
            0,
            Step {
                title: "Nothing to revoke",
                detail: "Okta already rejects this token (revoked, expired, or its owner \
                         deactivated); it cannot be used again."
                    .to_string(),
            },
        );
    }
    steps
}

/// The one-line fix a text report prints for a token with this verdict.
pub fn fix_line(org: Option<&str>, verification: &Verification) -> String {
    let page = org
        .and_then(tokens_page)
        .unwrap_or_else(|| "the org's Admin Console, Security > API > Tokens".to_string());
    match verification {
        Verification::Inactive { .. } => {
            "nothing to revoke (Okta rejects it); remove it from the code and check the System Log for its past use".to_string()
        }
        Verification::Unknown { .. } => {
            format!("its check could not be made: treat it as live, revoke it in {page}, then check the System Log")
        }
        Verification::Live(_) | Verification::NotChecked { .. } => {
            format!("revoke it now in {page}, then check the System Log")
        }
    }
}

/// The steps as numbered plain text.
pub fn as_text(org: Option<&str>) -> String {
    steps(org)
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{}. {}: {}", i + 1, s.title, s.detail))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The steps as a Markdown list, for SARIF rule help.
pub fn as_markdown(org: Option<&str>) -> String {
    steps(org)
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{}. **{}.** {}", i + 1, s.title, s.detail))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_console_url() {
        assert_eq!(
            tokens_page("https://acme.okta.com").as_deref(),
            Some("https://acme-admin.okta.com/admin/access/api/tokens")
        );
        assert!(
            as_text(Some("https://acme.oktapreview.com")).contains("acme-admin.oktapreview.com")
        );
    }
}
