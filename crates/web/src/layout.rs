//! What every page shares: translations, the signed-in user and the navigation.

use crate::auth::InTenant;
use crate::i18n::Tr;
use domain::access::{Permission, Principal};

#[derive(Debug, Clone)]
pub struct Layout {
    pub tr: Tr,
    pub title: String,
    pub user_name: Option<String>,
    /// The pemda being worked in: code and name.
    pub tenant: Option<(String, String)>,
    /// The navigation entry to highlight.
    pub section: &'static str,
    pub can_view_audit: bool,
    pub can_manage_users: bool,
    pub is_national: bool,
}

impl Layout {
    /// A page outside any pemda and without a user (login, errors).
    pub fn bare(tr: Tr, title: &str) -> Self {
        Layout {
            tr,
            title: title.to_owned(),
            user_name: None,
            tenant: None,
            section: "",
            can_view_audit: false,
            can_manage_users: false,
            is_national: false,
        }
    }

    /// A page of the signed-in user outside a pemda (account, pemda list).
    pub fn user(tr: Tr, principal: &Principal, title: &str, section: &'static str) -> Self {
        Layout {
            user_name: Some(principal.display_name.clone()),
            is_national: principal.is_national_admin(),
            section,
            ..Layout::bare(tr, title)
        }
    }

    /// A page inside a pemda.
    pub fn tenant(tr: Tr, scope: &InTenant, title: &str, section: &'static str) -> Self {
        Layout {
            tenant: Some((scope.tenant.code.clone(), scope.tenant.name.clone())),
            can_view_audit: scope.may(Permission::ViewAudit),
            can_manage_users: scope.may(Permission::ManageUsers),
            ..Layout::user(tr, &scope.principal, title, section)
        }
    }

    /// `/pemda/{code}` of the current pemda, for links.
    pub fn base(&self) -> String {
        self.tenant.as_ref().map(|(code, _)| format!("/pemda/{code}")).unwrap_or_default()
    }

    pub fn nav_class(&self, section: &str) -> &'static str {
        if self.section == section { "active" } else { "" }
    }

    pub fn lang(&self) -> &'static str {
        self.tr.0.tag()
    }
}
