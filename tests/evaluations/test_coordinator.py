"""The coordinator runs a round: copy it from the last one, assign many sections at once, watch
the dashboard, e-mail people in their own language, remind, publish knowing what is missing."""

import datetime
from io import BytesIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from evaluations.coordination import services as coordinator
from evaluations.models import (
    Assignment,
    AssignmentState,
    EvaluationRound,
    NotificationKind,
    NotificationLog,
    Rating,
    RoundState,
    UserProfile,
)
from evaluations.roles import ADMINISTRATOR, APPROVER, OFFICIAL
from evaluations.workflow import notifications
from tests.evaluations.helpers import complete, form_data, login, url
from tests.factories import (
    make_assignment,
    make_goal,
    make_round,
    make_section,
    make_strategy,
    make_user,
)
from tests.support import localized_path

pytestmark = pytest.mark.django_db


def swedish(user):
    UserProfile.objects.update_or_create(user=user, defaults={"language": "sv"})
    return user


@pytest.fixture
def staff():
    return make_user(ADMINISTRATOR, is_staff=True, email="koordinaattori@example.fi")


@pytest.fixture
def people():
    return {
        "official": make_user(OFFICIAL, email="virkailija@example.fi"),
        "sv_official": swedish(make_user(OFFICIAL, email="tjansteman@example.fi")),
        "approver": make_user(APPROVER, email="hyvaksyja@example.fi"),
        "sv_approver": swedish(make_user(APPROVER, email="godkannare@example.fi")),
    }


# The user's language ---------------------------------------------------------------------------


def test_user_language_is_the_profiles_or_finnish(people):
    assert notifications.user_language(people["official"]) == "fi"
    assert notifications.user_language(people["sv_official"]) == "sv"


# Copying a round -------------------------------------------------------------------------------


def test_a_round_is_copied_with_assignments_and_people_but_no_ratings(people):
    strategy = make_strategy()
    source = make_round(
        state=RoundState.PUBLISHED,
        rating_deadline=datetime.date(2025, 1, 10),
        summary_date=datetime.date(2025, 1, 17),
    )
    sections = [make_section(strategy=strategy) for _ in range(3)]
    for section in sections:
        goal = make_goal(section=section)
        Rating.objects.create(round=source, goal=goal, score=4, achieved="yes")
        make_assignment(
            round=source,
            section=section,
            officials=[people["official"]],
            approvers=[people["approver"], people["sv_approver"]],
            state=AssignmentState.APPROVED,
            comment="Hyvä",
        )

    copy = coordinator.round_copy(
        source=source,
        key="eval-2026",
        name_fi="Arviointi 2026",
        name_sv="Utvärdering 2026",
        offset_days=365,
        actor=None,
    )

    assert copy.state == RoundState.OPEN and copy.published_at is None
    assert copy.rating_deadline == datetime.date(2026, 1, 10)
    assert copy.summary_date == datetime.date(2026, 1, 17)
    assert copy.kind == source.kind
    assert list(copy.strategies.all()) == [strategy]
    copied = Assignment.objects.filter(round=copy).order_by("section__order")
    assert [a.section for a in copied] == sections
    for assignment in copied:
        assert assignment.state == AssignmentState.DRAFT and assignment.comment == ""
        assert list(assignment.officials.all()) == [people["official"]]
        assert set(assignment.approvers.all()) == {people["approver"], people["sv_approver"]}
    assert not Rating.objects.filter(round=copy).exists()
    # The source is untouched.
    assert source.assignments.filter(state=AssignmentState.APPROVED).count() == 3


def test_copying_to_an_existing_key_is_refused_and_saves_nothing():
    source = make_round()
    count = EvaluationRound.objects.count()
    with pytest.raises(ValidationError) as error:
        coordinator.round_copy(source=source, key=source.key, name_fi="Toinen", actor=None)
    assert "key" in error.value.error_dict
    assert EvaluationRound.objects.count() == count


def test_copy_can_tell_the_people_in_their_language(people, django_capture_on_commit_callbacks):
    source = make_round(state=RoundState.CLOSED)
    make_assignment(
        round=source,
        section=_section(),
        officials=[people["sv_official"]],
        approvers=[people["approver"]],
    )
    with django_capture_on_commit_callbacks(execute=True):
        copy = coordinator.round_copy(
            source=source,
            key="copy-notify",
            name_fi="Kopio",
            offset_days=0,
            notify=True,
            actor=None,
        )
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"tjansteman@example.fi", "hyvaksyja@example.fi"}
    assignment = copy.assignments.get()
    assert "Att bedöma" in by_address["tjansteman@example.fi"].subject
    assert (
        localized_path("sv", f"/tyo/{assignment.pk}/") in by_address["tjansteman@example.fi"].body
    )
    assert "Hyväksyttäväksi" in by_address["hyvaksyja@example.fi"].subject
    assert f"/fi/tyo/{assignment.pk}/" in by_address["hyvaksyja@example.fi"].body


def _section(strategy=None):
    section = make_section(strategy=strategy or make_strategy())
    make_goal(section=section)
    return section


# Bulk assignment -------------------------------------------------------------------------------


def test_bulk_assignment_adds_people_and_tells_only_the_new_ones(
    people, django_capture_on_commit_callbacks
):
    round_ = make_round(state=RoundState.OPEN)
    strategy = make_strategy()
    assignments = [
        make_assignment(round=round_, section=_section(strategy), officials=[people["official"]])
        for _ in range(3)
    ]
    queryset = Assignment.objects.filter(pk__in=[a.pk for a in assignments])
    with django_capture_on_commit_callbacks(execute=True):
        result = coordinator.assignments_bulk_assign(
            assignments=queryset,
            officials=[people["official"], people["sv_official"]],
            approvers=[people["sv_approver"]],
            actor=None,
        )
    assert result.changed == 3
    for assignment in assignments:
        assert set(assignment.officials.all()) == {people["official"], people["sv_official"]}
        assert list(assignment.approvers.all()) == [people["sv_approver"]]
    # The official already assigned is not told again.
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(["tjansteman@example.fi", "godkannare@example.fi"] * 3)
    assert (
        NotificationLog.objects.filter(kind=NotificationKind.ASSIGNED, language="sv").count() == 6
    )


def test_bulk_assignment_can_replace(people):
    assignment = make_assignment(section=_section(), officials=[people["official"]])
    coordinator.assignments_bulk_assign(
        assignments=Assignment.objects.filter(pk=assignment.pk),
        officials=[people["sv_official"]],
        replace=True,
        notify=False,
        actor=None,
    )
    assert list(assignment.officials.all()) == [people["sv_official"]]


def test_bulk_assign_admin_action(client, staff, people):
    round_ = make_round(state=RoundState.OPEN)
    strategy = make_strategy()
    assignments = [make_assignment(round=round_, section=_section(strategy)) for _ in range(2)]
    login(client, staff)
    changelist = reverse("admin:evaluations_assignment_changelist")
    data = {"action": "bulk_assign", "_selected_action": [a.pk for a in assignments]}
    page = client.post(changelist, data)
    assert page.status_code == 200 and "officials" in page.content.decode().lower()
    response = client.post(
        changelist,
        {
            **data,
            "apply": "1",
            "officials": [people["official"].pk],
            "approvers": [people["approver"].pk],
        },
    )
    assert response.status_code == 302
    for assignment in assignments:
        assert list(assignment.officials.all()) == [people["official"]]
        assert list(assignment.approvers.all()) == [people["approver"]]


# Workflow e-mails ------------------------------------------------------------------------------


@pytest.fixture
def workflow(people):
    section = make_section(strategy=make_strategy(), title_fi="Hyvinvointi", title_sv="Välfärd")
    make_goal(section=section)
    return make_assignment(
        round=make_round(state=RoundState.OPEN, rating_deadline=datetime.date(2030, 1, 31)),
        section=section,
        officials=[people["official"], people["sv_official"]],
        approvers=[people["approver"], people["sv_approver"]],
    )


def test_submitting_tells_the_approvers_each_in_their_language(
    client, people, workflow, django_capture_on_commit_callbacks
):
    login(client, people["official"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(workflow, name="work:submit"), form_data(workflow, "submit", **complete(workflow))
        )
    assert response.status_code == 302
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"hyvaksyja@example.fi", "godkannare@example.fi"}
    fi, sv = by_address["hyvaksyja@example.fi"], by_address["godkannare@example.fi"]
    assert "Hyväksyttäväksi lähetetty: Hyvinvointi" in fi.subject
    assert "Inskickat för ditt godkännande: Välfärd" in sv.subject
    assert (
        f"/fi/tyo/{workflow.pk}/" in fi.body
        and localized_path("sv", f"/tyo/{workflow.pk}/") in sv.body
    )
    assert "31.1.2030" in fi.body and "31.1.2030" in sv.body
    assert NotificationLog.objects.filter(kind=NotificationKind.SUBMITTED).count() == 2


@pytest.mark.parametrize("action", ["approve", "return"])
def test_decisions_tell_the_officials(
    client, people, workflow, action, django_capture_on_commit_callbacks
):
    workflow.state = AssignmentState.SUBMITTED
    workflow.save()
    login(client, people["sv_approver"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(workflow, "sv", name=f"work:{action}"), {"comment": "Täydennä <b>arviota</b>"}
        )
    assert response.status_code == 302
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"virkailija@example.fi", "tjansteman@example.fi"}
    fi, sv = by_address["virkailija@example.fi"], by_address["tjansteman@example.fi"]
    if action == "approve":
        assert fi.subject == "Hyväksytty: Hyvinvointi"
        assert sv.subject == "Godkänt: Välfärd"
    else:
        assert fi.subject == "Palautettu muutettavaksi: Hyvinvointi"
        assert sv.subject == "Returnerat för ändringar: Välfärd"
        assert "Täydennä <b>arviota</b>" in fi.body


def test_a_refused_decision_sends_nothing(
    client, people, workflow, django_capture_on_commit_callbacks
):
    login(client, people["approver"])  # a draft cannot be approved
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(workflow, name="work:approve"), {})
    assert response.status_code == 403
    assert mail.outbox == []


# Reminders -------------------------------------------------------------------------------------


def test_reminders_go_to_those_with_work_left_and_never_for_finished_work(people):
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    round_ = make_round(state=RoundState.OPEN, rating_deadline=deadline, key="due-round")
    strategy = make_strategy()
    draft = make_assignment(
        round=round_,
        section=_section(strategy),
        officials=[people["sv_official"]],
        approvers=[people["approver"]],
    )
    submitted = make_assignment(
        round=round_,
        section=_section(strategy),
        officials=[people["official"]],
        approvers=[people["sv_approver"]],
        state=AssignmentState.SUBMITTED,
    )
    make_assignment(
        round=round_,
        section=_section(strategy),
        officials=[people["official"]],
        approvers=[people["approver"]],
        state=AssignmentState.APPROVED,
    )
    not_due = make_round(
        state=RoundState.OPEN, rating_deadline=deadline + datetime.timedelta(days=1)
    )
    make_assignment(round=not_due, section=_section(), officials=[people["official"]])

    call_command("send_round_reminders", "--days", "7", "1")
    sent = {(m.to[0], m.subject) for m in mail.outbox}
    assert sent == {
        ("tjansteman@example.fi", f"Påminnelse: {draft.section.title_fi} väntar på din bedömning"),
        (
            "godkannare@example.fi",
            f"Påminnelse: {submitted.section.title_fi} väntar på ditt beslut",
        ),
    }
    # Run again the same day: nobody is reminded twice.
    call_command("send_round_reminders")
    assert len(mail.outbox) == 2


def test_reminder_admin_action_lists_then_sends(client, staff, people):
    round_ = make_round(state=RoundState.OPEN)
    make_assignment(round=round_, section=_section(), officials=[people["official"]])
    login(client, staff)
    changelist = reverse("admin:evaluations_evaluationround_changelist")
    data = {"action": "send_reminders", "_selected_action": [round_.pk]}
    page = client.post(changelist, data).content.decode()
    assert "virkailija@example.fi" in page
    assert mail.outbox == []
    client.post(changelist, {**data, "apply": "1"})
    assert [m.to for m in mail.outbox] == [["virkailija@example.fi"]]


# The dashboard ---------------------------------------------------------------------------------


def _dashboard_url(lang="fi", **query):
    from django.utils import translation

    with translation.override(lang):
        path = reverse("work:coordinator")
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_only_administrators_see_the_dashboard(client, people, staff):
    assert client.get(_dashboard_url()).status_code == 302
    login(client, people["official"])
    assert client.get(_dashboard_url()).status_code == 403
    client.force_login(staff)
    assert client.get(_dashboard_url()).status_code == 200


def test_dashboard_shows_states_people_completion_and_lateness(
    client, staff, people, workflow, language
):
    workflow.round.rating_deadline = timezone.localdate() - datetime.timedelta(days=1)
    workflow.round.save()
    other = make_assignment(
        round=workflow.round,
        section=_section(workflow.section.strategy),
        state=AssignmentState.APPROVED,
    )
    login(client, staff)
    body = client.get(_dashboard_url(language, round=workflow.round.key)).content.decode()
    assert localized_path(language, workflow.get_absolute_url()[3:]) in body
    assert people["sv_official"].username in body and people["sv_approver"].username in body
    late = {"fi": "myöhässä", "sv": "försenat"}[language]
    assert body.count(f'<strong class="state state-overdue">{late}</strong>') == 1
    assert {"fi": "0 / 1 arvioitu", "sv": "0 / 1 bedömda"}[language] in body
    filtered = client.get(
        _dashboard_url(language, round=workflow.round.key, state="approved")
    ).content.decode()
    title = {"fi": "Hyvinvointi", "sv": "Välfärd"}[language]
    assert other.section.title_fi in filtered and title not in filtered
    late_only = client.get(
        _dashboard_url(language, round=workflow.round.key, overdue="1")
    ).content.decode()
    assert title in late_only and other.section.title_fi not in late_only


def test_dashboard_queries_do_not_grow_with_sections(
    client, staff, people, django_assert_max_num_queries
):
    round_ = make_round(state=RoundState.OPEN, key="many-sections")
    strategy = make_strategy()
    for _ in range(30):
        make_assignment(
            round=round_,
            section=_section(strategy),
            officials=[people["official"]],
            approvers=[people["approver"]],
        )
    login(client, staff)
    with django_assert_max_num_queries(16):
        response = client.get(_dashboard_url(round=round_.key))
    assert response.content.decode().count('<tr id="assignment-') == 30


def test_dashboard_exports_xlsx(client, staff, people, workflow):
    login(client, staff)
    from django.utils import translation

    with translation.override("sv"):
        path = reverse("work:coordinator_xlsx")
    response = client.get(path + f"?round={workflow.round.key}")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Strategi", "Nummer", "Avsnitt", "Status")
    assert rows[1][2] == "Välfärd"
    assert rows[1][6:8] == (0, 1)
    assert rows[1][10].endswith(localized_path("sv", f"/tyo/{workflow.pk}/"))


# Publishing ------------------------------------------------------------------------------------


def _round_change(client, round_, **changes):
    data = {
        "key": round_.key,
        "name_fi": round_.name_fi,
        "name_sv": "",
        "description_fi": "",
        "description_sv": "",
        "state": round_.state,
        "kind": round_.kind,
        **changes,
    }
    return client.post(reverse("admin:evaluations_evaluationround_change", args=[round_.pk]), data)


def test_publishing_with_unapproved_sections_asks_for_confirmation(client, staff, workflow):
    login(client, staff)
    round_ = workflow.round
    response = _round_change(client, round_, state=RoundState.PUBLISHED)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hyvinvointi" in body and "1 osiota ei ole hyväksytty" in body
    round_.refresh_from_db()
    assert round_.state == RoundState.OPEN and round_.published_at is None

    response = _round_change(client, round_, state=RoundState.PUBLISHED, confirm_publish="on")
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.state == RoundState.PUBLISHED and round_.published_at is not None


def test_publish_action_lists_the_unapproved_sections_first(client, staff, workflow):
    login(client, staff)
    changelist = reverse("admin:evaluations_evaluationround_changelist")
    data = {"action": "publish_rounds", "_selected_action": [workflow.round.pk]}
    page = client.post(changelist, data).content.decode()
    assert "Hyvinvointi" in page
    workflow.round.refresh_from_db()
    assert workflow.round.state == RoundState.OPEN
    client.post(changelist, {**data, "apply": "1"})
    workflow.round.refresh_from_db()
    assert workflow.round.state == RoundState.PUBLISHED


def test_the_latest_published_round_is_the_default(client):
    strategy = make_strategy()
    section = _section(strategy)
    older = make_round(summary_date=datetime.date(2025, 1, 17))
    newer = make_round(state=RoundState.CLOSED, summary_date=None, name_fi="Uusin arviointi")
    for round_ in (older, newer):
        make_assignment(round=round_, section=section, state=AssignmentState.APPROVED)
    newer.state = RoundState.PUBLISHED
    newer.save()
    assert newer.published_at > older.published_at
    from evaluations.summaries.ratings import round_list

    assert round_list().filter(strategies=strategy).first() == newer
    body = client.get(f"/fi/strategiat/{strategy.key}/").content.decode()
    assert "Yhteenveto: Uusin arviointi" in body


def test_unpublishing_clears_the_publication_time():
    round_ = make_round()
    assert round_.published_at is not None
    round_.state = RoundState.CLOSED
    round_.save()
    assert round_.published_at is None


@pytest.mark.parametrize(("lang", "text"), [("fi", "ei arvioitu"), ("sv", "inte utvärderat")])
def test_unapproved_sections_read_not_evaluated_on_the_strategy_page(client, lang, text):
    strategy = make_strategy()
    approved, waiting = _section(strategy), _section(strategy)
    round_ = make_round()
    make_assignment(round=round_, section=approved, state=AssignmentState.APPROVED)
    make_assignment(round=round_, section=waiting, state=AssignmentState.SUBMITTED)
    Rating.objects.create(round=round_, goal=approved.goals.get(), score=4, achieved="yes")
    Rating.objects.create(round=round_, goal=waiting.goals.get(), score=2, achieved="no")
    body = client.get(localized_path(lang, f"/strategiat/{strategy.key}/")).content.decode()
    assert body.count(f'class="not-evaluated">{text}</td>') == 1


# Password reset and the admin's title ------------------------------------------------------------


@pytest.mark.parametrize("page_lang", ["fi", "sv"])
def test_password_reset_mail_is_in_the_users_language(client, people, page_lang):
    login_page = client.get(localized_path(page_lang, "/kirjaudu/")).content.decode()
    assert f'href="{localized_path(page_lang, "/salasana/")}"' in login_page
    response = client.post(
        localized_path(page_lang, "/salasana/"), {"email": "tjansteman@example.fi"}
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["tjansteman@example.fi"]
    assert message.subject == "Ett nytt lösenord för utvärderingen av strategierna"
    # The user's language is Swedish: so is the link's address.
    link = next(line for line in message.body.splitlines() if "/sv/losenord/nytt/" in line)
    page = client.get(link.split("testserver", 1)[1], follow=True)
    assert "Välj ett nytt lösenord" in page.content.decode()
    assert NotificationLog.objects.get().kind == NotificationKind.PASSWORD_RESET


def test_password_reset_says_the_same_for_an_unknown_address(client):
    response = client.post("/fi/salasana/", {"email": "ei-ketaan@example.fi"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_admin_carries_the_apps_name_in_both_languages(client, staff, lang):
    login(client, staff)
    body = client.get(localized_path(lang, "/admin/")).content.decode()
    assert "Strategioiden arviointi – Utvärdering av strategierna" in body


def test_the_user_admin_edits_the_email_language(client):
    superuser = make_user(is_staff=True, is_superuser=True)
    login(client, superuser)
    body = client.get(reverse("admin:auth_user_change", args=[superuser.pk])).content.decode()
    assert 'name="profile-0-language"' in body


# Small things: read-only ratings, conflicts in another tab, spreadsheet errors ------------------


@pytest.fixture
def rated(people, workflow):
    goal = workflow.section.goals.get()
    Rating.objects.create(
        round=workflow.round,
        goal=goal,
        score=4,
        achieved="partly",
        verbal_evaluation_fi="Edistyi",
        rated_by=people["official"],
    )
    workflow.state = AssignmentState.SUBMITTED
    workflow.save()
    return workflow


@pytest.mark.parametrize(
    ("lang", "words", "achieved"),
    [
        ("fi", "Tavoitteessa edistytty pääosin suunnitelman mukaisesti", "osittain"),
        ("sv", "Målet har i huvudsak framskridit enligt planen", "delvis"),
    ],
)
def test_the_approvers_view_shows_achieved_and_the_scales_words(
    client, people, rated, lang, words, achieved
):
    login(client, people["approver"])
    body = client.get(url(rated, lang)).content.decode()
    assert f'<span class="scale-words">{words}' in body
    assert f'<span class="achieved">{achieved}</span>' in body


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fi", "Tallensit tämän arvion itse"),
        ("sv", "Du sparade själv den här bedömningen"),
    ],
)
def test_a_conflict_with_ones_own_other_tab_says_so_and_shows_both_languages(
    client, people, workflow, lang, text
):
    key = "goal_" + str(workflow.section.goals.get().pk)
    login(client, people["official"])
    first_tab = form_data(workflow, **{key: {"verbal_evaluation_fi": "Välilehti 2"}})
    other_tab = form_data(
        workflow,
        **{key: {"verbal_evaluation_fi": "Välilehti 1", "verbal_evaluation_sv": "Flik 1"}},
    )
    assert client.post(url(workflow, lang), other_tab).status_code == 302
    response = client.post(url(workflow, lang), first_tab)
    assert response.status_code == 409
    body = response.content.decode()
    assert text in body
    assert '<p lang="fi">Välilehti 1</p>' in body and '<p lang="sv">Flik 1</p>' in body


def test_someone_elses_conflict_still_names_them(client, people, workflow):
    key = "goal_" + str(workflow.section.goals.get().pk)
    login(client, people["official"])
    mine = form_data(workflow, **{key: {"score": 2}})
    client.force_login(people["sv_official"])
    client.post(url(workflow), form_data(workflow, **{key: {"score": 5}}))
    client.force_login(people["official"])
    body = client.post(url(workflow), mine).content.decode()
    assert f"{people['sv_official'].username} tallensi tämän arvion" in body
    assert "Tallensit tämän arvion itse" not in body


@pytest.mark.parametrize(
    ("lang", "rating", "achieved"),
    [
        ("fi", "arvio ”7” ei ole kokonaisluku 1–5", "”ehkä” ei ole kyllä, osittain tai ei"),
        ("sv", "bedömningen ”7” är inte ett heltal 1–5", "”ehkä” är inte ja, delvis eller nej"),
    ],
)
def test_spreadsheet_errors_name_the_goal_and_the_refused_value(
    client, people, workflow, lang, rating, achieved
):
    from tests.evaluations.test_spreadsheet import download, upload

    login(client, people["official"])
    workbook = download(client, workflow, lang)
    workbook.active["E2"] = 7
    workbook.active["F2"] = "ehkä"
    response = upload(client, workflow, workbook, lang)
    assert response.status_code == 400
    body = response.content.decode()
    goal = workflow.section.goals.get()
    row = {"fi": "Rivi 2", "sv": "Rad 2"}[lang]
    assert f"{row}: {goal.title_fi}" in body
    assert rating in body and achieved in body


def test_people_added_in_the_assignment_form_are_told(
    client, staff, people, workflow, django_capture_on_commit_callbacks
):
    login(client, staff)
    newcomer = make_user(OFFICIAL, email="uusi@example.fi")
    data = {
        "round": workflow.round.pk,
        "section": workflow.section.pk,
        "officials": [people["official"].pk, people["sv_official"].pk, newcomer.pk],
        "approvers": [people["approver"].pk, people["sv_approver"].pk],
        "state": workflow.state,
        "comment": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:evaluations_assignment_change", args=[workflow.pk]), data
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [m.to for m in mail.outbox] == [["uusi@example.fi"]]
    assert "Arvioitavaksi: Hyvinvointi" in mail.outbox[0].subject


def test_my_work_links_the_dashboard_for_administrators_only(client, staff, people):
    login(client, people["official"])
    assert reverse("work:coordinator") not in client.get("/fi/tyo/").content.decode()
    client.force_login(staff)
    assert reverse("work:coordinator") in client.get("/fi/tyo/").content.decode()


@pytest.mark.parametrize(("lang", "text"), [("fi", "ei arvioitu"), ("sv", "inte utvärderat")])
def test_a_strategy_without_approved_sections_reads_not_evaluated_on_the_round_page(
    client, lang, text
):
    done, waiting = make_strategy(), make_strategy()
    round_ = make_round()
    make_assignment(round=round_, section=_section(done), state=AssignmentState.APPROVED)
    make_assignment(round=round_, section=_section(waiting), state=AssignmentState.DRAFT)
    body = client.get(localized_path(lang, f"/arvioinnit/{round_.key}/")).content.decode()
    assert body.count(f'class="not-evaluated">{text}</td>') == 1
    row = body[body.index(f"{waiting.name_fi}<") :]
    assert row.index("not-evaluated") < row.index("</tr>")
