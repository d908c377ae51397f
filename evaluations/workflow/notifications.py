"""E-mails of the rating workflow, each in its recipient's language, and a log of what was sent.

- a section (or a follow-up unit) assigned → its new officials and approvers;
- submitted → its approvers; returned or approved → its officials;
- reminders before the round's deadline → officials of sections not yet submitted and approvers
  of sections waiting for their decision (``send_round_reminders``, run daily by cron, and the
  round admin's action). Nobody is reminded of finished work.

Every e-mail sent is a ``NotificationLog`` row (admin: *Sent e-mails*). The workflow's e-mails
are sent after the transaction that changed the state commits, so a refused change sends
nothing. ``user_language(user)`` is the one place that tells a user's language.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from evaluations.models import (
    Assignment,
    AssignmentState,
    EvaluationRound,
    NotificationKind,
    NotificationLog,
    RoundState,
    user_language,
)
from evaluations.workflow import permissions
from luvn.formatting import person_name
from luvn.permissions import ensure_allowed
from luvn.translation import localized

logger = logging.getLogger(__name__)

# Default reminder days before the deadline: a week ahead and the day before.
REMINDER_DAYS = (7, 1)


def site_url(path: str, *, base_url: str | None = None) -> str:
    return (base_url or settings.SITE_URL).rstrip("/") + path


def assignment_link(assignment: Assignment, language: str, *, base_url: str | None = None) -> str:
    with translation.override(language):
        return site_url(assignment.get_absolute_url(), base_url=base_url)


def _target(assignment: Assignment):
    return assignment.section or getattr(assignment, "unit", None)


def target_title(target) -> str:
    """A section's title or a unit's name in the active language."""
    if target is None:
        return ""
    return localized(target, "title" if hasattr(target, "title_fi") else "name").text


def notification_email(
    *,
    kind: str,
    user,
    assignment: Assignment,
    base_url: str | None = None,
    actor=None,
) -> tuple[EmailMessage, str]:
    """The e-mail of ``kind`` about ``assignment`` to ``user``, in the user's language."""
    language = user_language(user)
    target = _target(assignment)
    with translation.override(language):
        context = {
            "kind": kind,
            "user": user,
            "name": person_name(user, absent="–"),
            "assignment": assignment,
            "target": target_title(target),
            "number": getattr(target, "number", "") or "",
            "strategy": (
                localized(target.strategy, "name").text if hasattr(target, "strategy") else ""
            ),
            "round": localized(assignment.round, "name").text,
            "deadline": assignment.round.rating_deadline,
            "actor": person_name(actor),
            "comment": assignment.comment,
            "link": assignment_link(assignment, language, base_url=base_url),
            "my_work": site_url(reverse("work:my_work"), base_url=base_url),
            "is_official": any(u.pk == user.pk for u in assignment.officials.all()),
            "is_approver": any(u.pk == user.pk for u in assignment.approvers.all()),
            # A follow-up round's unit: statuses and indicator values rather than ratings.
            "is_follow_up": assignment.unit_id is not None,
        }
        subject = render_to_string("evaluations/email/notification_subject.txt", context)
        body = render_to_string("evaluations/email/notification_body.txt", context)
    message = EmailMessage(subject=" ".join(subject.split()), body=body, to=[user.email])
    return message, language


@dataclass
class SendReport:
    sent: list[NotificationLog] = field(default_factory=list)
    no_address: list = field(default_factory=list)
    failed: list = field(default_factory=list)


def notify(
    *,
    kind: str,
    users: Iterable,
    assignment: Assignment,
    base_url: str | None = None,
    actor=None,
    connection=None,
) -> SendReport:
    """Send the e-mail of ``kind`` to each user (once each) and log it."""
    report = SendReport()
    connection = connection or get_connection()
    seen = set()
    for user in users:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        if not user.email:
            report.no_address.append(user)
            continue
        message, language = notification_email(
            kind=kind, user=user, assignment=assignment, base_url=base_url, actor=actor
        )
        message.connection = connection
        try:
            message.send()
        except OSError:  # smtplib's errors are OSErrors too
            logger.exception("e-mail %s to user %s failed", kind, user.pk)
            failed = True
        else:
            failed = False
        log = NotificationLog.objects.create(
            kind=kind,
            recipient=user,
            email=user.email,
            language=language,
            assignment=assignment,
            subject=message.subject[:300],
            failed=failed,
        )
        if failed:
            report.failed.append(user)
        else:
            report.sent.append(log)
    return report


def _fresh(assignment: Assignment) -> Assignment:
    from evaluations.workflow.selectors import assignment_queryset

    return assignment_queryset().get(pk=assignment.pk)


def on_commit_notify(*, kind: str, assignment: Assignment, actor=None, users=None) -> None:
    """After the current transaction commits: e-mail the people ``kind`` concerns.

    submitted → the approvers; returned and approved → the officials; assigned → ``users``.
    """
    user_ids = [u.pk for u in users] if users is not None else None

    def send():
        fresh = _fresh(assignment)
        if kind == NotificationKind.SUBMITTED:
            recipients = fresh.approvers.all()
        elif kind in {NotificationKind.RETURNED, NotificationKind.APPROVED}:
            recipients = fresh.officials.all()
        else:
            people = {u.pk: u for u in [*fresh.officials.all(), *fresh.approvers.all()]}
            recipients = [people[pk] for pk in user_ids or [] if pk in people]
        notify(kind=kind, users=recipients, assignment=fresh, actor=actor)

    transaction.on_commit(send)


# Reminders ----------------------------------------------------------------------------------


@dataclass
class Reminder:
    kind: str
    user: object
    assignment: Assignment


def reminder_list(*, rounds: Iterable[EvaluationRound]) -> list[Reminder]:
    """Who has work left in the open rounds given: officials of sections not submitted (draft
    or returned), approvers of submitted sections. Approved sections remind nobody."""
    from evaluations.workflow.selectors import assignment_queryset

    assignments = assignment_queryset().filter(
        round__in=list(rounds),
        round__state=RoundState.OPEN,
        state__in=[AssignmentState.DRAFT, AssignmentState.RETURNED, AssignmentState.SUBMITTED],
    )
    reminders = []
    for assignment in assignments:
        if assignment.state == AssignmentState.SUBMITTED:
            kind, people = NotificationKind.REMINDER_APPROVER, assignment.approvers.all()
        else:
            kind, people = NotificationKind.REMINDER_OFFICIAL, assignment.officials.all()
        reminders += [Reminder(kind, user, assignment) for user in people]
    return reminders


def rounds_due_for_reminders(
    *, today: date | None = None, days: Iterable[int] = REMINDER_DAYS
) -> list[EvaluationRound]:
    """Open rounds whose deadline is exactly one of ``days`` days from ``today``."""
    today = today or timezone.localdate()
    dates = [today + timedelta(days=n) for n in days]
    return list(EvaluationRound.objects.filter(state=RoundState.OPEN, rating_deadline__in=dates))


def reminders_send(
    *,
    rounds: Iterable[EvaluationRound],
    actor: AbstractBaseUser | None,
    base_url: str | None = None,
) -> SendReport:
    """Remind everyone with work left in ``rounds``; one reminder per person, section and day."""
    ensure_allowed(actor, permissions.can_run_round)
    today_start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    already = set(
        NotificationLog.objects.filter(
            kind__in=[NotificationKind.REMINDER_OFFICIAL, NotificationKind.REMINDER_APPROVER],
            sent_at__gte=today_start,
        ).values_list("kind", "recipient_id", "assignment_id")
    )
    report = SendReport()
    connection = get_connection()
    for reminder in reminder_list(rounds=rounds):
        if (reminder.kind, reminder.user.pk, reminder.assignment.pk) in already:
            continue
        one = notify(
            kind=reminder.kind,
            users=[reminder.user],
            assignment=reminder.assignment,
            base_url=base_url,
            connection=connection,
        )
        report.sent += one.sent
        report.no_address += one.no_address
        report.failed += one.failed
    return report
