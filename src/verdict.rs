//! What verification concluded about one token: the verdict every report prints, with the
//! owner and the admin roles of a live token. Field names are part of the JSON and SARIF
//! output (documented in README, "Verification").

use serde::Serialize;

/// Said of every live token in every report: the check itself used the token.
pub const EXTENDED_LIFE: &str =
    "verification used this token, which extended its 30-day life; revoke it now";

/// The verdict on one token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Verification {
    /// Nothing was sent: verification was not asked for, or no org was known.
    NotChecked {
        /// Why, when verification was asked for.
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// An org answered with the token's owner: anyone holding it can act as them.
    Live(Box<Live>),
    /// Every org tried rejected it as invalid, revoked or expired (`E0000011`).
    Inactive {
        /// The orgs that rejected it.
        orgs_tried: Vec<String>,
    },
    /// No org gave a clear answer.
    Unknown {
        /// What went wrong, per org.
        reason: String,
        /// The orgs tried.
        orgs_tried: Vec<String>,
    },
}

impl Default for Verification {
    fn default() -> Self {
        Verification::NotChecked { reason: None }
    }
}

impl Verification {
    /// `live`, `inactive`, `unknown` or `not_checked`.
    pub fn status(&self) -> &'static str {
        match self {
            Verification::NotChecked { .. } => "not_checked",
            Verification::Live(_) => "live",
            Verification::Inactive { .. } => "inactive",
            Verification::Unknown { .. } => "unknown",
        }
    }

    /// The live details, when live.
    pub fn live(&self) -> Option<&Live> {
        match self {
            Verification::Live(live) => Some(live),
            _ => None,
        }
    }

    /// Report order: live first (worst impact first), then unknown and unchecked, then
    /// inactive.
    pub fn rank(&self) -> (u8, Impact) {
        match self {
            Verification::Live(live) => (0, live.impact),
            Verification::Unknown { .. } => (1, Impact::Unknown),
            Verification::NotChecked { .. } => (2, Impact::Unknown),
            Verification::Inactive { .. } => (3, Impact::Unknown),
        }
    }

    /// One line for people, without the token.
    pub fn describe(&self) -> String {
        match self {
            Verification::NotChecked { reason: None } => "not checked".to_string(),
            Verification::NotChecked {
                reason: Some(reason),
            } => format!("not checked: {reason}"),
            Verification::Live(live) => {
                let roles = match &live.roles {
                    Some(roles) if roles.is_empty() => "no admin roles".to_string(),
                    Some(roles) => roles
                        .iter()
                        .map(Role::describe)
                        .collect::<Vec<_>>()
                        .join(", "),
                    None => format!(
                        "roles unknown ({})",
                        live.roles_unknown.as_deref().unwrap_or("not read")
                    ),
                };
                let mut line = format!(
                    "LIVE at {}: owner {} ({}, {}); {roles}; impact {}",
                    live.org,
                    live.owner.login,
                    live.owner.id,
                    live.owner.status,
                    live.impact.as_str()
                );
                if let Some(revocation) = &live.revocation {
                    line.push_str(&format!("; {}", revocation.describe()));
                }
                line
            }
            Verification::Inactive { orgs_tried } => {
                format!("inactive (rejected by {})", orgs_tried.join(", "))
            }
            Verification::Unknown { reason, .. } => format!("unknown: {reason}"),
        }
    }
}

/// A live token: where, whose, and what it can do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Live {
    /// The org that accepted it, such as `https://acme.okta.com`.
    pub org: String,
    /// The user the token acts as.
    pub owner: Owner,
    /// The owner's admin roles now (a token has its owner's current rights); `None` when
    /// they could not be read.
    pub roles: Option<Vec<Role>>,
    /// Why the roles are unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles_unknown: Option<String>,
    /// How much harm the token can do, from the roles.
    pub impact: Impact,
    /// What `--revoke-live` did, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revocation: Option<Revocation>,
    /// [`EXTENDED_LIFE`].
    pub note: &'static str,
}

/// The token's owner, from `GET /api/v1/users/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Owner {
    /// User id (`00u…`).
    pub id: String,
    /// `profile.login`.
    pub login: String,
    /// `ACTIVE`, `SUSPENDED`, …
    pub status: String,
}

/// One admin role assignment, from `GET /api/v1/users/{id}/roles`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Role {
    /// `SUPER_ADMIN`, `READ_ONLY_ADMIN`, `CUSTOM`, or a type this version does not know.
    #[serde(rename = "type")]
    pub kind: String,
    /// Okta's label (the custom role's name for `CUSTOM`).
    pub label: Option<String>,
    /// `USER` or `GROUP`.
    pub assignment_type: Option<String>,
}

impl Role {
    fn describe(&self) -> String {
        match &self.label {
            Some(label) if self.kind == "CUSTOM" => format!("CUSTOM ({label})"),
            _ => self.kind.clone(),
        }
    }
}

/// How much a live token can do, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Super or org admin: the whole org.
    Critical,
    /// Roles could not be read: assume the worst after critical.
    Unknown,
    /// An admin role over apps, users, groups, policies, workflows, or a custom role.
    High,
    /// Read-only or report admin: can read every user and setting.
    Medium,
    /// No admin role: the owner's own account only.
    Low,
}

impl Impact {
    /// From the owner's roles (`None`: unknown). Role types this version does not know
    /// count as high.
    pub fn of(roles: Option<&[Role]>) -> Impact {
        let Some(roles) = roles else {
            return Impact::Unknown;
        };
        roles
            .iter()
            .map(|r| match r.kind.as_str() {
                "SUPER_ADMIN" | "ORG_ADMIN" => Impact::Critical,
                "READ_ONLY_ADMIN" | "REPORT_ADMIN" => Impact::Medium,
                _ => Impact::High,
            })
            .min()
            .unwrap_or(Impact::Low)
    }

    /// The name reports use.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Critical => "critical",
            Impact::Unknown => "unknown",
            Impact::High => "high",
            Impact::Medium => "medium",
            Impact::Low => "low",
        }
    }
}

/// The outcome of revoking a live token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Revocation {
    /// `DELETE /api/v1/api-tokens/current` answered 204 and the token is now rejected.
    Revoked,
    /// The revocation failed or could not be confirmed.
    Failed {
        /// Why.
        reason: String,
    },
}

impl Revocation {
    /// One line for people.
    pub fn describe(&self) -> String {
        match self {
            Revocation::Revoked => "revoked (confirmed: the org now rejects it)".to_string(),
            Revocation::Failed { reason } => format!("revocation FAILED: {reason}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(kind: &str) -> Role {
        Role {
            kind: kind.to_string(),
            label: None,
            assignment_type: None,
        }
    }

    #[test]
    fn impact_follows_the_strongest_role() {
        assert_eq!(Impact::of(None), Impact::Unknown);
        assert_eq!(Impact::of(Some(&[])), Impact::Low);
        assert_eq!(Impact::of(Some(&[role("READ_ONLY_ADMIN")])), Impact::Medium);
        assert_eq!(
            Impact::of(Some(&[role("READ_ONLY_ADMIN"), role("SUPER_ADMIN")])),
            Impact::Critical
        );
        assert_eq!(Impact::of(Some(&[role("SOMETHING_NEW")])), Impact::High);
        assert!(Impact::Critical < Impact::Unknown && Impact::High < Impact::Low);
    }

    #[test]
    fn serialises_with_a_status_tag() {
        let v = Verification::Inactive {
            orgs_tried: vec!["https://acme.okta.com".into()],
        };
        assert_eq!(
            serde_json::to_value(&v).unwrap(),
            serde_json::json!({"status": "inactive", "orgs_tried": ["https://acme.okta.com"]})
        );
        assert_eq!(
            serde_json::to_value(Verification::default()).unwrap(),
            serde_json::json!({"status": "not_checked"})
        );
    }
}
