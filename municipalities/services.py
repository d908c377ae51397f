"""Writes of the municipality survey: copy a survey, invitation links and e-mails, answers.

Each write runs in one transaction and re-reads what it depends on under a row lock, so a link
revoked or a response submitted in the meantime is seen; a refused write saves nothing.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from luvn.permissions import ensure_allowed
from luvn.translation import localized
from municipalities import open_link, permissions, selectors, tokens
from municipalities.models import (
    Answer,
    Audience,
    Invitation,
    InvitationKind,
    InvitationState,
    Language,
    Municipality,
    Question,
    QuestionKind,
    QuestionOption,
    Respondent,
    ResponseStatus,
    Survey,
    SurveyResponse,
    SurveyTheme,
    end_of_day,
)
from municipalities.selectors import AnsweringState

logger = logging.getLogger(__name__)

# A link keeps working a while after the survey closes, so that the municipality can still
# read its submitted answers beside everyone's means.
LINK_VALID_AFTER_CLOSE = timedelta(days=60)
LINK_VALID_WITHOUT_CLOSE = timedelta(days=90)


class AnsweringRefused(Exception):
    """The link cannot change the response now; ``status`` is the HTTP status to answer with."""

    status = 403


class LinkNotValid(AnsweringRefused):
    status = 410


class AnsweringClosed(AnsweringRefused):
    status = 403


class AlreadySubmitted(AnsweringRefused):
    status = 409


class ResponseCapReached(AnsweringRefused):
    """An open link has taken as many responses as it may."""

    status = 410


class TooManyResponses(AnsweringRefused):
    """Too many responses from one client address in a short time (an open link)."""

    status = 429


class ResponseIncomplete(Exception):
    def __init__(self, questions: list[Question]):
        super().__init__(questions)
        self.questions = questions


# Copying a survey ------------------------------------------------------------------------------

TRANSLATED = ("fi", "sv")


def _texts(obj, name: str) -> dict[str, str]:
    return {f"{name}_{lang}": getattr(obj, f"{name}_{lang}") or "" for lang in TRANSLATED}


@transaction.atomic
def survey_copy(
    *,
    survey: Survey,
    key: str,
    round=None,
    opens_on: date | None = None,
    closes_on: date | None = None,
    actor: AbstractBaseUser | None,
) -> Survey:
    """A new survey with ``survey``'s themes and questions: no responses, no published figures."""
    ensure_allowed(actor, permissions.can_copy_survey)
    copy = Survey(
        key=key,
        round=round or survey.round,
        kind=survey.kind,
        audience=survey.audience,
        min_group_size=survey.min_group_size,
        response_cap=survey.response_cap,
        opens_on=opens_on,
        closes_on=closes_on,
        **_texts(survey, "title"),
        **_texts(survey, "description"),
        **_texts(survey, "target_group"),
    )
    copy.full_clean()
    copy.save()
    themes = {}
    for theme in survey.themes.order_by("order", "pk"):
        new_theme = SurveyTheme(
            survey=copy,
            key=theme.key,
            order=theme.order,
            **_texts(theme, "title"),
            **_texts(theme, "description"),
        )
        new_theme.full_clean()
        new_theme.save()
        themes[theme.pk] = new_theme
    for question in survey.questions.order_by("order", "pk"):
        new_question = Question(
            survey=copy,
            theme=themes.get(question.theme_id),
            key=question.key,
            kind=question.kind,
            goal_id=question.goal_id,
            sub_goal_id=question.sub_goal_id,
            share_threshold=question.share_threshold,
            is_group_question=question.is_group_question,
            order=question.order,
            **_texts(question, "text"),
        )
        new_question.full_clean()
        new_question.save()
        for option in question.options.order_by("order", "pk"):
            new_option = QuestionOption(
                question=new_question, key=option.key, order=option.order, **_texts(option, "text")
            )
            new_option.full_clean()
            new_option.save()
    return copy


def survey_copy_key(survey: Survey) -> str:
    """A free key for a copy of ``survey``: ``<key>-copy``, ``<key>-copy-2``, …"""
    base = f"{survey.key[:70]}-copy"
    taken = set(Survey.objects.filter(key__startswith=base).values_list("key", flat=True))
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key


# Invitation links ------------------------------------------------------------------------------


def link_expiry(survey: Survey, now: datetime | None = None) -> datetime:
    now = now or timezone.now()
    if survey.closes_on is None:
        return now + LINK_VALID_WITHOUT_CLOSE
    return max(end_of_day(survey.closes_on), now) + LINK_VALID_AFTER_CLOSE


@transaction.atomic
def invitation_issue(
    *,
    survey: Survey,
    municipality: Municipality | None = None,
    respondent: Respondent | None = None,
    kind: str = InvitationKind.INVITATION,
    language: str | None = None,
    email: str = "",
) -> tuple[Invitation, str]:
    """A new link for the municipality (or the named respondent); its earlier links stop
    working. Returns the token, which is not stored anywhere: send it or show it now."""
    if (municipality is None) == (respondent is None):
        raise ValueError("a link is for a municipality or a respondent")
    recipient = {"municipality": municipality} if municipality else {"respondent": respondent}
    now = timezone.now()
    Invitation.objects.select_for_update().filter(
        survey=survey, revoked_at=None, **recipient
    ).update(revoked_at=now)
    token = tokens.token_new()
    invitation = Invitation(
        survey=survey,
        **recipient,
        token_hash=tokens.token_hash(token),
        kind=kind,
        language=language or (municipality or respondent).language,
        email=email,
        created_at=now,
        expires_at=link_expiry(survey, now),
    )
    invitation.full_clean(exclude=["token_hash"])
    invitation.save()
    return invitation, token


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: AbstractBaseUser | None) -> Invitation:
    ensure_allowed(actor, permissions.can_send_links)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def answer_link(*, token: str, language: str, base_url: str, respondent: bool = False) -> str:
    """The absolute address of the answering page in ``language``; a named respondent's link
    has an address of its own (``kyselyt/vastaa/…``, not ``kunnat/vastaa/…``)."""
    with translation.override(language):
        name = "municipalities:respond" if respondent else "municipalities:answer"
        path = reverse(name, kwargs={"token": token})
    return base_url.rstrip("/") + path


def invitation_email(*, invitation: Invitation, token: str, base_url: str) -> EmailMessage:
    """The invitation or reminder e-mail, in the language of the municipality's contact (or of
    the named respondent); to a bilingual municipality in both languages, its own first, each
    part with the link in its language."""
    municipality, respondent = invitation.municipality, invitation.respondent
    languages = [invitation.language]
    if municipality is not None and municipality.bilingual:
        languages += [code for code, _name in Language.choices if code != invitation.language]
    subjects, bodies = [], []
    for language in languages:
        subject, body = _invitation_text(invitation, token, base_url, language)
        subjects.append(" ".join(subject.split()))
        bodies.append(body.strip())
    address = respondent.email if respondent else municipality.contact_email
    return EmailMessage(
        subject=" / ".join(dict.fromkeys(subjects)),
        body=("\n\n" + "-" * 40 + "\n\n").join(bodies) + "\n",
        to=[address],
    )


def _invitation_text(invitation: Invitation, token: str, base_url: str, language: str):
    """The subject and body of an invitation or reminder in ``language``."""
    survey, municipality = invitation.survey, invitation.municipality
    respondent = invitation.respondent
    link = answer_link(
        token=token,
        language=language,
        base_url=base_url,
        respondent=respondent is not None,
    )
    with translation.override(language):
        context = {
            "survey": survey,
            "title": localized(survey, "title").text,
            "municipality": municipality,
            "municipality_name": localized(municipality, "name").text if municipality else "",
            "respondent": respondent,
            "invitation": invitation,
            "link": link,
            "expires_on": timezone.localtime(invitation.expires_at).date(),
            "reminder": invitation.kind == InvitationKind.REMINDER,
        }
        subject = render_to_string("municipalities/email/invitation_subject.txt", context)
        template = (
            "municipalities/email/respondent_invitation_body.txt"
            if respondent
            else "municipalities/email/invitation_body.txt"
        )
        body = render_to_string(template, context)
    return subject, body


@dataclass
class SendReport:
    """Who got an e-mail: municipalities, or named respondents (both have ``name``)."""

    sent: list = field(default_factory=list)
    no_address: list = field(default_factory=list)
    failed: list = field(default_factory=list)


def _address(recipient) -> str:
    return recipient.email if isinstance(recipient, Respondent) else recipient.contact_email


def _send(
    *,
    survey: Survey,
    municipalities,
    kind: str,
    base_url: str,
) -> SendReport:
    """E-mail each recipient (municipalities or named respondents) a new link of ``kind``."""
    report = SendReport()
    connection = get_connection()
    for municipality in sorted(municipalities, key=lambda m: getattr(m, "name_fi", m.name)):
        address = _address(municipality)
        if not address:
            report.no_address.append(municipality)
            continue
        recipient = (
            {"respondent": municipality}
            if isinstance(municipality, Respondent)
            else {"municipality": municipality}
        )
        try:
            # Issue and send together: if the e-mail cannot be sent, the earlier link stays.
            with transaction.atomic():
                invitation, token = invitation_issue(
                    survey=survey, kind=kind, email=address, **recipient
                )
                message = invitation_email(invitation=invitation, token=token, base_url=base_url)
                message.connection = connection
                message.send()
                invitation.sent_at = timezone.now()
                invitation.save(update_fields=["sent_at"])
        except OSError:  # smtplib's errors are OSErrors too
            logger.exception("survey %s: e-mail to %s failed", survey.key, municipality.pk)
            report.failed.append(municipality)
        else:
            report.sent.append(municipality)
    return report


def invitations_send(
    *, survey: Survey, base_url: str, actor: AbstractBaseUser | None, municipalities=None
) -> SendReport:
    """E-mail a new link to each municipality given; by default to each that has not submitted
    (one that has submitted has nothing left to do, and keeps its link to read its answers).
    A survey of named respondents goes to each respondent who has not answered."""
    ensure_allowed(actor, permissions.can_send_links)
    if municipalities is None:
        municipalities = selectors.recipient_list_not_submitted(survey=survey)
    return _send(
        survey=survey,
        municipalities=municipalities,
        kind=InvitationKind.INVITATION,
        base_url=base_url,
    )


def reminders_send(
    *, survey: Survey, base_url: str, actor: AbstractBaseUser | None, day: date | None = None
) -> SendReport:
    """Remind the municipalities that have not submitted and still can: each gets a new link."""
    ensure_allowed(actor, permissions.can_send_links)
    day = day or timezone.localdate()
    if survey.audience == Audience.RESPONDENTS:
        # Only those who have not answered, and only while the survey is open.
        waiting = selectors.recipient_list_not_submitted(survey=survey)
        can_answer = waiting if survey.is_open_on(day) else []
        return _send(
            survey=survey,
            municipalities=can_answer,
            kind=InvitationKind.REMINDER,
            base_url=base_url,
        )
    waiting = selectors.municipality_list_not_submitted(survey=survey)
    responses = {r.municipality_id: r for r in SurveyResponse.objects.filter(survey=survey)}
    can_answer = [
        municipality
        for municipality in waiting
        if selectors.answering_state(
            survey=survey, response=responses.get(municipality.pk), day=day
        )
        == AnsweringState.OPEN
    ]
    return _send(
        survey=survey, municipalities=can_answer, kind=InvitationKind.REMINDER, base_url=base_url
    )


# Answering -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerInput:
    """What the form says about one question: a rating, "cannot say", a text, chosen options
    or nothing."""

    question: Question
    score: int | None = None
    cannot_say: bool = False
    text: str = ""
    options: tuple[QuestionOption, ...] = ()

    @property
    def is_empty(self) -> bool:
        return self.score is None and not self.cannot_say and not self.text and not self.options


def _locked_response(invitation: Invitation, language: str | None = None) -> SurveyResponse:
    """The invitation re-checked and the response locked (made on the first save).

    A named respondent's draft is found through the respondent's ``draft`` pointer; once the
    respondent has answered there is no pointer and the link refuses any further answer.
    """
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("survey__round", "municipality")
        .get(pk=invitation.pk)
    )
    if invitation.state() != InvitationState.VALID:
        raise LinkNotValid
    if invitation.respondent_id is not None:
        respondent = Respondent.objects.select_for_update().get(pk=invitation.respondent_id)
        if respondent.answered:
            raise AlreadySubmitted
        response = respondent.draft
        if response is None:
            response = SurveyResponse.objects.create(
                survey=invitation.survey,
                group=respondent.group,
                language=language or invitation.language,
            )
            respondent.draft = response
            respondent.save(update_fields=["draft"])
    else:
        response, _created = SurveyResponse.objects.select_for_update().get_or_create(
            survey=invitation.survey,
            municipality=invitation.municipality,
            defaults={"language": language or invitation.language},
        )
    if response.survey_id == invitation.survey_id:
        # Read with the link just now, with the round that the save's signal looks at.
        response.survey = invitation.survey
    state = selectors.answering_state(survey=invitation.survey, response=response)
    if state == AnsweringState.SUBMITTED:
        raise AlreadySubmitted
    if state != AnsweringState.OPEN:
        raise AnsweringClosed
    return response


def _check_input(survey: Survey, entry: AnswerInput) -> None:
    question = entry.question
    if question.survey_id != survey.pk:
        raise ValueError("a question of another survey")
    if any(option.question_id != question.pk for option in entry.options):
        raise ValueError("an option of another question")
    if entry.options and not question.is_choice:
        raise ValueError("options for a question without options")
    if question.kind == QuestionKind.SINGLE and len(entry.options) > 1:
        raise ValidationError(
            _("Choose only one option."), code="one_option", params={"question": question.key}
        )


def _write_answers(response: SurveyResponse, inputs: list[AnswerInput]) -> None:
    if not inputs:
        return
    for entry in inputs:
        _check_input(response.survey, entry)
    existing = {
        answer.question_id: answer
        for answer in response.answers.filter(question__in=[entry.question for entry in inputs])
    }
    for entry in inputs:
        answer = existing.get(entry.question.pk)
        if entry.is_empty:
            if answer is not None:
                answer.delete()
            continue
        answer = answer or Answer(response=response)
        answer.question = entry.question  # the question at hand, not read again
        answer.score = entry.score
        answer.cannot_say = entry.cannot_say
        answer.text = entry.text
        # The database checks the constraints; checking them here would cost queries per answer.
        # Nor are the two references looked up again: the response is the locked one, and the
        # question is of its survey (_check_input).
        answer.full_clean(
            exclude=["response", "question"], validate_unique=False, validate_constraints=False
        )
        answer.save()
        if entry.question.is_choice:
            answer.options.set(entry.options)
        if entry.question.is_group_question:
            response.group = entry.options[0].key if entry.options else ""


@transaction.atomic
def response_save(
    *, invitation: Invitation, inputs: list[AnswerInput], language: str
) -> SurveyResponse:
    """Save the given answers as a draft (all, or none if any is refused)."""
    response = _locked_response(invitation, language)
    _write_answers(response, inputs)
    response.language = language
    response.save()  # the time of the last save is shown to the respondent
    return response


def response_missing(*, response: SurveyResponse | None, questions: list[Question]):
    """The required questions without an answer."""
    answered = set()
    if response is not None and response.pk:
        given = response.answers.filter(
            Q(score__isnull=False) | Q(cannot_say=True) | Q(options__isnull=False)
        )
        answered = set(given.values_list("question_id", flat=True))
    return [q for q in questions if q.required and q.pk not in answered]


def response_submit(*, invitation: Invitation) -> SurveyResponse:
    """Submit the saved answers, once; every required question needs an answer.

    A named respondent's response is submitted in one transaction and the person marked as
    answered in another (``_respondent_answered``), so that no row metadata pairs them: on
    PostgreSQL rows written or locked in one transaction share its id (``xmin``/``xmax``).
    Each of the two also rewrites its peers (every submitted response of the survey, every
    answered respondent with their links), so even consecutive transaction ids pair only the
    whole set of responses with the whole set of respondents who answered. Should the second
    step fail, the response is submitted and the person can no longer answer (their draft is
    submitted); a new submit completes it.
    """
    if invitation.respondent_id is None:
        with transaction.atomic():
            return _response_submitted(_locked_response(invitation))
    with transaction.atomic():
        # Read, not locked: a lock would write this transaction's id into the person's rows.
        invitation = Invitation.objects.select_related("survey__round").get(pk=invitation.pk)
        if invitation.state() != InvitationState.VALID:
            raise LinkNotValid
        respondent = Respondent.objects.get(pk=invitation.respondent_id)
        if respondent.answered:
            raise AlreadySubmitted
        if respondent.draft_id is None:
            questions = Question.objects.filter(survey=invitation.survey)
            raise ResponseIncomplete([q for q in questions if q.required])
        response = SurveyResponse.objects.select_for_update().get(pk=respondent.draft_id)
        response.survey = invitation.survey
        if response.is_submitted:
            submitted = response
        else:
            state = selectors.answering_state(survey=invitation.survey, response=response)
            if state != AnsweringState.OPEN:
                raise AnsweringClosed
            submitted = _response_submitted(response)
        # Every submitted response of the survey is rewritten with this one.
        SurveyResponse.objects.filter(
            survey=invitation.survey, status=ResponseStatus.SUBMITTED
        ).exclude(pk=submitted.pk).update(status=F("status"))
    _respondent_answered(respondent_id=respondent.pk, survey=invitation.survey)
    return submitted


def _response_submitted(response: SurveyResponse) -> SurveyResponse:
    missing = response_missing(
        response=response, questions=list(Question.objects.filter(survey=response.survey))
    )
    if missing:
        raise ResponseIncomplete(missing)
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = timezone.now()
    response.full_clean()
    response.save()
    return response


@transaction.atomic
def _respondent_answered(*, respondent_id: int, survey: Survey) -> None:
    """From now on nothing ties the response to the person: the pointer goes, the person is
    only known to have answered. The survey's answered respondents and their links are
    rewritten together, so the person's rows carry the same transaction as all the others."""
    Respondent.objects.filter(pk=respondent_id).update(answered=True, draft=None)
    Respondent.objects.filter(survey=survey, answered=True).update(answered=True)
    Invitation.objects.filter(survey=survey, respondent__answered=True).update(
        revoked_at=F("revoked_at")
    )


# Answering through the open link ---------------------------------------------------------------


@transaction.atomic
def open_response_submit(
    *,
    survey: Survey,
    inputs: list[AnswerInput],
    language: str,
    client: str,
    day: date | None = None,
) -> SurveyResponse:
    """One anonymous response through the open link, whole or not at all.

    The survey row is locked, so two respondents at the same time cannot pass the cap together,
    nor one ``client`` (its address) its budget of responses (``open_link``).
    """
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.audience != Audience.OPEN_LINK:
        raise LinkNotValid
    day = day or timezone.localdate()
    if not survey.is_open_on(day):
        raise AnsweringClosed
    if not open_link.budget_take(survey, client):
        raise TooManyResponses
    if survey.response_cap is not None:
        taken = SurveyResponse.objects.filter(survey=survey).count()
        if taken >= survey.response_cap:
            raise ResponseCapReached
    given = {entry.question.pk for entry in inputs if not entry.is_empty}
    missing = [
        q for q in Question.objects.filter(survey=survey) if q.required and q.pk not in given
    ]
    if missing:
        raise ResponseIncomplete(missing)
    response = SurveyResponse.objects.create(
        survey=survey,
        language=language,
        status=ResponseStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    _write_answers(response, inputs)
    response.full_clean()
    response.save()
    return response


@transaction.atomic
def response_reopen(
    *,
    survey: Survey,
    municipality: Municipality,
    until: date,
    actor: AbstractBaseUser | None,
    to_draft: bool = True,
) -> SurveyResponse:
    """Let one municipality answer until ``until`` (included), also after the survey closed.

    ``to_draft`` returns a submitted response to a draft so that it can be changed (it then
    counts as answered again only when submitted again). The municipality's valid link is kept
    working at least as long.
    """
    ensure_allowed(actor, permissions.can_reopen_responses)
    if until < timezone.localdate():
        raise ValidationError({"until": _("The new deadline cannot be in the past.")})
    response, _created = SurveyResponse.objects.select_for_update().get_or_create(
        survey=survey, municipality=municipality, defaults={"language": municipality.language}
    )
    response.reopened_until = until
    if to_draft and response.is_submitted:
        response.status = ResponseStatus.DRAFT
        response.submitted_at = None
    response.full_clean()
    response.save()
    Invitation.objects.filter(
        survey=survey,
        municipality=municipality,
        revoked_at=None,
        expires_at__lt=end_of_day(until) + LINK_VALID_AFTER_CLOSE,
    ).update(expires_at=end_of_day(until) + LINK_VALID_AFTER_CLOSE)
    return response
