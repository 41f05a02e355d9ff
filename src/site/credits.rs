//! Who an item thanks (SPEC §12 and §7): the developer of the item and of
//! every duplicate, each as their own `credit` allows.
//!
//! A developer is named only when the audience may see their handle
//! (`credit: public`, or the internal site); everyone else — anonymous and
//! private developers, and the unnamed developers a `frequency` above 1
//! stands for — is counted, never described: "Thanks to @mara, @li and 2
//! other developers". The count is the item's signal frequency, so the
//! credit line and the score speak of the same developers.

use super::present::Visibility;
use crate::model::{Credit, Item};

/// The credit sentence and, when more than one developer reported the
/// item, "Reported by N developers".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Credits {
    pub line: String,
    pub reported_by: Option<String>,
}

/// The credits of `item` for the audience of `visibility`. A handle is read
/// only where that audience may see it: the item's own when its page
/// shows words, a duplicate's when the duplicate itself is published with
/// `credit: public` (or the site is internal). Nothing private can reach
/// the sentence.
pub(super) fn credits(item: &Item, visibility: &Visibility) -> Credits {
    let own = visibility
        .shows_words(item)
        .then_some(item.developer.handle.as_str());
    let duplicates = item.duplicates.iter().map(|d| {
        let named =
            visibility.internal() || (d.credit == Credit::Public && visibility.shows_id(&d.id));
        named.then_some(d.handle.as_str())
    });
    let mut names: Vec<&str> = Vec::new();
    for handle in std::iter::once(own).chain(duplicates).flatten() {
        // A handle on two reports is named once; both reports still count
        // in the total, as they do in the score.
        if !names.contains(&handle) {
            names.push(handle);
        }
    }
    // First-strong isolates (U+2068 … U+2069), the plain-text `<bdi>`: a
    // right-to-left override in a handle cannot reverse the sentence.
    let names: Vec<String> = names
        .into_iter()
        .map(|h| format!("\u{2068}{h}\u{2069}"))
        .collect();
    let total = item.signal_frequency();
    let others = total.saturating_sub(names.len() as u64);
    Credits {
        line: credit_line(&names, others),
        // A duplicate's developers are counted on its original's page.
        reported_by: (total > 1 && !item.is_duplicate())
            .then(|| format!("Reported by {total} developers")),
    }
}

fn credit_line(names: &[String], others: u64) -> String {
    let developers = |n: u64| {
        if n == 1 { "developer" } else { "developers" }
    };
    match (names, others) {
        ([], 0 | 1) => "Thanks to a developer whose feedback led to this.".to_owned(),
        ([], n) => format!("Thanks to the {n} developers whose feedback led to this."),
        (names, 0) => format!("Thanks to {}, whose feedback led to this.", and_list(names)),
        (names, n) => format!(
            "Thanks to {}, whose feedback led to this.",
            and_list(
                &names
                    .iter()
                    .cloned()
                    .chain([format!("{n} other {}", developers(n))])
                    .collect::<Vec<_>>()
            )
        ),
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list<S: AsRef<str>>(parts: &[S]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [init @ .., last] => format!(
            "{} and {}",
            init.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::{State, link_duplicates, test_item};
    use crate::site::present::Audience;

    fn developer(id: &str, handle: &str, credit: Credit, frequency: u32) -> Item {
        let mut item = test_item(id, "2026-11-02T09:00:00Z");
        item.state = State::Acknowledged;
        item.developer.handle = handle.into();
        item.developer.credit = credit;
        item.frequency = frequency;
        if id != "orig" {
            item.duplicate_of = Some("orig".into());
        }
        item
    }

    /// The original's credits, with `items[0]` the original, and the
    /// isolates around handles taken out to keep the sentences readable.
    fn credits_of(mut items: Vec<Item>, audience: Audience) -> Credits {
        link_duplicates(&mut items);
        let now = "2026-11-26T12:00:00Z".parse().unwrap();
        let site = Config::default().site;
        let visibility = Visibility::new(audience, &items, &site, now);
        let mut c = credits(&items[0], &visibility);
        c.line = c.line.replace(['\u{2068}', '\u{2069}'], "");
        c
    }

    #[test]
    fn handles_are_isolated() {
        let mut items = four();
        link_duplicates(&mut items);
        let now = "2026-11-26T12:00:00Z".parse().unwrap();
        let site = Config::default().site;
        let visibility = Visibility::new(Audience::Public, &items, &site, now);
        assert_eq!(
            credits(&items[0], &visibility).line,
            "Thanks to \u{2068}@mara\u{2069}, \u{2068}@li\u{2069} and 2 other developers, whose feedback led to this."
        );
    }

    fn four() -> Vec<Item> {
        vec![
            developer("orig", "@mara", Credit::Public, 1),
            developer("a", "@li", Credit::Public, 1),
            developer("b", "@sam", Credit::Anonymous, 1),
            developer("c", "@hidden", Credit::Private, 1),
        ]
    }

    #[test]
    fn public_developers_are_named_and_the_others_counted() {
        let public = credits_of(four(), Audience::Public);
        assert_eq!(
            public.line,
            "Thanks to @mara, @li and 2 other developers, whose feedback led to this."
        );
        assert_eq!(
            public.reported_by.as_deref(),
            Some("Reported by 4 developers")
        );
        // The team sees every handle.
        assert_eq!(
            credits_of(four(), Audience::Internal).line,
            "Thanks to @mara, @li, @sam and @hidden, whose feedback led to this."
        );
    }

    #[test]
    fn an_unpublished_public_duplicate_is_counted_not_named() {
        let mut items = four();
        items[1].state = State::Captured;
        assert_eq!(
            credits_of(items, Audience::Public).line,
            "Thanks to @mara and 3 other developers, whose feedback led to this."
        );
    }

    #[test]
    fn frequencies_count_as_developers() {
        let items = vec![
            developer("orig", "@mara", Credit::Anonymous, 1),
            developer("a", "@li", Credit::Public, 3),
        ];
        let c = credits_of(items, Audience::Public);
        assert_eq!(
            c.line,
            "Thanks to @li and 3 other developers, whose feedback led to this."
        );
        assert_eq!(c.reported_by.as_deref(), Some("Reported by 4 developers"));
    }

    #[test]
    fn nobody_named() {
        let alone = vec![developer("orig", "@mara", Credit::Anonymous, 1)];
        assert_eq!(
            credits_of(alone, Audience::Public),
            Credits {
                line: "Thanks to a developer whose feedback led to this.".into(),
                reported_by: None,
            }
        );
        let many = vec![
            developer("orig", "@mara", Credit::Anonymous, 1),
            developer("a", "@x", Credit::Private, 2),
        ];
        assert_eq!(
            credits_of(many, Audience::Public).line,
            "Thanks to the 3 developers whose feedback led to this."
        );
    }

    #[test]
    fn one_public_developer_reads_as_before() {
        let alone = vec![developer("orig", "@mara", Credit::Public, 1)];
        assert_eq!(
            credits_of(alone, Audience::Public).line,
            "Thanks to @mara, whose feedback led to this."
        );
        let twice = vec![
            developer("orig", "@mara", Credit::Public, 1),
            developer("a", "@mara", Credit::Public, 1),
        ];
        assert_eq!(
            credits_of(twice, Audience::Public).line,
            "Thanks to @mara and 1 other developer, whose feedback led to this."
        );
    }
}
