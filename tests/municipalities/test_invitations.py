"""Invitation links: issued, used, expired, revoked, re-issued; e-mails and reminders."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from municipalities import services
from municipalities.models import (
    Invitation,
    InvitationKind,
    InvitationState,
    Municipality,
    ResponseStatus,
    SurveyResponse,
    end_of_day,
)
from tests.municipalities.builders import answer_url, confirm_url, issue, make_survey, municipality
from tests.support import localized_path

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/(fi|sv)/(?:kunnat/vastaa|kommuner/svara)/([A-Za-z0-9_-]{43})/")


@pytest.fixture
def survey():
    return make_survey()


@pytest.fixture
def contacts():
    """Espoo (Finnish), Raasepori (Swedish) and Hanko have a contact; the others none."""
    for code, email in [
        ("049", "kirjaamo@espoo.example"),
        ("710", "registrator@raseborg.example"),
        ("078", "kirjaamo@hanko.example"),
    ]:
        Municipality.objects.filter(code=code).update(contact_email=email)
    Municipality.objects.exclude(code__in=["049", "710", "078"]).update(contact_email="")


def links_in(message) -> list[tuple[str, str]]:
    return LINK.findall(message.body)


def submit(client, token):
    data = {"answer-s1": "4", "answer-s2": "4", "answer-s3": "4", "action": "submit"}
    client.post(answer_url(token), data)
    client.post(confirm_url(token))


# The token's life ------------------------------------------------------------------------------


def test_only_a_hash_of_the_random_token_is_stored(survey):
    invitation, token = issue(survey)
    assert len(token) == 43
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert token not in str(stored)
    assert issue(survey, "078")[1] != token


def test_a_link_expires_after_the_survey_closes(survey):
    invitation, _token = issue(survey)
    closes = end_of_day(survey.closes_on)
    assert closes.astimezone(timezone.get_current_timezone()).hour == 0
    assert invitation.expires_at == closes + services.LINK_VALID_AFTER_CLOSE
    assert invitation.state() == InvitationState.VALID
    assert invitation.state(now=invitation.expires_at) == InvitationState.EXPIRED


def test_lifecycle_issue_use_revoke_reissue_expire(client, survey):
    first, first_token = issue(survey)
    assert client.get(answer_url(first_token)).status_code == 200
    client.post(answer_url(first_token), {"action": "save", "answer-s1": "3"})

    second, second_token = issue(survey)  # re-issued: the first link stops working
    first.refresh_from_db()
    assert first.state() == InvitationState.REVOKED
    assert client.get(answer_url(first_token)).status_code == 410
    page = client.get(answer_url(second_token))
    assert page.status_code == 200
    assert re.search(r'name="answer-s1" value="3"[^>]*checked', page.content.decode())

    services.invitation_revoke(invitation=second, actor=None)
    assert client.get(answer_url(second_token)).status_code == 410

    third, third_token = issue(survey)
    Invitation.objects.filter(pk=third.pk).update(expires_at=timezone.now())
    assert client.get(answer_url(third_token)).status_code == 410


def test_a_municipality_has_one_valid_link_per_survey(survey):
    invitation, _token = issue(survey)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            survey=survey,
            municipality=invitation.municipality,
            token_hash="0" * 64,
            expires_at=invitation.expires_at,
        )


# E-mails ---------------------------------------------------------------------------------------


def test_invitations_go_to_each_contact_in_the_municipalitys_language(client, survey, contacts):
    # One language each here; bilingual municipalities: tests/translations/test_survey_language.py
    Municipality.objects.update(bilingual=False)
    report = services.invitations_send(
        survey=survey, base_url="https://strategia.example.fi/", actor=None
    )
    assert {m.code for m in report.sent} == {"049", "710", "078"}
    assert len(report.no_address) == 7 and not report.failed
    assert len(mail.outbox) == 3
    by_address = {message.to[0]: message for message in mail.outbox}

    finnish = by_address["kirjaamo@espoo.example"]
    assert finnish.subject == survey.title_fi
    assert "Hei," in finnish.body and "Kunta: Espoo" in finnish.body
    [(lang, token)] = links_in(finnish)
    assert lang == "fi"
    assert f"https://strategia.example.fi/fi/kunnat/vastaa/{token}/" in finnish.body

    swedish = by_address["registrator@raseborg.example"]
    assert swedish.subject == survey.title_sv
    assert "Hej," in swedish.body and "Kommun: Raseborg" in swedish.body
    [(lang, token)] = links_in(swedish)
    assert lang == "sv"
    response = client.get(answer_url(token, "sv"))
    assert response.status_code == 200 and "Raseborg" in response.content.decode()

    sent = Invitation.objects.filter(survey=survey, revoked_at=None)
    assert sent.count() == 3 and all(i.sent_at and i.email for i in sent)
    assert sent.get(municipality__code="710").language == "sv"


def test_invitations_skip_municipalities_that_have_submitted(client, survey, contacts):
    _invitation, token = issue(survey, "049")
    submit(client, token)
    report = services.invitations_send(survey=survey, base_url="http://x.example", actor=None)
    assert {m.code for m in report.sent} == {"710", "078"}
    assert client.get(answer_url(token)).status_code == 200  # Espoo keeps its link


def test_plain_text_e_mail_is_not_html_escaped(survey, contacts):
    Municipality.objects.update(bilingual=False)
    survey.title_fi = 'Kysely "A & B"'
    survey.save()
    services.invitations_send(
        survey=survey, base_url="http://x.example", municipalities=[municipality("049")], actor=None
    )
    assert mail.outbox[0].subject == 'Kysely "A & B"'
    assert "&amp;" not in mail.outbox[0].body


def test_a_failed_e_mail_keeps_the_earlier_link(client, survey, contacts, monkeypatch):
    _invitation, token = issue(survey, "049")

    def fail(self, *args, **kwargs):
        raise OSError("SMTP server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", fail)
    report = services.invitations_send(
        survey=survey, base_url="http://x.example", municipalities=[municipality("049")], actor=None
    )
    assert [m.code for m in report.failed] == ["049"]
    assert client.get(answer_url(token)).status_code == 200
    assert Invitation.objects.filter(survey=survey).count() == 1


def test_reminders_go_only_to_municipalities_that_have_not_submitted(client, survey, contacts):
    services.invitations_send(survey=survey, base_url="http://x.example", actor=None)
    tokens = {message.to[0]: links_in(message)[0][1] for message in mail.outbox}
    submit(client, tokens["kirjaamo@espoo.example"])  # Espoo submits
    client.post(  # Raasepori saves a draft
        answer_url(tokens["registrator@raseborg.example"], "sv"),
        {"action": "save", "answer-s1": "2"},
    )
    mail.outbox.clear()

    report = services.reminders_send(survey=survey, base_url="http://x.example", actor=None)
    assert {m.code for m in report.sent} == {"710", "078"}
    assert sorted(message.to[0] for message in mail.outbox) == [
        "kirjaamo@hanko.example",
        "registrator@raseborg.example",
    ]
    swedish = next(m for m in mail.outbox if m.to[0] == "registrator@raseborg.example")
    assert swedish.subject.startswith("Påminnelse: ") and "påminnelse" in swedish.body
    finnish = next(m for m in mail.outbox if m.to[0] == "kirjaamo@hanko.example")
    assert finnish.subject.startswith("Muistutus: ")

    # The reminder's link replaces the earlier one; the saved draft is still there.
    old_token = tokens["registrator@raseborg.example"]
    new_token = links_in(swedish)[0][1]
    assert client.get(answer_url(old_token, "sv")).status_code == 410
    page = client.get(answer_url(new_token, "sv")).content.decode()
    assert re.search(r'name="answer-s1" value="2"[^>]*checked', page)
    assert Invitation.objects.get(token_hash=services.tokens.token_hash(new_token)).kind == (
        InvitationKind.REMINDER
    )


def test_no_reminders_after_the_survey_closed_except_to_a_reopened_municipality(survey, contacts):
    survey.closes_on = timezone.localdate() - timedelta(days=1)
    survey.save()
    assert (
        services.reminders_send(survey=survey, base_url="http://x.example", actor=None).sent == []
    )
    services.response_reopen(
        survey=survey,
        municipality=municipality("078"),
        until=timezone.localdate() + timedelta(days=2),
        actor=None,
    )
    report = services.reminders_send(survey=survey, base_url="http://x.example", actor=None)
    assert [m.code for m in report.sent] == ["078"]


def test_no_reminders_before_the_survey_opens(survey, contacts):
    survey.opens_on = timezone.localdate() + timedelta(days=1)
    survey.save()
    assert (
        services.reminders_send(survey=survey, base_url="http://x.example", actor=None).sent == []
    )


# Management commands ---------------------------------------------------------------------------


def test_send_survey_invitations_command(survey, contacts, capsys):
    call_command("send_survey_invitations", survey.key, "--base-url", "https://s.example.fi")
    assert len(mail.outbox) == 3
    assert all("https://s.example.fi/" in message.body for message in mail.outbox)
    output = capsys.readouterr().out
    assert "Invitations sent (3)" in output and "No contact e-mail" in output

    mail.outbox.clear()
    call_command(
        "send_survey_invitations",
        survey.key,
        "--base-url=https://s.example.fi",
        "--municipality=049",
    )
    assert [message.to[0] for message in mail.outbox] == ["kirjaamo@espoo.example"]


def test_send_survey_reminders_command(client, survey, contacts, capsys):
    services.invitations_send(survey=survey, base_url="http://x.example", actor=None)
    submit(client, links_in(mail.outbox[0])[0][1])
    submitted = SurveyResponse.objects.get(survey=survey, status=ResponseStatus.SUBMITTED)
    mail.outbox.clear()
    call_command("send_survey_reminders", survey.key, "--base-url", "https://s.example.fi")
    assert len(mail.outbox) == 2
    assert submitted.municipality.contact_email not in [m.to[0] for m in mail.outbox]
    assert "Reminders sent (2)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["no-such-survey", "--base-url", "https://s.example.fi"],
        ["{key}"],
        ["{key}", "--base-url", "not a url"],
        ["{key}", "--base-url", "https://s.example.fi", "--municipality", "999"],
    ],
    ids=["unknown-survey", "no-base-url", "bad-base-url", "unknown-municipality"],
)
def test_commands_refuse_bad_arguments(survey, contacts, args):
    args = [arg.format(key=survey.key) for arg in args]
    with pytest.raises(CommandError):
        call_command("send_survey_invitations", *args)
    assert mail.outbox == []


# Admin actions ---------------------------------------------------------------------------------


def changelist(model: str, lang: str = "fi") -> str:
    return localized_path(lang, f"/admin/municipalities/{model}/")


def test_admin_sends_invitations_after_a_confirmation(admin_client, survey, contacts, language):
    data = {"action": "send_invitations", "_selected_action": [survey.pk]}
    page = admin_client.post(changelist("survey", language), {**data, "index": 0})
    assert page.status_code == 200
    text = page.content.decode()
    assert "kirjaamo@espoo.example" in text and mail.outbox == []

    response = admin_client.post(changelist("survey", language), {**data, "apply": "1"})
    assert response.status_code == 302
    assert len(mail.outbox) == 3
    # The link is absolute, built from the admin's own request.
    assert all(links_in(message) for message in mail.outbox)
    assert "http://testserver/" in mail.outbox[0].body


def test_admin_sends_reminders_only_to_non_responders(admin_client, client, survey, contacts):
    services.invitations_send(survey=survey, base_url="http://testserver", actor=None)
    espoo = next(m for m in mail.outbox if m.to[0] == "kirjaamo@espoo.example")
    submit(client, links_in(espoo)[0][1])
    mail.outbox.clear()
    data = {"action": "send_reminders", "_selected_action": [survey.pk], "apply": "1"}
    assert admin_client.post(changelist("survey"), data).status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == [
        "kirjaamo@hanko.example",
        "registrator@raseborg.example",
    ]


def test_admin_revokes_links(admin_client, client, survey):
    invitation, token = issue(survey)
    data = {"action": "revoke", "_selected_action": [invitation.pk], "index": 0}
    assert admin_client.post(changelist("invitation"), data).status_code == 302
    assert client.get(answer_url(token)).status_code == 410


def test_admin_makes_a_link_by_hand_and_shows_it_once(admin_client, client, survey):
    old, old_token = issue(survey)
    response = admin_client.post(
        "/fi/admin/municipalities/invitation/add/",
        {"survey": survey.pk, "municipality": old.municipality_id, "language": "sv"},
        follow=True,
    )
    assert response.status_code == 200
    [(lang, token)] = LINK.findall(response.content.decode())
    assert lang == "sv"
    assert client.get(answer_url(token, "sv")).status_code == 200
    assert client.get(answer_url(old_token)).status_code == 410
    assert Invitation.objects.get(token_hash=services.tokens.token_hash(token)).kind == "link"


@pytest.mark.parametrize("model", ["surveyresponse", "invitation"])
def test_admin_reopens_one_municipality(admin_client, client, survey, model):
    invitation, token = issue(survey)
    submit(client, token)
    survey.closes_on = timezone.localdate() - timedelta(days=1)
    survey.save()
    response = SurveyResponse.objects.get(survey=survey)
    pk = response.pk if model == "surveyresponse" else invitation.pk
    until = timezone.localdate() + timedelta(days=5)
    data = {"action": "reopen", "_selected_action": [pk]}

    page = admin_client.post(changelist(model), {**data, "index": 0})
    assert page.status_code == 200 and 'name="until"' in page.content.decode()
    past = admin_client.post(changelist(model), {**data, "apply": "1", "until": "2020-01-01"})
    assert past.status_code == 200  # the form again, with the error
    response.refresh_from_db()
    assert response.reopened_until is None

    done = admin_client.post(
        changelist(model),
        {**data, "apply": "1", "until": until.isoformat(), "to_draft": "on"},
    )
    assert done.status_code == 302
    response.refresh_from_db()
    assert (response.reopened_until, response.status) == (until, ResponseStatus.DRAFT)
    assert client.post(answer_url(token), {"action": "save", "answer-s1": "1"}).status_code == 302


def test_admin_pages_of_a_survey_with_invitations_load(admin_client, survey, language):
    invitation, _token = issue(survey)
    for url in (
        localized_path(language, "/admin/municipalities/invitation/"),
        localized_path(language, f"/admin/municipalities/invitation/{invitation.pk}/change/"),
        localized_path(language, "/admin/municipalities/invitation/add/"),
        localized_path(language, f"/admin/municipalities/survey/{survey.pk}/change/"),
    ):
        assert admin_client.get(url).status_code == 200, url
