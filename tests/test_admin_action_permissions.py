"""Hardening round 3: every admin action declares its permission, and its service checks the
actor too. A staff account with only view permissions is not offered the action, a forged POST
of it changes nothing, and the service refuses it; with the permission the action works."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from evaluations.coordination import services as coordinator
from evaluations.models import Assignment, EvaluationRound, RoundState
from evaluations.workflow import notifications
from municipalities import services
from municipalities.models import (
    Audience,
    Invitation,
    Municipality,
    Respondent,
    ResponseStatus,
    Survey,
    SurveyResponse,
)
from municipalities.respondents import respondents_import
from tests.evaluations.helpers import login
from tests.factories import make_assignment, make_goal, make_round, make_section, make_user
from tests.municipalities.builders import issue, make_survey

pytestmark = pytest.mark.django_db


def staff_with(*codenames: str):
    """A staff account that holds exactly ``codenames`` (``app.codename``)."""
    user = make_user(is_staff=True)
    for name in codenames:
        app, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )
    return user


VIEW_ONLY = (
    "evaluations.view_evaluationround",
    "evaluations.view_assignment",
    "evaluations.view_all_assignments",
    "municipalities.view_survey",
    "municipalities.view_surveyresponse",
    "municipalities.view_invitation",
)


@dataclass
class Case:
    """One admin action: what it needs, how to post it, and what it changes."""

    changelist: str
    action: str
    needs: tuple[str, ...]
    setup: Callable[[], dict]
    apply: Callable[[dict], dict]
    state: Callable[[dict], object]
    asks_first: bool = True  # shows an intermediate page (a form or a confirmation) first


def _open_round():
    round_ = make_round(state=RoundState.OPEN, rating_deadline=datetime.date(2030, 1, 31))
    section = make_section()
    make_goal(section=section)
    official = make_user("Viranhaltija – Tjänsteinnehavare", email="virkailija@example.fi")
    assignment = make_assignment(round=round_, section=section, officials=[official])
    return {"objects": [round_], "round": round_, "assignment": assignment}


def _assignment():
    world = _open_round()
    return {**world, "objects": [world["assignment"]]}


def _survey():
    survey = make_survey()
    Municipality.objects.filter(code="049").update(contact_email="kirjaamo@espoo.example")
    return {"objects": [survey], "survey": survey}


def _respondent_survey():
    survey = make_survey(audience=Audience.RESPONDENTS)
    return {"objects": [survey], "survey": survey}


def _response():
    survey = make_survey()
    espoo = Municipality.objects.get(code="049")
    response = SurveyResponse.objects.create(
        survey=survey,
        municipality=espoo,
        language="fi",
        status=ResponseStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    return {"objects": [response], "response": response}


def _invitation():
    invitation, _token = issue(make_survey())
    return {"objects": [invitation], "invitation": invitation}


def _reopen_data(world):
    return {"until": (timezone.localdate() + datetime.timedelta(days=5)).isoformat()}


def _respondent_file(world):
    return {"file": SimpleUploadedFile("r.csv", b"nimi,sahkoposti,kieli\nTesti,t@example.fi,fi\n")}


ROUNDS = "admin:evaluations_evaluationround_changelist"
CASES = {
    "copy round": Case(
        ROUNDS,
        "copy_round",
        ("evaluations.add_evaluationround", "evaluations.add_assignment"),
        _open_round,
        lambda w: {"key": "copied", "name_fi": "Kopio", "offset_days": "0"},
        lambda w: EvaluationRound.objects.filter(key="copied").exists(),
    ),
    "publish": Case(
        ROUNDS,
        "publish_rounds",
        ("evaluations.change_evaluationround",),
        _open_round,
        lambda w: {},
        lambda w: EvaluationRound.objects.get(pk=w["round"].pk).state,
    ),
    "round reminders": Case(
        ROUNDS,
        "send_reminders",
        ("evaluations.change_evaluationround",),
        _open_round,
        lambda w: {},
        lambda w: len(mail.outbox),
    ),
    "bulk assign": Case(
        "admin:evaluations_assignment_changelist",
        "bulk_assign",
        ("evaluations.change_assignment",),
        _assignment,
        lambda w: {"officials": [w["actor"].pk], "notify": ""},
        lambda w: sorted(
            u.pk for u in Assignment.objects.get(pk=w["assignment"].pk).officials.all()
        ),
    ),
    "copy survey": Case(
        "admin:municipalities_survey_changelist",
        "copy_survey",
        ("municipalities.add_survey",),
        _survey,
        lambda w: {"key": "copied-survey", "round": w["survey"].round_id},
        lambda w: Survey.objects.filter(key="copied-survey").exists(),
    ),
    "invitations": Case(
        "admin:municipalities_survey_changelist",
        "send_invitations",
        ("municipalities.add_invitation", "municipalities.change_invitation"),
        _survey,
        lambda w: {},
        lambda w: Invitation.objects.filter(survey=w["survey"]).count(),
    ),
    "survey reminders": Case(
        "admin:municipalities_survey_changelist",
        "send_reminders",
        ("municipalities.add_invitation", "municipalities.change_invitation"),
        _survey,
        lambda w: {},
        lambda w: Invitation.objects.filter(survey=w["survey"]).count(),
    ),
    "import respondents": Case(
        "admin:municipalities_survey_changelist",
        "import_respondents",
        ("municipalities.add_respondent",),
        _respondent_survey,
        _respondent_file,
        lambda w: Respondent.objects.filter(survey=w["survey"]).count(),
    ),
    "reopen response": Case(
        "admin:municipalities_surveyresponse_changelist",
        "reopen",
        ("municipalities.change_surveyresponse",),
        _response,
        _reopen_data,
        lambda w: SurveyResponse.objects.get(pk=w["response"].pk).reopened_until,
    ),
    "revoke link": Case(
        "admin:municipalities_invitation_changelist",
        "revoke",
        ("municipalities.add_invitation", "municipalities.change_invitation"),
        _invitation,
        lambda w: {},
        lambda w: Invitation.objects.get(pk=w["invitation"].pk).revoked_at,
        asks_first=False,
    ),
    "reopen from a link": Case(
        "admin:municipalities_invitation_changelist",
        "reopen",
        ("municipalities.change_surveyresponse",),
        _invitation,
        _reopen_data,
        lambda w: SurveyResponse.objects.filter(survey=w["invitation"].survey).count(),
    ),
}


def _post(client, case, world, *, apply):
    data = {
        "action": case.action,
        "_selected_action": [obj.pk for obj in world["objects"]],
        **(case.apply(world) if apply else {}),
    }
    if apply:
        data["apply"] = "1"
    return client.post(reverse(case.changelist), data)


@pytest.mark.parametrize("name", CASES)
def test_a_view_only_staff_account_is_not_offered_the_action_and_a_forged_post_changes_nothing(
    client, name
):
    case = CASES[name]
    viewer = staff_with(*VIEW_ONLY)
    world = {**case.setup(), "actor": viewer}
    before = case.state(world)
    login(client, viewer)
    changelist = client.get(reverse(case.changelist))
    assert changelist.status_code == 200
    assert f'value="{case.action}"' not in changelist.content.decode()
    response = _post(client, case, world, apply=True)
    assert response.status_code in (200, 302)
    assert case.state(world) == before


@pytest.mark.parametrize("name", CASES)
def test_with_the_permission_the_action_works(client, name):
    case = CASES[name]
    actor = staff_with(*VIEW_ONLY, *case.needs)
    world = {**case.setup(), "actor": actor}
    before = case.state(world)
    login(client, actor)
    assert f'value="{case.action}"' in client.get(reverse(case.changelist)).content.decode()
    if case.asks_first:
        assert _post(client, case, world, apply=False).status_code == 200
        assert case.state(world) == before
    response = _post(client, case, world, apply=True)
    assert response.status_code == 302
    assert case.state(world) != before


# The services check the actor themselves: a caller that skips the admin is refused too.

SERVICES = {
    "copy round": lambda w, actor: coordinator.round_copy(
        source=w["round"], key="forged", name_fi="X", actor=actor
    ),
    "publish": lambda w, actor: coordinator.round_publish(round=w["round"], actor=actor),
    "round reminders": lambda w, actor: notifications.reminders_send(
        rounds=[w["round"]], actor=actor
    ),
    "bulk assign": lambda w, actor: coordinator.assignments_bulk_assign(
        assignments=Assignment.objects.filter(pk=w["assignment"].pk),
        officials=[actor],
        actor=actor,
    ),
    "copy survey": lambda w, actor: services.survey_copy(
        survey=w["survey"], key="forged", actor=actor
    ),
    "invitations": lambda w, actor: services.invitations_send(
        survey=w["survey"], base_url="https://x.example", actor=actor
    ),
    "survey reminders": lambda w, actor: services.reminders_send(
        survey=w["survey"], base_url="https://x.example", actor=actor
    ),
    "import respondents": lambda w, actor: respondents_import(
        survey=w["survey"], upload=_respondent_file(w)["file"], actor=actor
    ),
    "reopen response": lambda w, actor: services.response_reopen(
        survey=w["response"].survey,
        municipality=w["response"].municipality,
        until=timezone.localdate(),
        actor=actor,
    ),
    "revoke link": lambda w, actor: services.invitation_revoke(
        invitation=w["invitation"], actor=actor
    ),
}


@pytest.mark.parametrize("name", SERVICES)
def test_the_service_refuses_an_actor_without_the_permission(name):
    case = CASES[name]
    viewer = staff_with(*VIEW_ONLY)
    world = {**case.setup(), "actor": viewer}
    before = case.state(world)
    with pytest.raises(PermissionDenied):
        SERVICES[name](world, viewer)
    assert case.state(world) == before
    # An account that is no longer active is refused whatever it holds.
    inactive = staff_with(*case.needs)
    inactive.is_active = False
    with pytest.raises(PermissionDenied):
        SERVICES[name](world, inactive)
    assert case.state(world) == before
