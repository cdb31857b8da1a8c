"""Browser-test helpers: log in as a person would, audit every page visited."""

from __future__ import annotations

from quartier.testing.factories import TEST_PASSWORD

# axe-core impacts that fail a page: what blocks or seriously hinders someone.
BLOCKING_IMPACTS = {"serious", "critical"}


def browser_login(page, username: str, password: str = TEST_PASSWORD) -> None:
    """Log in through the form, as a person would."""
    page.goto("/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def audit_page(page) -> None:
    """Fail on serious or critical axe-core violations and on sideways scrolling."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v.get("impact") in BLOCKING_IMPACTS
    ]
    assert not blocking, f"axe-core on {page.url}:\n" + "\n".join(blocking)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"
