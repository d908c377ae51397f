"""axe-core in the browser, restricted to WCAG 2.0 and 2.1 at levels A and AA."""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def wcag_violations(page) -> list[dict]:
    """axe-core's raw violations of WCAG 2.0 and 2.1, levels A and AA, on the current page."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


def describe_violation(violation: dict) -> str:
    targets = ", ".join(
        " ".join(str(part) for part in node.get("target", [])) for node in violation["nodes"][:5]
    )
    more = len(violation["nodes"]) - 5
    return (
        f"{violation['id']} ({violation.get('impact')}): {violation['help']} "
        f"[{targets}{f' and {more} more' if more > 0 else ''}] {violation.get('helpUrl', '')}"
    )
