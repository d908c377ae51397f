"""The ten municipalities and the surveys that ask them (and stakeholders) about cooperation."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Lower
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
    PERSONNEL = "personnel", _("personnel survey")


class Audience(models.TextChoices):
    """Who answers and how: decides the links, what is known of respondents and the results."""

    MUNICIPALITIES = "municipalities", _("municipalities (one response each, personal link)")
    RESPONDENTS = "respondents", _("named respondents, anonymous answers (single-use links)")
    OPEN_LINK = "open_link", _("open link (anonymous, one public link)")


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("scale 1–5")
    OPEN = "open", _("open answer")
    RECOMMEND = "recommend", _("likelihood to recommend 0–10 (NPS)")
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")


# Kinds whose answer is a number, and the range of each.
SCORE_RANGES = {QuestionKind.SCALE: (1, 5), QuestionKind.RECOMMEND: (0, 10)}
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
# The share "at least 7" the evaluation of 17.1.2025 reports beside the NPS.
DEFAULT_SHARE_THRESHOLD = 7
DEFAULT_MIN_GROUP_SIZE = 5


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
    bilingual = models.BooleanField(
        _("bilingual"),
        default=False,
        help_text=_(
            "Officially bilingual (Finnish and Swedish): survey e-mails are written in both "
            "languages, its own language first."
        ),
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
    audience = models.CharField(
        _("audience"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.MUNICIPALITIES,
        help_text=_("Who answers and through which links."),
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("minimum group size"),
        default=DEFAULT_MIN_GROUP_SIZE,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Results of a respondent group are shown only when the group has at least this "
            "many submitted answers."
        ),
    )
    response_cap = models.PositiveIntegerField(
        _("response cap"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Open link: no more responses are taken after this many."),
    )
    is_practice = models.BooleanField(
        _("practice survey"),
        default=False,
        help_text=_("Its answers are practice data and are labelled so wherever they appear."),
    )
    results_public = models.BooleanField(
        _("results public before the round is published"),
        default=False,
        help_text=_(
            "Show the results page, with its means and answers, even though the round is not "
            "published or the survey is still open."
        ),
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
            models.CheckConstraint(
                condition=Q(min_group_size__gte=1),
                name="survey_min_group_size_positive",
                violation_error_message=_("The minimum group size must be at least 1."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("municipalities:survey_results", kwargs={"key": self.key})

    @property
    def is_anonymous(self) -> bool:
        """No answer can be tied to a person: named respondents or an open link."""
        return self.audience != Audience.MUNICIPALITIES

    def has_opened(self, day: date) -> bool:
        return self.opens_on is None or self.opens_on <= day

    def is_open_on(self, day: date) -> bool:
        """Answers are taken from ``opens_on`` to ``closes_on``, both days included."""
        return self.has_opened(day) and (self.closes_on is None or day <= self.closes_on)

    def is_still_answered_on(self, day: date) -> bool:
        """Municipalities can still answer: the survey has a closing day that has not passed."""
        return self.closes_on is not None and day <= self.closes_on

    def results_are_public_on(self, day: date) -> bool:
        """Means and answers are public once the survey has closed, or when published early."""
        return self.results_public or not self.is_still_answered_on(day)


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
    share_threshold = models.PositiveSmallIntegerField(
        _("share threshold"),
        default=DEFAULT_SHARE_THRESHOLD,
        validators=[MaxValueValidator(10)],
        help_text=_("0–10 questions: the results show the share of answers at or above this."),
    )
    is_group_question = models.BooleanField(
        _("respondent group question"),
        default=False,
        help_text=_(
            "A single-choice background question: its answer is the respondent's group in "
            "the results (open link)."
        ),
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
            models.CheckConstraint(
                condition=Q(is_group_question=False) | Q(kind="single"),
                name="question_group_is_single_choice",
                violation_error_message=_("The respondent group question must be single choice."),
            ),
            models.CheckConstraint(
                condition=Q(share_threshold__lte=10),
                name="question_share_threshold_0_to_10",
                violation_error_message=_("The share threshold must be from 0 to 10."),
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

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def required(self) -> bool:
        """Ratings (1–5 or 0–10) and the respondent group question need an answer to submit."""
        return self.kind in SCORE_RANGES or self.is_group_question

    @property
    def score_range(self) -> tuple[int, int] | None:
        return SCORE_RANGES.get(self.kind)


class QuestionOption(models.Model):
    """One option of a single- or multiple-choice question, in both languages."""

    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="options",
        verbose_name=_("question"),
        help_text=_("The choice question the option belongs to."),
    )
    key = models.SlugField(
        _("key"), max_length=80, help_text=_("Identifier within the question, used in data files.")
    )
    text = models.CharField(_("option"), max_length=300, help_text=_("The option's text."))
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Position among the options.")
    )

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["question", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "key"],
                name="option_key_unique_in_question",
                violation_error_message=_("This question already has an option with this key."),
            ),
        ]

    def __str__(self):
        return self.text


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
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("municipality"),
        help_text=_("The municipality that answers; empty in an anonymous survey."),
    )
    # An anonymous response (named respondents, open link) refers to no person: it carries only
    # the respondent group, shown in the results when the group is large enough.
    group = models.CharField(
        _("respondent group"),
        max_length=200,
        blank=True,
        help_text=_("Anonymous surveys: the respondent's group (e.g. service area)."),
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
        if self.municipality_id is None:
            return f"{self.survey} – #{self.pk}"
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
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text=_("The rating on the scale 1–5, or 0–10 for a question of recommending."),
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
    options = models.ManyToManyField(
        QuestionOption,
        blank=True,
        related_name="answers",
        verbose_name=_("chosen options"),
        help_text=_("The options chosen in a choice question."),
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
                0,
                10,
                name="answer_score_0_to_10",
                message=_("The rating must be a whole number from 0 to 10."),
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

    def clean(self):
        super().clean()
        low_high = self.question.score_range if self.question_id else None
        if self.score is not None and (
            low_high is None or not low_high[0] <= self.score <= low_high[1]
        ):
            low, high = low_high or (1, 5)
            raise ValidationError(
                {
                    "score": ValidationError(
                        _("The rating must be a whole number from %(low)s to %(high)s."),
                        code="score_range",
                        params={"low": low, "high": high},
                    )
                }
            )

    def get_score_display(self) -> str:
        """The label of a 1–5 rating (a 0–10 answer has none: ask only for scale questions)."""
        return SurveyScore(self.score).label if self.score in SurveyScore.values else ""


class Respondent(models.Model):
    """A named person invited to an anonymous survey.

    The app knows whether the person has answered (for reminders and the response rate), never
    what: the submitted response does not refer to the respondent. While the person is still
    drafting, ``draft`` points to the draft so that the link can resume it; submitting clears
    the pointer and sets ``answered``, and no time of answering is kept here.
    """

    survey = models.ForeignKey(
        Survey,
        on_delete=models.CASCADE,
        related_name="respondents",
        verbose_name=_("survey"),
        help_text=_("The survey the person is invited to."),
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("The person's name."))
    email = models.EmailField(_("e-mail"), help_text=_("Where the personal link is sent."))
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=Language.FINNISH,
        help_text=_("The language the person is written to."),
    )
    group = models.CharField(
        _("respondent group"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the service area; results are shown per group when large enough."),
    )
    answered = models.BooleanField(
        _("answered"), default=False, help_text=_("Whether the person has submitted answers.")
    )
    draft = models.OneToOneField(
        SurveyResponse,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("draft"),
        help_text=_("The unsubmitted draft the link resumes; cleared on submitting."),
    )

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        ordering = ["survey", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "survey",
                name="respondent_email_unique_in_survey",
                violation_error_message=_("This e-mail address is already in the survey."),
            ),
            models.CheckConstraint(
                condition=Q(answered=False) | Q(draft__isnull=True),
                name="respondent_answered_has_no_draft",
                violation_error_message=_("An answered respondent has no draft."),
            ),
        ]

    def __str__(self):
        return self.name


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
        null=True,
        blank=True,
        related_name="survey_invitations",
        verbose_name=_("municipality"),
        help_text=_("The municipality whose response the link opens."),
    )
    respondent = models.ForeignKey(
        Respondent,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("respondent"),
        help_text=_("The named respondent the single-use link is for."),
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
            models.UniqueConstraint(
                fields=["survey", "respondent"],
                condition=Q(revoked_at__isnull=True),
                name="one_valid_invitation_per_respondent",
                violation_error_message=_("This respondent already has a valid link."),
            ),
            models.CheckConstraint(
                condition=Q(municipality__isnull=True, respondent__isnull=False)
                | Q(municipality__isnull=False, respondent__isnull=True),
                name="invitation_municipality_or_respondent",
                violation_error_message=_("A link is for a municipality or a respondent."),
            ),
        ]

    def __str__(self):
        return f"{self.survey} – {self.recipient} ({self.created_at:%Y-%m-%d})"

    @property
    def recipient(self):
        return self.municipality if self.municipality_id else self.respondent

    def state(self, now: datetime | None = None) -> InvitationState:
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if (now or timezone.now()) >= self.expires_at:
            return InvitationState.EXPIRED
        return InvitationState.VALID
