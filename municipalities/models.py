"""The ten municipalities and the surveys that ask them (and stakeholders) about cooperation."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.models import EvaluationRound
from luvn.constraints import optional_range
from strategy.models import Goal, SubGoal


class Language(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")


class SurveyKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality survey")
    STAKEHOLDER = "stakeholder", _("stakeholder survey")


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("scale 1–5")
    OPEN = "open", _("open answer")


class SurveyScore(models.IntegerChoices):
    EXCELLENT = 5, _("Excellently")
    WELL = 4, _("Well")
    MODERATELY = 3, _("Moderately")
    POORLY = 2, _("Poorly")
    NOT_AT_ALL = 1, _("Not at all")


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")


MEAN_VALIDATORS = [MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("5"))]

# An open answer is a few paragraphs; the limit keeps a pasted document out of the results.
ANSWER_MAX_LENGTH = 4000


def end_of_day(day: date) -> datetime:
    """The first moment after ``day`` in the county's time zone: a deadline day counts whole."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), datetime.min.time()))


class Municipality(models.Model):
    code = models.CharField(
        _("municipality number"),
        max_length=3,
        unique=True,
        help_text=_("The official three-digit municipality number, e.g. 049."),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("The municipality's name."))
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=Language.FINNISH,
        help_text=_("The language the municipality's contact is written to."),
    )
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("Where survey invitations are sent.")
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name_fi"]

    def __str__(self):
        return self.name


class Survey(models.Model):
    key = models.SlugField(
        _("key"),
        max_length=80,
        unique=True,
        help_text=_("Stable identifier used in addresses and data files."),
    )
    round = models.ForeignKey(
        EvaluationRound,
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("evaluation round"),
        help_text=_("The evaluation round the survey belongs to."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=SurveyKind.choices,
        default=SurveyKind.MUNICIPALITY,
        help_text=_("Who is asked."),
    )
    title = models.CharField(_("title"), max_length=300, help_text=_("The survey's title."))
    description = models.TextField(
        _("description"), blank=True, help_text=_("The survey's purpose, shown to respondents.")
    )
    target_group = models.CharField(
        _("target group"), max_length=200, blank=True, help_text=_("Who the survey is for.")
    )
    opens_on = models.DateField(
        _("opens on"), null=True, blank=True, help_text=_("First day answers are taken.")
    )
    closes_on = models.DateField(
        _("closes on"), null=True, blank=True, help_text=_("Last day answers are taken.")
    )
    published_respondents = models.PositiveIntegerField(
        _("respondents (published)"),
        null=True,
        blank=True,
        help_text=_("Number of respondents where only aggregates were published."),
    )
    published_nps = models.SmallIntegerField(
        _("NPS (published)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-100), MaxValueValidator(100)],
        help_text=_("Net promoter score as published, from −100 to 100."),
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(closes_on__gte=F("opens_on")),
                name="survey_window_in_order",
                violation_error_message=_("The survey cannot close before it opens."),
            ),
            optional_range(
                "published_nps",
                -100,
                100,
                name="survey_nps_range",
                message=_("NPS must be from −100 to 100."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("municipalities:survey_results", kwargs={"key": self.key})

    def has_opened(self, day: date) -> bool:
        return self.opens_on is None or self.opens_on <= day

    def is_open_on(self, day: date) -> bool:
        """Answers are taken from ``opens_on`` to ``closes_on``, both days included."""
        return self.has_opened(day) and (self.closes_on is None or day <= self.closes_on)


class SurveyTheme(models.Model):
    survey = models.ForeignKey(
        Survey,
        on_delete=models.CASCADE,
        related_name="themes",
        verbose_name=_("survey"),
        help_text=_("The survey the theme groups questions of."),
    )
    key = models.SlugField(_("key"), max_length=80, help_text=_("Identifier within the survey."))
    title = models.CharField(_("title"), max_length=300, help_text=_("The theme's title."))
    description = models.TextField(
        _("description"), blank=True, help_text=_("Introduction shown above the questions.")
    )
    published_mean = models.DecimalField(
        _("mean (published)"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=MEAN_VALIDATORS,
        help_text=_("The theme's mean where only aggregates were published."),
    )
    published_question_count = models.PositiveSmallIntegerField(
        _("number of questions (published)"),
        null=True,
        blank=True,
        help_text=_("Number of questions where only aggregates were published."),
    )
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Position in the survey.")
    )

    class Meta:
        verbose_name = _("survey theme")
        verbose_name_plural = _("survey themes")
        ordering = ["survey", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "key"],
                name="theme_key_unique_in_survey",
                violation_error_message=_("This survey already has a theme with this key."),
            ),
            optional_range(
                "published_mean",
                1,
                5,
                name="theme_mean_1_to_5",
                message=_("A mean must be from 1 to 5."),
            ),
        ]

    def __str__(self):
        return self.title


class Question(models.Model):
    survey = models.ForeignKey(
        Survey,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("survey"),
        help_text=_("The survey the question is in."),
    )
    theme = models.ForeignKey(
        SurveyTheme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("theme"),
        help_text=_("The theme the question is grouped under."),
    )
    key = models.SlugField(_("key"), max_length=80, help_text=_("Identifier within the survey."))
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=QuestionKind.choices,
        default=QuestionKind.SCALE,
        help_text=_("A rating on the scale 1–5 or an open answer."),
    )
    text = models.TextField(_("question"), help_text=_("The question or the goal to assess."))
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_questions",
        verbose_name=_("goal"),
        help_text=_("The goal the question asks about, if any."),
    )
    sub_goal = models.ForeignKey(
        SubGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_questions",
        verbose_name=_("sub-goal"),
        help_text=_("The sub-goal the question asks about, if any."),
    )
    published_mean = models.DecimalField(
        _("mean (published)"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=MEAN_VALIDATORS,
        help_text=_("The mean as published where individual answers are not available."),
    )
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Position in the survey.")
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "key"],
                name="question_key_unique_in_survey",
                violation_error_message=_("This survey already has a question with this key."),
            ),
            optional_range(
                "published_mean",
                1,
                5,
                name="question_mean_1_to_5",
                message=_("A mean must be from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(goal__isnull=True) | Q(sub_goal__isnull=True),
                name="question_goal_or_sub_goal",
                violation_error_message=_("Link the question to a goal or a sub-goal, not both."),
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        super().clean()
        if self.theme_id and self.survey_id and self.theme.survey_id != self.survey_id:
            raise ValidationError(
                {"theme": _("The theme must be one of the same survey's themes.")}
            )


class SurveyResponse(models.Model):
    survey = models.ForeignKey(
        Survey,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("survey"),
        help_text=_("The survey answered."),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="survey_responses",
        verbose_name=_("municipality"),
        help_text=_("The municipality that answers."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ResponseStatus.choices,
        default=ResponseStatus.DRAFT,
        help_text=_("A draft can still be changed; a submitted response cannot."),
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=Language.FINNISH,
        help_text=_("The language the response was written in."),
    )
    submitted_at = models.DateTimeField(
        _("submitted at"), null=True, blank=True, help_text=_("When the response was submitted.")
    )
    reopened_until = models.DateField(
        _("reopened until"),
        null=True,
        blank=True,
        help_text=_(
            "A personal deadline: the municipality may answer until this day (included) even "
            "after the survey has closed."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["survey", "municipality__name_fi"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "municipality"],
                name="one_response_per_municipality_per_survey",
                violation_error_message=_("This municipality has already answered this survey."),
            ),
        ]

    def __str__(self):
        return f"{self.survey} – {self.municipality}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED


class Answer(models.Model):
    response = models.ForeignKey(
        SurveyResponse,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("response"),
        help_text=_("The response the answer is part of."),
    )
    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("question"),
        help_text=_("The question answered."),
    )
    score = models.PositiveSmallIntegerField(
        _("rating (1–5)"),
        null=True,
        blank=True,
        choices=SurveyScore.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("The rating on the scale 1–5."),
    )
    cannot_say = models.BooleanField(
        _("cannot say"), default=False, help_text=_("The respondent could not say.")
    )
    text = models.TextField(
        _("answer"),
        blank=True,
        validators=[MaxLengthValidator(ANSWER_MAX_LENGTH)],
        help_text=_("An open answer."),
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "question__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"],
                name="one_answer_per_question_per_response",
                violation_error_message=_("This question has already been answered."),
            ),
            optional_range(
                "score",
                1,
                5,
                name="answer_score_1_to_5",
                message=_("The rating must be a whole number from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(cannot_say=False) | Q(score__isnull=True),
                name="answer_cannot_say_has_no_score",
                violation_error_message=_("Give a rating or choose 'cannot say', not both."),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), ANSWER_MAX_LENGTH),
                name="answer_text_length",
                violation_error_message=_("The answer is too long."),
            ),
        ]

    def __str__(self):
        return f"{self.response}: {self.question}"


class InvitationKind(models.TextChoices):
    INVITATION = "invitation", _("invitation")
    REMINDER = "reminder", _("reminder")
    LINK = "link", _("link made in the admin")


class InvitationState(models.TextChoices):
    VALID = "valid", _("valid")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")


class Invitation(models.Model):
    """A municipality's personal link to answer a survey.

    Only a hash of the random token is stored: the link cannot be rebuilt from the database, so
    each e-mail (a reminder too) issues a new token and the earlier link stops working.
    """

    survey = models.ForeignKey(
        Survey,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("survey"),
        help_text=_("The survey the link answers."),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="survey_invitations",
        verbose_name=_("municipality"),
        help_text=_("The municipality whose response the link opens."),
    )
    token_hash = models.CharField(
        _("token hash"), max_length=64, unique=True, editable=False, help_text=_("SHA-256.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=InvitationKind.choices,
        default=InvitationKind.INVITATION,
        help_text=_("Why the link was made."),
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=Language.FINNISH,
        help_text=_("The language of the e-mail and of the link."),
    )
    email = models.EmailField(
        _("sent to"), blank=True, help_text=_("The address the link was sent to.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(
        _("expires at"), help_text=_("The link does not work after this moment.")
    )
    sent_at = models.DateTimeField(
        _("sent at"), null=True, blank=True, help_text=_("When the e-mail was sent.")
    )
    revoked_at = models.DateTimeField(
        _("revoked at"),
        null=True,
        blank=True,
        help_text=_("When the link was cancelled or replaced by a newer one."),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Issuing a new link revokes the earlier one: one working link per municipality.
            models.UniqueConstraint(
                fields=["survey", "municipality"],
                condition=Q(revoked_at__isnull=True),
                name="one_valid_invitation_per_municipality",
                violation_error_message=_("This municipality already has a valid link."),
            ),
        ]

    def __str__(self):
        return f"{self.survey} – {self.municipality} ({self.created_at:%Y-%m-%d})"

    def state(self, now: datetime | None = None) -> InvitationState:
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if (now or timezone.now()) >= self.expires_at:
            return InvitationState.EXPIRED
        return InvitationState.VALID
