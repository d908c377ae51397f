"""In a real browser: the coordinator copies last round, assigns its sections in bulk, watches
the dashboard move as an official submits and an approver approves, and publishes the round
after the confirmation that lists the sections not approved. The new pages are axe-clean."""

import datetime

from django.core import mail

from evaluations.models import Assignment, AssignmentState, EvaluationRound, RoundState
from evaluations.roles import ADMINISTRATOR, APPROVER, OFFICIAL
from tests.factories import (
    make_assignment,
    make_goal,
    make_round,
    make_section,
    make_strategy,
    make_user,
)
from tests.support import localized_path

PASSWORD = "test-password-123"


def log_in(page, user, lang="fi"):
    page.goto(localized_path(lang, "/kirjaudu/"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form.login-form button[type=submit]").click()
    page.wait_for_url("**" + localized_path(lang, "/tyo/"))


def run_action(page, changelist, pks, action):
    page.goto(changelist)
    for pk in pks:
        page.check(f'input.action-select[value="{pk}"]')
    page.select_option('select[name="action"]', action)
    page.click('button[name="index"]')


def counts(page) -> dict[str, str]:
    items = page.locator(".state-counts li")
    return {
        items.nth(i).locator(".state").inner_text(): items.nth(i).locator("strong").inner_text()
        for i in range(items.count())
    }


def test_coordinator_runs_a_round(browser, live_server, axe):
    def new_page():
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        return context.new_page()

    coordinator = make_user(ADMINISTRATOR, is_staff=True, email="koordinaattori@example.fi")
    old_official = make_user(OFFICIAL)
    official = make_user(OFFICIAL, email="virkailija@example.fi", first_name="Ville")
    approver = make_user(APPROVER, email="hyvaksyja@example.fi", first_name="Hanna")
    strategy = make_strategy(name_fi="Kokeilustrategia")
    sections = []
    for title in ("Ensimmäinen linjaus", "Toinen linjaus"):
        section = make_section(strategy=strategy, title_fi=title)
        make_goal(section=section, title_fi=f"{title}: tavoite")
        sections.append(section)
    source = make_round(
        state=RoundState.PUBLISHED,
        key="kokeilu-2025",
        name_fi="Kokeilu 2025",
        rating_deadline=datetime.date(2025, 12, 1),
    )
    for section in sections:
        make_assignment(
            round=source, section=section, officials=[old_official], state=AssignmentState.APPROVED
        )

    admin = new_page()
    log_in(admin, coordinator)

    # 1. Copy last round, its deadline a year on.
    run_action(admin, "/fi/admin/evaluations/evaluationround/", [source.pk], "copy_round")
    admin.fill("#id_key", "kokeilu-2026")
    admin.fill("#id_name_fi", "Kokeilu 2026")
    admin.fill("#id_offset_days", "365")
    admin.click('input[name="apply"]')
    assert "Kopioitu" in admin.locator(".messagelist").inner_text()
    copy = EvaluationRound.objects.get(key="kokeilu-2026")
    assert copy.state == RoundState.OPEN
    assert copy.rating_deadline == datetime.date(2026, 12, 1)
    assignments = list(Assignment.objects.filter(round=copy).order_by("section__order"))
    assert [a.section for a in assignments] == sections

    # 2. Assign both sections to the new official and the approver at once.
    run_action(
        admin,
        f"/fi/admin/evaluations/assignment/?round__id__exact={copy.pk}",
        [a.pk for a in assignments],
        "bulk_assign",
    )
    admin.select_option("#id_officials", [str(official.pk)])
    admin.select_option("#id_approvers", [str(approver.pk)])
    admin.check("#id_replace")
    admin.click('input[name="apply"]')
    assert "2 osiota muutettu" in admin.locator(".messagelist").inner_text()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["virkailija@example.fi", "hyvaksyja@example.fi"] * 2
    )

    # 3. The dashboard: everything a draft.
    admin.goto(f"/fi/tyo/koordinointi/?round={copy.key}")
    assert axe(admin) == []
    assert counts(admin)["luonnos"] == "2"
    assert "Ville" in admin.locator("table.coordinator").inner_text()

    # 4. The official rates and submits the first section.
    worker = new_page()
    log_in(worker, official)
    worker.get_by_role("link", name="Ensimmäinen linjaus").first.click()
    worker.get_by_role("radio", name="4 –").check()
    worker.get_by_role("radio", name="osittain", exact=True).check()
    worker.get_by_label("Sanallinen arvio suomeksi").fill("Edistyi hyvin.")
    worker.get_by_role("button", name="Lähetä hyväksyttäväksi").click()
    assert "lähetettiin hyväksyttäväksi" in worker.locator(".messages").inner_text()
    admin.reload()
    assert counts(admin)["luonnos"] == "1"
    assert counts(admin)["lähetetty hyväksyttäväksi"] == "1"
    assert any("Hyväksyttäväksi lähetetty" in m.subject for m in mail.outbox)

    # 5. The approver approves it.
    deciding = new_page()
    log_in(deciding, approver)
    deciding.get_by_role("link", name="Ensimmäinen linjaus").first.click()
    assert "Tavoitteessa edistytty pääosin" in deciding.locator("main").inner_text()
    deciding.get_by_role("button", name="Hyväksy", exact=True).click()
    admin.reload()
    assert counts(admin)["hyväksytty"] == "1"
    assert counts(admin)["luonnos"] == "1"

    # 6. Publish: the confirmation lists the section not approved.
    run_action(admin, "/fi/admin/evaluations/evaluationround/", [copy.pk], "publish_rounds")
    assert "Toinen linjaus" in admin.locator("#content").inner_text()
    copy.refresh_from_db()
    assert copy.state == RoundState.OPEN
    admin.click('input[name="apply"]')
    copy.refresh_from_db()
    assert copy.state == RoundState.PUBLISHED and copy.published_at is not None

    # The public page reads "not evaluated" for the second section, and it is axe-clean.
    public = new_page()
    public.goto(f"/fi/strategiat/{strategy.key}/")
    assert "Kokeilu 2026" in public.locator("h2#summary-title").inner_text()
    assert public.locator(".not-evaluated").count() == 1
    assert axe(public) == []

    # The password-reset pages are axe-clean in both languages.
    for lang in ("fi", "sv"):
        public.goto(localized_path(lang, "/salasana/"))
        assert axe(public) == []
