"""Surveys and Swedish: the warning before Swedish-speaking municipalities get Finnish questions,
and invitations to bilingual municipalities in both languages."""

import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from evaluations.roles import ADMINISTRATOR
from municipalities import services
from municipalities.models import Invitation, Municipality, Question
from tests.factories import make_user
from tests.municipalities.builders import make_survey, municipality

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/(fi|sv)/(?:kunnat/vastaa|kommuner/svara)/([A-Za-z0-9_-]+)/")


@pytest.fixture
def contacts():
    """Raasepori (Swedish, bilingual), Espoo (Finnish, bilingual), Vihti (Finnish only)."""
    Municipality.objects.update(contact_email="")
    for code, email in [
        ("710", "r@raseborg.example"),
        ("049", "k@espoo.example"),
        ("927", "k@vihti.example"),
    ]:
        Municipality.objects.filter(code=code).update(contact_email=email)


@pytest.fixture
def survey():
    survey = make_survey()
    Question.objects.filter(survey=survey, key="s2").update(text_sv="")
    return survey


def test_bilingual_municipality_gets_both_languages_its_own_first(contacts):
    survey = make_survey()
    services.invitations_send(
        survey=survey,
        base_url="https://s.example.fi",
        municipalities=[municipality("710"), municipality("927")],
        actor=None,
    )
    by_address = {m.to[0]: m for m in mail.outbox}
    raseborg = by_address["r@raseborg.example"]
    assert raseborg.subject == f"{survey.title_sv} / {survey.title_fi}"
    assert raseborg.body.index("Hej,") < raseborg.body.index("Hei,")
    links = LINK.findall(raseborg.body)
    assert [lang for lang, _token in links] == ["sv", "fi"]
    assert links[0][1] == links[1][1]  # one link, in both languages
    assert Invitation.objects.filter(survey=survey, municipality__code="710").count() == 1
    vihti = by_address["k@vihti.example"]
    assert vihti.subject == survey.title_fi
    assert "Hej," not in vihti.body and len(LINK.findall(vihti.body)) == 1


def test_command_refuses_without_force_when_swedish_recipients_would_see_finnish(survey, contacts):
    with pytest.raises(CommandError, match=r"no Swedish.*Raasepori.*--force"):
        call_command("send_survey_invitations", survey.key, "--base-url", "https://s.example.fi")
    assert mail.outbox == []
    assert not Invitation.objects.filter(survey=survey).exists()
    call_command(
        "send_survey_invitations", survey.key, "--base-url", "https://s.example.fi", "--force"
    )
    assert len(mail.outbox) == 3


def test_no_warning_when_only_finnish_recipients(survey, contacts):
    call_command(
        "send_survey_invitations",
        survey.key,
        "--base-url",
        "https://s.example.fi",
        "--municipality",
        "927",
    )
    assert [m.to[0] for m in mail.outbox] == ["k@vihti.example"]


def test_admin_action_warns_and_sends_only_after_confirmation(client, survey, contacts):
    client.force_login(make_user(ADMINISTRATOR, is_staff=True))
    url = reverse("admin:municipalities_survey_changelist")
    data = {"action": "send_invitations", "_selected_action": [survey.pk]}
    page = client.post(url, data).content.decode()
    assert 'name="send_without_swedish"' in page  # the confirmation asked for
    assert "Raasepori" in page
    refused = client.post(url, {**data, "apply": "1"})
    assert refused.status_code == 200 and mail.outbox == []
    client.post(url, {**data, "apply": "1", "send_without_swedish": "on"})
    assert len(mail.outbox) == 3
