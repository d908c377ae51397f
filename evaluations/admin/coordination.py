"""The coordinator's admin: copy a round, publish knowing what is not approved, remind, assign
many sections at once, and the log of sent e-mails.

The round and assignment admins (``evaluations/admin/``) take these in as mixins.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evaluations.coordination import services as coordinator
from evaluations.models import (
    AssignmentState,
    EvaluationRound,
    NotificationKind,
    NotificationLog,
    RoundState,
)
from evaluations.workflow import notifications, permissions
from luvn.admin_actions import action_page
from luvn.formatting import person_name


def _target_label(assignment) -> str:
    target = assignment.section or getattr(assignment, "unit", None)
    number = getattr(target, "number", "") or ""
    return f"{number} {notifications.target_title(target)}".strip()


def unapproved_rows(round: EvaluationRound) -> list[tuple[str, str]]:
    return [
        (_target_label(a), a.get_state_display())
        for a in coordinator.assignments_not_approved(round=round)
    ]


# Rounds -------------------------------------------------------------------------------------


class RoundCopyForm(forms.Form):
    key = forms.SlugField(
        label=_("key"), max_length=80, help_text=_("The new round's key, e.g. eval-2026.")
    )
    name_fi = forms.CharField(label=_("name in Finnish"), max_length=200)
    name_sv = forms.CharField(label=_("name in Swedish"), max_length=200, required=False)
    offset_days = forms.IntegerField(
        label=_("move the dates by (days)"),
        initial=365,
        validators=[MinValueValidator(-3650), MaxValueValidator(3650)],
        help_text=_("The deadline and the other dates of the round move by this many days."),
    )
    notify = forms.BooleanField(
        label=_("tell the officials and approvers by e-mail"), required=False
    )


class RoundAdminForm(forms.ModelForm):
    """The round's admin form (the admin gives it the model and fields)."""

    confirm_publish = forms.BooleanField(
        label=_("publish even though some sections are not approved"),
        required=False,
        help_text=_("Sections that are not approved read “not evaluated” on the public pages."),
    )

    def clean(self):
        cleaned = super().clean()
        becomes_published = cleaned.get("state") == RoundState.PUBLISHED and (
            self.instance.pk is None
            or EvaluationRound.objects.filter(pk=self.instance.pk)
            .exclude(state=RoundState.PUBLISHED)
            .exists()
        )
        if becomes_published and self.instance.pk and not cleaned.get("confirm_publish"):
            rows = unapproved_rows(self.instance)
            if rows:
                raise ValidationError(
                    _(
                        "%(count)s sections are not approved: %(sections)s. Their ratings will "
                        "not be public. Tick the box below to publish anyway."
                    ),
                    code="unapproved_sections",
                    params={
                        "count": len(rows),
                        "sections": "; ".join(f"{name} ({state})" for name, state in rows),
                    },
                )
        return cleaned


class RoundCoordinationMixin:
    form = RoundAdminForm
    actions = ["copy_round", "publish_rounds", "send_reminders"]

    # The rules of the actions (``permissions=[...]``), asked in evaluations.workflow.permissions.
    def has_copy_round_permission(self, request):
        return permissions.can_copy_round(request.user)

    def has_run_round_permission(self, request):
        return permissions.can_run_round(request.user)

    @admin.action(
        description=_("Start a new round as a copy of the selected one"),
        permissions=["copy_round"],
    )
    def copy_round(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, gettext("Select exactly one round."), messages.ERROR)
            return None
        source = queryset.get()
        if "apply" in request.POST:
            form = RoundCopyForm(request.POST)
            if form.is_valid():
                try:
                    copy = coordinator.round_copy(
                        source=source, actor=request.user, **form.cleaned_data
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    url = reverse("admin:evaluations_evaluationround_change", args=[copy.pk])
                    self.message_user(
                        request,
                        format_html(
                            '{} <a href="{}">{}</a>',
                            gettext(
                                "Copied: strategies and %(count)s assignments with their people; "
                                "no ratings."
                            )
                            % {"count": copy.assignments.count()},
                            url,
                            copy.name,
                        ),
                        messages.SUCCESS,
                    )
                    return None
        else:
            form = RoundCopyForm(initial={"key": f"{source.key}-copy", "name_fi": source.name_fi})
        return action_page(
            self,
            request,
            title=gettext("Start a new round as a copy of “%(name)s”") % {"name": source},
            intro=gettext(
                "The copy gets the round's strategies and its assignments with their officials "
                "and approvers, its dates moved by the days given. Ratings, states and comments "
                "are not copied; the new round is open."
            ),
            form=form,
        )

    @admin.action(description=_("Publish the selected rounds"), permissions=["run_round"])
    def publish_rounds(self, request, queryset):
        rounds = list(queryset.exclude(state=RoundState.PUBLISHED))
        if not rounds:
            self.message_user(request, gettext("The rounds are already published."))
            return None
        if "apply" in request.POST:
            for round_ in rounds:
                try:
                    coordinator.round_publish(round=round_, actor=request.user)
                except ValidationError as error:
                    self.message_user(
                        request, f"{round_}: {' '.join(error.messages)}", messages.ERROR
                    )
                    return None
            self.message_user(
                request,
                gettext("Published: %(names)s") % {"names": ", ".join(r.name for r in rounds)},
                messages.SUCCESS,
            )
            return None
        rows = []
        for round_ in rounds:
            rows += [(f"{round_}: {name}", state) for name, state in unapproved_rows(round_)]
        if rows:
            intro = gettext(
                "These sections are not approved. Their ratings will not be public: the public "
                "pages say “not evaluated” for them. Publish anyway?"
            )
        else:
            intro = gettext("Every section is approved. Publish?")
        return action_page(
            self, request, title=gettext("Publish the rounds"), intro=intro, rows=rows
        )

    @admin.action(
        description=_("Send reminders to those with work left"), permissions=["run_round"]
    )
    def send_reminders(self, request, queryset):
        rounds = list(queryset.filter(state=RoundState.OPEN))
        if "apply" in request.POST:
            report = notifications.reminders_send(
                rounds=rounds, actor=request.user, base_url=request.build_absolute_uri("/")
            )
            self.message_user(
                request,
                gettext("Reminders sent: %(count)s.") % {"count": len(report.sent)},
                messages.SUCCESS,
            )
            if report.no_address:
                names = ", ".join(u.get_username() for u in report.no_address)
                self.message_user(
                    request,
                    gettext("No e-mail address, not reminded: %(names)s") % {"names": names},
                    messages.WARNING,
                )
            return None
        rows = [
            (
                f"{person_name(r.user)} <{r.user.email or '–'}>",
                f"{NotificationKind(r.kind).label}: {_target_label(r.assignment)}",
            )
            for r in notifications.reminder_list(rounds=rounds)
        ]
        intro = gettext(
            "Officials of sections not yet submitted and approvers of submitted sections get a "
            "reminder, in their own language. Approved sections remind nobody; closed rounds "
            "are skipped."
        )
        if not rows:
            intro += " " + gettext("Nobody has work left.")
        return action_page(self, request, title=gettext("Send reminders"), intro=intro, rows=rows)


# Assignments --------------------------------------------------------------------------------


def _people_field(label):
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        required=False,
        widget=admin.widgets.FilteredSelectMultiple(label, is_stacked=False),
    )


class BulkAssignForm(forms.Form):
    officials = _people_field(_("officials"))
    approvers = _people_field(_("approvers"))
    replace = forms.BooleanField(
        label=_("replace the people assigned now (instead of adding)"), required=False
    )
    notify = forms.BooleanField(
        label=_("tell the newly assigned by e-mail"), required=False, initial=True
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("officials") and not cleaned.get("approvers"):
            raise ValidationError(
                _("Choose at least one official or approver."), code="nobody_chosen"
            )
        return cleaned


class AssignmentCoordinationMixin:
    actions = ["bulk_assign"]

    def has_assign_permission(self, request):
        return permissions.can_assign(request.user)

    @admin.action(
        description=_("Assign officials and approvers to the selected sections"),
        permissions=["assign"],
    )
    def bulk_assign(self, request, queryset):
        if "apply" in request.POST:
            form = BulkAssignForm(request.POST)
            if form.is_valid():
                result = coordinator.assignments_bulk_assign(
                    assignments=queryset, actor=request.user, **form.cleaned_data
                )
                self.message_user(
                    request,
                    gettext("%(count)s sections changed; %(people)s people told by e-mail.")
                    % {"count": result.changed, "people": result.notified_users},
                    messages.SUCCESS,
                )
                return None
        else:
            form = BulkAssignForm()
        rows = [(_target_label(a), a.get_state_display()) for a in queryset]
        response = action_page(
            self,
            request,
            title=gettext("Assign officials and approvers to %(count)s sections")
            % {"count": len(rows)},
            intro=gettext("The people chosen are added to (or replace those of) every section:"),
            rows=rows,
            form=form,
        )
        return response

    def save_related(self, request, form, formsets, change):
        """People added to an assignment in its form are told by e-mail."""
        before = set()
        if change:
            obj = form.instance
            before = {u.pk for u in obj.officials.all()} | {u.pk for u in obj.approvers.all()}
        super().save_related(request, form, formsets, change)
        obj = form.instance
        added = [u for u in [*obj.officials.all(), *obj.approvers.all()] if u.pk not in before]
        if added and obj.state != AssignmentState.APPROVED:
            notifications.on_commit_notify(
                kind=NotificationKind.ASSIGNED, assignment=obj, users=added
            )


# The log ------------------------------------------------------------------------------------


@admin.register(NotificationLog)
class NotificationLogAdmin(admin.ModelAdmin):
    """What was sent to whom. Read-only: the log is written by the sending code."""

    list_display = ("sent_at", "kind", "email", "language", "assignment", "subject", "failed")
    list_filter = ("failed", "kind", "language", "assignment__round")
    list_select_related = ("assignment__round", "assignment__section", "recipient")
    search_fields = ("email", "subject", "recipient__username")
    date_hierarchy = "sent_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
