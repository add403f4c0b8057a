//! What to do about a leaked credential, in one place for every report format: the kind's
//! remediation texts (`rules/`), made specific to an org and a client id when they are known.
//!
//! Facts from Okta's docs: an API token is valid until revoked, its owner is deactivated, or
//! it goes 30 days unused, and every API call restarts that clock; a client secret or a
//! service-app key until it is deactivated in its app (docs/okta-credentials.md).

use crate::rules::Kind;
use crate::verdict::Verification;

const NOTHING_TO_REVOKE: &str = "Nothing to revoke";

/// One step of the advice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Short imperative title.
    pub title: String,
    /// Plain-text detail.
    pub detail: String,
}

/// Where an org's Admin Console manages credentials of `kind` (its API tokens, its apps).
pub fn console_page(kind: &Kind, org: &str) -> Option<String> {
    let rest = org.strip_prefix("https://")?;
    let (sub, suffix) = rest.split_once('.')?;
    Some(format!(
        "https://{sub}-admin.{suffix}{}",
        kind.report.console_path
    ))
}

/// The page, or the kind's words for it when no org is known.
fn page_or_fallback(kind: &Kind, org: Option<&str>) -> String {
    org.and_then(|o| console_page(kind, o))
        .unwrap_or_else(|| kind.report.console_fallback.clone())
}

/// A kind's template with `{console}`, `{page}`, `{api}` and `{client_id}` filled in.
fn fill(template: &str, kind: &Kind, org: Option<&str>, client_id: Option<&str>) -> String {
    let console = org.and_then(|o| console_page(kind, o)).map_or_else(
        || "the Admin Console".to_string(),
        |url| format!("the Admin Console ({url})"),
    );
    template
        .replace("{console}", &console)
        .replace("{page}", &page_or_fallback(kind, org))
        .replace("{api}", org.unwrap_or("https://<your-org>.okta.com"))
        .replace("{client_id}", client_id.unwrap_or("client id unknown"))
}

/// The steps, made specific to an org and a client id when known.
pub fn steps(kind: &Kind, org: Option<&str>, client_id: Option<&str>) -> Vec<Step> {
    kind.report
        .steps
        .iter()
        .map(|(title, detail)| Step {
            title: title.clone(),
            detail: fill(detail, kind, org, client_id),
        })
        .collect()
}

/// The steps for a credential whose verdict is known: an inactive one (already rejected by
/// its org) has nothing to revoke, only its past use to check and its code to clean; every
/// other verdict (live, unknown, not checked) is treated as live.
pub fn steps_for(
    kind: &Kind,
    org: Option<&str>,
    client_id: Option<&str>,
    verification: &Verification,
) -> Vec<Step> {
    let mut steps = steps(kind, org, client_id);
    if matches!(verification, Verification::Inactive { .. }) && !steps.is_empty() {
        steps.remove(0);
        steps.insert(
            0,
            Step {
                title: NOTHING_TO_REVOKE.to_string(),
                detail: kind.report.inactive.clone(),
            },
        );
    }
    steps
}

/// The one-line fix a text report prints for a credential with this verdict.
pub fn fix_line(
    kind: &Kind,
    org: Option<&str>,
    client_id: Option<&str>,
    verification: &Verification,
) -> String {
    let template = match verification {
        Verification::Inactive { .. } => &kind.report.fix_inactive,
        Verification::Unknown { .. } => &kind.report.fix_unknown,
        Verification::Live(_) | Verification::NotChecked { .. } => &kind.report.fix_live,
    };
    fill(template, kind, org, client_id)
}

/// Where to go for this kind: its Admin Console page, or the kind's words for it.
pub fn where_to(kind: &Kind, org: Option<&str>) -> String {
    page_or_fallback(kind, org)
}

/// What to do, as one sentence for a SARIF result (`act`).
pub fn act_line(kind: &Kind, org: Option<&str>, client_id: Option<&str>) -> String {
    fill(&kind.report.act, kind, org, client_id)
}

/// The steps as numbered plain text.
pub fn as_text(kind: &Kind, org: Option<&str>) -> String {
    steps(kind, org, None)
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{}. {}: {}", i + 1, s.title, s.detail))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The steps as a Markdown list, for SARIF rule help.
pub fn as_markdown(kind: &Kind, org: Option<&str>) -> String {
    steps(kind, org, None)
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
        let rules = crate::rules::load_builtin().expect("built-in rules");
        let token = &rules.kinds[0];
        assert_eq!(
            console_page(token, "https://acme.okta.com").as_deref(),
            Some("https://acme-admin.okta.com/admin/access/api/tokens")
        );
        assert!(as_text(token, Some("https://acme.oktapreview.com"))
            .contains("acme-admin.oktapreview.com"));
        assert!(as_text(token, None)
            .contains("DELETE https://<your-org>.okta.com/api/v1/api-tokens/current"));
        // Every kind's templates are filled: no placeholder reaches a report.
        for kind in &rules.kinds {
            for org in [None, Some("https://acme.okta.com")] {
                let text = as_text(kind, org)
                    + &fix_line(kind, org, Some("0oa1"), &Verification::default());
                assert!(
                    !text.contains('{') && !text.contains('}'),
                    "{}: {text}",
                    kind.id
                );
            }
        }
    }
}
