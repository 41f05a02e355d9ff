//! Who owns an item: the team or person the to-do list, the drafts and the
//! digest name (SPEC §11).
//!
//! An item's own `owner:` wins; else `[owners]` in `closeloop.toml` maps its
//! area; else the `"*"` entry; else nobody. Ownership is resolved when it is
//! shown, never stored, so editing `[owners]` re-assigns every item at once.

use crate::model::Item;
use std::collections::BTreeMap;

/// The `[owners]` table: area → owner, and the `"*"` fallback.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Owners {
    by_area: BTreeMap<String, String>,
    fallback: Option<String>,
}

/// The key of the fallback entry.
pub(crate) const ANYONE_ELSE: &str = "*";

impl Owners {
    /// From `(area, owner)` pairs as written; `"*"` is the fallback.
    pub fn new<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> Owners {
        let mut owners = Owners::default();
        for (area, owner) in entries {
            if area == ANYONE_ELSE {
                owners.fallback = Some(owner.to_owned());
            } else {
                owners.by_area.insert(area.to_owned(), owner.to_owned());
            }
        }
        owners
    }

    /// Who owns an area by configuration alone.
    pub fn of_area(&self, area: &str) -> Option<&str> {
        self.by_area
            .get(area)
            .or(self.fallback.as_ref())
            .map(String::as_str)
    }

    /// Who owns an item: its `owner:`, else its area's, else the fallback.
    pub fn of<'a>(&'a self, item: &'a Item) -> Option<&'a str> {
        item.owner.as_deref().or_else(|| self.of_area(&item.area))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_item;

    #[test]
    fn item_owner_then_area_then_fallback() {
        let owners = Owners::new([("sdk", "sdk-squad"), ("*", "devrel")]);
        let mut item = test_item("a", "2026-11-01T00:00:00Z");
        assert_eq!(owners.of(&item), Some("sdk-squad"));
        item.area = "docs".into();
        assert_eq!(owners.of(&item), Some("devrel"));
        item.owner = Some("@lena".into());
        assert_eq!(owners.of(&item), Some("@lena"));
    }

    #[test]
    fn nobody_without_a_fallback() {
        let owners = Owners::new([("sdk", "sdk-squad")]);
        let mut item = test_item("a", "2026-11-01T00:00:00Z");
        item.area = "docs".into();
        assert_eq!(owners.of(&item), None);
        assert_eq!(Owners::default().of_area("sdk"), None);
    }
}
