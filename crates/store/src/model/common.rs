//! Who changed something, list paging and search.

use domain::{OpdId, UserId};
use serde::Serialize;

/// Who made a change, as recorded in the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<UserId>,
    pub name: String,
}

impl Actor {
    pub fn user(id: UserId, username: &str) -> Self {
        Actor { user_id: Some(id), name: username.to_owned() }
    }

    /// A change made from the command line on the server.
    pub fn system(what: &str) -> Self {
        Actor { user_id: None, name: format!("sistem:{what}") }
    }
}

/// Search and paging for list pages.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub search: Option<String>,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
    /// Narrows units and positions to one OPD.
    pub opd: Option<OpdId>,
}

impl ListQuery {
    pub const DEFAULT_PER_PAGE: u32 = 25;

    pub(crate) fn limit(&self) -> i64 {
        i64::from(self.per_page.clamp(1, 200))
    }

    pub(crate) fn offset(&self) -> i64 {
        i64::from(self.page.max(1) - 1) * self.limit()
    }

    pub(crate) fn pattern(&self) -> Option<String> {
        self.search.as_deref().and_then(like_pattern)
    }
}

/// The case-insensitive `LIKE` pattern that finds `text` anywhere, with
/// `%`, `_` and `\` escaped. Control characters are dropped: PostgreSQL
/// refuses NUL in text, and none of them can match a stored name.
pub(crate) fn like_pattern(text: &str) -> Option<String> {
    let text = text.trim();
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.to_lowercase().chars().filter(|c| !c.is_control()) {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    (pattern.len() > 2).then_some(pattern)
}

#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl<T> Page<T> {
    pub fn pages(&self) -> u32 {
        let per_page = i64::from(self.per_page.max(1));
        u32::try_from((self.total + per_page - 1) / per_page).unwrap_or(u32::MAX).max(1)
    }
}
