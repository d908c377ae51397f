from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from evaluations.models import EvaluationRound
from luvn.admin_actions import action_page
from luvn.formatting import format_date
from luvn.translation_admin import TranslationExchangeMixin
from luvn.translation_forms import SendWithoutSwedishForm
from luvn.translation_scopes import survey_swedish_gap
from municipalities import permissions, services
from municipalities.models import (
    Answer,
    Audience,
    Invitation,
    InvitationKind,
    Municipality,
    Question,
    QuestionOption,
    Respondent,
    Survey,
    SurveyResponse,
    SurveyTheme,
)
from municipalities.respondents import RespondentImportError, respondents_import
from municipalities.selectors import recipient_list_not_submitted


def _names(municipalities) -> str:
    return ", ".join(m.name for m in municipalities)


def _report_sending(modeladmin, request, survey, report: services.SendReport, sent_message):
    if report.sent:
        modeladmin.message_user(
            request,
            sent_message % {"survey": survey, "count": len(report.sent)}
            + " "
            + _names(report.sent),
            messages.SUCCESS,
        )
    if report.no_address:
        modeladmin.message_user(
            request,
            gettext("No contact e-mail, nothing sent: %(names)s")
            % {"names": _names(report.no_address)},
            messages.WARNING,
        )
    if report.failed:
        modeladmin.message_user(
            request,
            gettext("Sending failed (the earlier link still works): %(names)s")
            % {"names": _names(report.failed)},
            messages.ERROR,
        )
    if not (report.sent or report.no_address or report.failed):
        modeladmin.message_user(request, gettext("Nobody to send to."), messages.INFO)


@admin.register(Municipality)
class MunicipalityAdmin(TranslationAdmin):
    list_display = ("name", "code", "language", "contact_email")
    search_fields = ("name_fi", "name_sv", "code")


class SurveyThemeInline(TranslationTabularInline):
    model = SurveyTheme
    fields = ("order", "key", "title", "published_mean", "published_question_count")
    extra = 0
    show_change_link = True


class SurveyCopyForm(forms.Form):
    key = forms.SlugField(
        label=_("key"), max_length=80, help_text=_("Stable identifier used in addresses.")
    )
    round = forms.ModelChoiceField(
        label=_("evaluation round"), queryset=EvaluationRound.objects.all()
    )
    opens_on = forms.DateField(
        label=_("opens on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    closes_on = forms.DateField(
        label=_("closes on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_key(self):
        key = self.cleaned_data["key"]
        if Survey.objects.filter(key=key).exists():
            raise ValidationError(_("A survey with this key already exists."))
        return key


class RespondentImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_(
            "Columns: name, e-mail, language (fi/sv) and optionally group; the first row names "
            "them (nimi, sähköposti, kieli, ryhmä). Nothing is imported if any row is wrong."
        ),
    )


@admin.register(Survey)
class SurveyAdmin(TranslationExchangeMixin, TranslationAdmin):
    translation_scope = "survey"
    list_display = ("title", "kind", "audience", "round", "opens_on", "closes_on", "is_practice")
    list_filter = ("kind", "audience", "round", "is_practice")
    list_select_related = ("round",)
    search_fields = ("title_fi", "title_sv", "key")
    inlines = [SurveyThemeInline]
    actions = ["copy_survey", "send_invitations", "send_reminders", "import_respondents"]

    # The rules of the actions (``permissions=[...]``), asked in municipalities.permissions.
    def has_copy_survey_permission(self, request):
        return permissions.can_copy_survey(request.user)

    def has_send_links_permission(self, request):
        return permissions.can_send_links(request.user)

    def has_import_respondents_permission(self, request):
        return permissions.can_import_respondents(request.user)

    @admin.action(
        description=_("Import named respondents from a file"),
        permissions=["import_respondents"],
    )
    def import_respondents(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, gettext("Select exactly one survey."), messages.ERROR)
            return None
        survey = queryset.get()
        if survey.audience != Audience.RESPONDENTS:
            self.message_user(
                request,
                gettext("Only a survey of named respondents has respondents to import."),
                messages.ERROR,
            )
            return None
        if "apply" in request.POST:
            form = RespondentImportForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    added = respondents_import(
                        survey=survey, upload=form.cleaned_data["file"], actor=request.user
                    )
                except RespondentImportError as error:
                    for message in error.errors:
                        form.add_error("file", message)
                else:
                    self.message_user(
                        request,
                        gettext("Respondents imported: %(count)s") % {"count": len(added)},
                        messages.SUCCESS,
                    )
                    return None
        else:
            form = RespondentImportForm()
        return action_page(
            self,
            request,
            title=gettext("Import respondents: %(survey)s") % {"survey": survey},
            intro=gettext(
                "Each respondent gets a personal single-use link when the invitations are sent. "
                "The answers are anonymous: the app records only whether a person has answered."
            ),
            form=form,
        )

    @admin.action(
        description=_("Start a new survey as a copy of the selected one"),
        permissions=["copy_survey"],
    )
    def copy_survey(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, gettext("Select exactly one survey."), messages.ERROR)
            return None
        survey = queryset.get()
        if "apply" in request.POST:
            form = SurveyCopyForm(request.POST)
            if form.is_valid():
                try:
                    copy = services.survey_copy(
                        survey=survey, actor=request.user, **form.cleaned_data
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    url = reverse("admin:municipalities_survey_change", args=[copy.pk])
                    self.message_user(
                        request,
                        format_html(
                            '{} <a href="{}">{}</a>',
                            gettext("Copied: themes and questions, no answers."),
                            url,
                            copy.title,
                        ),
                        messages.SUCCESS,
                    )
                    return None
        else:
            form = SurveyCopyForm(
                initial={"key": services.survey_copy_key(survey), "round": survey.round_id}
            )
        return action_page(
            self,
            request,
            title=gettext("Start a new survey as a copy of “%(title)s”") % {"title": survey},
            intro=gettext(
                "The copy gets the survey's texts, themes and questions (with their goals), but "
                "no answers, invitations or published figures. Choose the round it belongs to."
            ),
            form=form,
        )

    def _send(self, request, queryset, *, reminders: bool):
        if queryset.count() != 1:
            self.message_user(request, gettext("Select exactly one survey."), messages.ERROR)
            return None
        survey = queryset.get()
        if survey.audience == Audience.OPEN_LINK:
            self.message_user(
                request,
                gettext("An open-link survey has no invitations: share its public link."),
                messages.ERROR,
            )
            return None
        waiting = set(recipient_list_not_submitted(survey=survey))
        # Swedish-speaking recipients while texts lack Swedish: warn, and ask for a confirmation.
        gap = survey_swedish_gap(survey=survey, recipients=waiting)
        form = None
        if gap is not None:
            form = SendWithoutSwedishForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and (form is None or form.is_valid()):
            base_url = request.build_absolute_uri("/")
            if reminders:
                report = services.reminders_send(
                    survey=survey, base_url=base_url, actor=request.user
                )
                sent = gettext("Reminders sent (%(count)s):")
            else:
                report = services.invitations_send(
                    survey=survey, base_url=base_url, actor=request.user
                )
                sent = gettext("Invitations sent (%(count)s):")
            _report_sending(self, request, survey, report, sent)
            return None
        rows = []
        if survey.audience == Audience.RESPONDENTS:
            recipients = Respondent.objects.filter(survey=survey).order_by("name")
        else:
            recipients = sorted(Municipality.objects.all(), key=lambda m: m.name)
        for municipality in recipients:
            address = services._address(municipality)
            if municipality not in waiting:
                note = gettext("already submitted: nothing is sent")
            elif not address:
                note = gettext("no contact e-mail: nothing is sent")
            else:
                note = address
            rows.append((municipality.name, note))
        if reminders:
            title = gettext("Send reminders: %(survey)s") % {"survey": survey}
            intro = gettext(
                "A reminder goes to each municipality that has not submitted and can still "
                "answer. It has a new link: the link sent earlier stops working (saved answers "
                "are kept)."
            )
        else:
            title = gettext("Send invitations: %(survey)s") % {"survey": survey}
            intro = gettext(
                "Each municipality that has not submitted gets a personal link by e-mail, in the "
                "municipality's language. A link sent earlier stops working."
            )
        if gap is not None:
            intro += " " + gettext(
                "Warning: %(count)s texts of the survey have no Swedish, and %(names)s are "
                "written to in Swedish: they will see those questions in Finnish. Add the "
                "Swedish first (Translations → Swedish translations), or confirm below."
            ) % {"count": len(gap.missing), "names": gap.names}
        return action_page(self, request, title=title, intro=intro, rows=rows, form=form)

    @admin.action(
        description=_("Send invitations to the municipalities"), permissions=["send_links"]
    )
    def send_invitations(self, request, queryset):
        return self._send(request, queryset, reminders=False)

    @admin.action(
        description=_("Send reminders to municipalities that have not submitted"),
        permissions=["send_links"],
    )
    def send_reminders(self, request, queryset):
        return self._send(request, queryset, reminders=True)


class QuestionInline(TranslationTabularInline):
    model = Question
    fields = ("order", "key", "kind", "text", "goal", "sub_goal", "published_mean")
    autocomplete_fields = ("goal", "sub_goal")
    extra = 0
    show_change_link = True


@admin.register(SurveyTheme)
class SurveyThemeAdmin(TranslationAdmin):
    list_display = ("title", "survey", "order")
    list_filter = ("survey",)
    list_select_related = ("survey",)
    search_fields = ("title_fi", "title_sv")
    inlines = [QuestionInline]

    def save_formset(self, request, form, formset, change):
        # A question added on the theme's page belongs to the theme's survey.
        for question_form in formset.forms:
            if isinstance(question_form.instance, Question):
                question_form.instance.survey_id = form.instance.survey_id
        super().save_formset(request, form, formset, change)


class QuestionOptionInline(TranslationTabularInline):
    model = QuestionOption
    fields = ("order", "key", "text")
    extra = 0


@admin.register(Question)
class QuestionAdmin(TranslationAdmin):
    list_display = ("__str__", "survey", "theme", "kind", "published_mean")
    list_filter = ("survey", "kind")
    list_select_related = ("survey", "theme")
    search_fields = ("text_fi", "text_sv", "key")
    autocomplete_fields = ("goal", "sub_goal")
    inlines = [QuestionOptionInline]


@admin.register(Respondent)
class RespondentAdmin(admin.ModelAdmin):
    """Who is asked and whether they have answered; never what they answered."""

    list_display = ("name", "email", "language", "group", "survey", "answered")
    list_filter = ("survey", "answered", "language")
    list_select_related = ("survey",)
    search_fields = ("name", "email", "group")
    fields = ("survey", "name", "email", "language", "group", "answered")
    readonly_fields = ("answered",)


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ("question", "score", "cannot_say", "text")
    extra = 0


class ReopenForm(forms.Form):
    until = forms.DateField(
        label=_("Answering allowed until"),
        help_text=_("The day included."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    to_draft = forms.BooleanField(
        label=_("Return a submitted response to a draft so that it can be changed"),
        required=False,
        initial=True,
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until < timezone.localdate():
            raise ValidationError(_("The new deadline cannot be in the past."))
        return until


def _reopen(modeladmin, request, pairs):
    """Reopen (survey, municipality) pairs after asking for the new deadline."""
    if "apply" in request.POST:
        form = ReopenForm(request.POST)
        if form.is_valid():
            for survey, municipality in pairs:
                services.response_reopen(
                    survey=survey,
                    municipality=municipality,
                    until=form.cleaned_data["until"],
                    to_draft=form.cleaned_data["to_draft"],
                    actor=request.user,
                )
            modeladmin.message_user(
                request,
                gettext("Reopened until %(date)s: %(names)s")
                % {
                    "date": format_date(form.cleaned_data["until"]),
                    "names": _names(m for _s, m in pairs),
                },
                messages.SUCCESS,
            )
            return None
    else:
        form = ReopenForm(initial={"until": timezone.localdate() + timedelta(days=7)})
    return action_page(
        modeladmin,
        request,
        title=gettext("Reopen for answering"),
        intro=gettext(
            "The municipality can answer (or change its answers) with its link until the day "
            "chosen, also after the survey has closed. Its valid link is kept working."
        ),
        rows=[(str(survey), municipality.name) for survey, municipality in pairs],
        form=form,
    )


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    # An anonymous response shows only its group: nothing here leads to a person.
    list_display = ("survey", "municipality", "group", "status", "submitted_at", "reopened_until")
    list_filter = ("survey", "status")
    list_select_related = ("survey", "municipality")
    inlines = [AnswerInline]
    actions = ["reopen"]

    def has_reopen_permission(self, request):
        return permissions.can_reopen_responses(request.user)

    @admin.action(
        description=_("Reopen for answering (a personal deadline)"), permissions=["reopen"]
    )
    def reopen(self, request, queryset):
        pairs = [
            (r.survey, r.municipality)
            for r in queryset.select_related("survey").filter(municipality__isnull=False)
        ]
        return _reopen(self, request, pairs)


class InvitationAddForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ("survey", "municipality", "respondent", "language")

    def clean(self):
        data = super().clean()
        if bool(data.get("municipality")) == bool(data.get("respondent")):
            raise ValidationError(
                _("Choose a municipality or a respondent."), code="municipality_or_respondent"
            )
        respondent = data.get("respondent")
        if respondent and data.get("survey") and respondent.survey_id != data["survey"].pk:
            raise ValidationError(
                {"respondent": _("The respondent must be one of the survey's respondents.")},
                code="respondent_of_another_survey",
            )
        return data


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Links are made by the survey's actions (e-mail) or here by hand (shown once)."""

    list_display = (
        "municipality",
        "respondent",
        "survey",
        "kind",
        "language",
        "email",
        "created_at",
        "sent_at",
        "expires_at",
        "revoked_at",
        "state_display",
    )
    list_filter = ("survey", "kind", "municipality")
    list_select_related = ("survey", "municipality", "respondent")
    readonly_fields = (
        "survey",
        "municipality",
        "respondent",
        "kind",
        "language",
        "email",
        "created_at",
        "sent_at",
        "expires_at",
        "revoked_at",
    )
    actions = ["revoke", "reopen"]

    def has_send_links_permission(self, request):
        return permissions.can_send_links(request.user)

    def has_reopen_permission(self, request):
        return permissions.can_reopen_responses(request.user)

    @admin.display(description=_("state"))
    def state_display(self, obj):
        return obj.state().label

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = InvitationAddForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else ()

    def get_fields(self, request, obj=None):
        return InvitationAddForm.Meta.fields if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing of a link is edited by hand
        issued, token = services.invitation_issue(
            survey=obj.survey,
            municipality=obj.municipality,
            respondent=obj.respondent,
            kind=InvitationKind.LINK,
            language=obj.language,
        )
        obj.pk = issued.pk
        obj.refresh_from_db()
        link = services.answer_link(
            token=token,
            language=issued.language,
            base_url=request.build_absolute_uri("/"),
            respondent=issued.respondent_id is not None,
        )
        self.message_user(
            request,
            format_html(
                "{} <code>{}</code>",
                gettext("The new link (shown only now; earlier links stop working):"),
                link,
            ),
            messages.WARNING,
        )

    @admin.action(description=_("Revoke the selected links"), permissions=["send_links"])
    def revoke(self, request, queryset):
        count = 0
        for invitation in queryset.filter(revoked_at=None):
            services.invitation_revoke(invitation=invitation, actor=request.user)
            count += 1
        self.message_user(
            request, gettext("Links revoked: %(count)s") % {"count": count}, messages.SUCCESS
        )

    @admin.action(
        description=_("Reopen for answering (a personal deadline)"), permissions=["reopen"]
    )
    def reopen(self, request, queryset):
        pairs = sorted(
            {(i.survey, i.municipality) for i in queryset if i.municipality_id},
            key=lambda pair: (pair[0].pk, pair[1].name),
        )
        return _reopen(self, request, pairs)
