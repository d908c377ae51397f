"""E-mail through a real SMTP server (aiosmtpd, started by the test on 127.0.0.1): what arrives
of invitations, reminders, workflow notices and password resets, and what happens when the
server refuses or is down (hardening round 3, #28 item 7)."""

import datetime
import email
import re
import socket
from email import policy
from email.header import decode_header, make_header
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from evaluations.models import NotificationKind, NotificationLog, RoundState, UserProfile
from evaluations.roles import APPROVER, OFFICIAL
from evaluations.workflow import notifications
from municipalities import services
from municipalities.models import Invitation, Municipality
from tests.factories import make_assignment, make_goal, make_round, make_section, make_user
from tests.municipalities.builders import make_survey

pytestmark = pytest.mark.django_db

SITE = "https://strategia.luvn.example"
SENDER = "Länsi-Uudenmaan hyvinvointialue · Västra Nylands välfärdsområde <strategia@luvn.example>"
LINK = re.compile(r"https?://\S+")


class Inbox:
    """The SMTP handler: keeps each message as the bytes that arrived."""

    def __init__(self):
        self.messages: list[bytes] = []
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "554 5.7.1 Refused by the test"
        self.messages.append(envelope.original_content or envelope.content)
        return "250 OK"

    def parsed(self):
        return [email.message_from_bytes(raw, policy=policy.default) for raw in self.messages]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    with socket.socket() as probe:  # a free port on the loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = SENDER
    settings.SITE_URL = SITE
    yield inbox, controller
    controller.stop()


def _check_encoding(raw: bytes, message) -> None:
    """Headers are 7-bit (non-ASCII words encoded), the body says its charset."""
    head = raw.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in raw else raw.split(b"\n\n", 1)[0]
    head.decode("ascii")  # raises on a raw å/ä/ö in a header
    # Decoded as mail clients do (RFC 2047: no space between adjacent encoded words; the
    # default policy's address parser would insert one).
    raw_from = email.message_from_bytes(raw, policy=policy.compat32)["From"]
    assert str(make_header(decode_header(raw_from))) == SENDER
    assert message["From"].addresses[0].addr_spec == "strategia@luvn.example"
    for part in message.walk():
        if part.get_content_maintype() == "text":
            assert part.get_content_charset() == "utf-8"
    assert message.get_body(preferencelist=("plain",)) is not None


def _links(message) -> list[str]:
    return LINK.findall(message.get_body(preferencelist=("plain",)).get_content())


def _headers(message) -> str:
    return "\n".join(f"{key}: {value}" for key, value in message.items())


def _works(client, link: str, user=None) -> int:
    if user is not None:
        client.force_login(user)
    return client.get(urlsplit(link).path).status_code


def test_a_survey_invitation_arrives_in_the_municipalitys_language_with_a_working_link(
    smtp, client
):
    inbox, _controller = smtp
    survey = make_survey()
    Municipality.objects.exclude(code="710").update(contact_email="")
    Municipality.objects.filter(code="710").update(contact_email="registrator@raseborg.example")
    call_command("send_survey_invitations", survey.key, "--force", "--base-url", SITE)
    (raw,) = inbox.messages
    (message,) = inbox.parsed()
    _check_encoding(raw, message)
    assert message["To"] == "registrator@raseborg.example"
    assert "Testenkät" in message["Subject"]  # Raseborg writes in Swedish first
    links = [link for link in _links(message) if "/svara/" in link or "/vastaa/" in link]
    assert links and all(link.startswith(f"{SITE}/") for link in links)
    token = re.search(r"/([A-Za-z0-9_-]{43})/", links[0])[1]
    assert token not in _headers(message)
    assert _works(client, links[0]) == 200
    assert Invitation.objects.get(survey=survey).sent_at is not None


@pytest.fixture
def workflow():
    section = make_section(title_fi="Hyvinvointi ja terveys", title_sv="Välfärd och hälsa")
    make_goal(section=section)
    official = make_user(OFFICIAL, email="tjansteman@example.fi", first_name="Åsa")
    UserProfile.objects.update_or_create(user=official, defaults={"language": "sv"})
    approver = make_user(APPROVER, email="hyvaksyja@example.fi", first_name="Äijä")
    assignment = make_assignment(
        round=make_round(state=RoundState.OPEN, rating_deadline=datetime.date(2030, 1, 31)),
        section=section,
        officials=[official],
        approvers=[approver],
    )
    return assignment, official, approver


def test_workflow_notices_and_reminders_arrive_each_in_the_recipients_language(
    smtp, client, workflow
):
    inbox, _controller = smtp
    assignment, official, approver = workflow
    notifications.notify(
        kind=NotificationKind.SUBMITTED, users=[approver], assignment=assignment, actor=official
    )
    report = notifications.reminders_send(rounds=[assignment.round], actor=None)
    assert len(report.sent) == 1 and not report.failed
    assert len(inbox.messages) == 2
    notice, reminder = inbox.parsed()
    for raw, message in zip(inbox.messages, (notice, reminder), strict=True):
        _check_encoding(raw, message)
        for link in _links(message):
            assert link.startswith(f"{SITE}/")
    assert notice["To"] == "hyvaksyja@example.fi"
    assert "Hyvinvointi ja terveys" in notice["Subject"]
    assert "/fi/tyo/" in " ".join(_links(notice))
    assert _works(client, _links(notice)[0], approver) == 200
    assert reminder["To"] == "tjansteman@example.fi"
    assert "Välfärd och hälsa" in reminder["Subject"]
    assert "/sv/" in " ".join(_links(reminder))


def test_a_password_reset_arrives_with_a_working_link(smtp, client):
    inbox, _controller = smtp
    user = get_user_model().objects.create_user("reset", "reset@example.fi", "old-password-12")
    response = client.post(reverse("password_reset"), {"email": "reset@example.fi"})
    assert response.status_code == 302
    (raw,) = inbox.messages
    (message,) = inbox.parsed()
    _check_encoding(raw, message)
    (link,) = [link for link in _links(message) if "/new/" in link or "/uusi/" in link] or [
        _links(message)[0]
    ]
    path = urlsplit(link).path
    token = path.rstrip("/").rsplit("/", 1)[-1]
    assert token not in _headers(message)
    assert client.get(path).status_code == 302  # to the form for the new password
    assert NotificationLog.objects.filter(recipient=user, failed=False).count() == 1


@pytest.mark.parametrize("failure", ["refused", "down"])
def test_a_refusing_or_absent_server_is_logged_and_visible_never_a_500(
    smtp, client, workflow, caplog, failure
):
    inbox, controller = smtp
    assignment, official, approver = workflow
    if failure == "refused":
        inbox.refuse = True
    else:
        controller.stop()
        controller.stop = lambda: None  # the fixture's stop is then harmless

    survey = make_survey()
    Municipality.objects.exclude(code="049").update(contact_email="")
    Municipality.objects.filter(code="049").update(contact_email="kirjaamo@espoo.example")
    sent = services.invitations_send(survey=survey, base_url=SITE, actor=None)
    assert [m.code for m in sent.failed] == ["049"] and not sent.sent
    # The earlier link still works: no invitation was left half-issued.
    assert not Invitation.objects.filter(survey=survey).exists()

    report = notifications.notify(
        kind=NotificationKind.SUBMITTED, users=[approver], assignment=assignment, actor=official
    )
    assert report.failed == [approver] and not report.sent
    log = NotificationLog.objects.get(kind=NotificationKind.SUBMITTED, recipient=approver)
    assert log.failed is True

    get_user_model().objects.create_user("reset", "reset@example.fi", "old-password-12")
    assert client.post(reverse("password_reset"), {"email": "reset@example.fi"}).status_code == 302
    assert NotificationLog.objects.get(kind=NotificationKind.PASSWORD_RESET).failed is True

    logged = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any("failed" in line for line in logged)
    assert not inbox.messages
