//! The internal site's To do page, owner columns and next actions; none of
//! it on the public site.

use super::inside;
use crate::support::TempRepo;

/// The to-do fixture without its broken item (`build` refuses errors),
/// built into `site/` from inside the repository.
fn built(internal: bool) -> TempRepo {
    let repo = TempRepo::copy_of("todo");
    std::fs::remove_file(repo.path("feedback/2026/11/broken-item.md")).unwrap();
    let args: &[&str] = if internal {
        &["build", "--internal"]
    } else {
        &["build"]
    };
    let out = inside(repo.root(), args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    repo
}

fn page(repo: &TempRepo, path: &str) -> String {
    std::fs::read_to_string(repo.path(&format!("site/{path}"))).unwrap()
}

#[test]
fn the_todo_page_groups_the_list_by_owner_and_is_in_the_navigation() {
    let repo = built(true);
    let todo = page(&repo, "todo.html");
    // Owners in name order: "@lena" sorts before the teams.
    let order: Vec<usize> = ["@lena", "devrel", "retrieval-squad", "sdk-squad"]
        .iter()
        .map(|o| {
            todo.find(&format!("<bdi>{o}</bdi> <span class=\"muted\">"))
                .unwrap_or_else(|| panic!("{o}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(todo.contains("10 in all, 2 overdue"), "{todo}");
    for draft in [
        "<span>closeloop draft close</span> <span>shipped-not-closed</span>",
        "<span>closeloop draft ack</span> <span>berlin-ack-late</span>",
        "<span>closeloop draft decision</span> <span>top-signal</span>",
    ] {
        assert!(todo.contains(draft), "{draft}");
    }
    for p in [
        "index.html",
        "items/index.html",
        "feedback/top-signal.html",
        "sla.html",
    ] {
        let root = "../".repeat(p.matches('/').count());
        assert!(
            page(&repo, p).contains(&format!("href=\"{root}todo.html\"")),
            "{p}"
        );
    }
}

#[test]
fn owners_on_the_sla_board_and_item_list_and_next_actions_on_item_pages() {
    let repo = built(true);
    let sla = page(&repo, "sla.html");
    assert!(sla.contains("<th scope=\"col\">Owner</th>") && sla.contains("<bdi>@lena</bdi>"));
    let items = page(&repo, "items/index.html");
    assert!(
        items.contains("<th scope=\"col\">Owner</th>") && items.contains("<bdi>sdk-squad</bdi>")
    );
    let item = page(&repo, "feedback/top-signal.html");
    assert!(item.contains("<strong>review</strong>"), "{item}");
    assert!(
        item.contains(
            "<code class=\"command\"><span>closeloop draft decision</span> <span>top-signal</span></code>"
        ),
        "{item}"
    );
    assert!(item.contains("a target, not an SLA"), "{item}");
    assert!(page(&repo, "feedback/closed-done.html").contains("this loop is closed"));
}

#[test]
fn the_public_site_has_no_todo_and_no_owner() {
    let repo = built(false);
    assert!(!repo.path("site/todo.html").exists());
    for p in ["index.html", "items/index.html"] {
        let text = page(&repo, p);
        assert!(!text.contains("todo.html"), "{p}");
        for owner in ["@lena", "sdk-squad", "retrieval-squad", "devrel"] {
            assert!(!text.contains(owner), "{owner} in {p}");
        }
    }
}
