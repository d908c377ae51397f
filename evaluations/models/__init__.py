"""Evaluation rounds, the ratings given in them, and their verbal findings."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luvn.constraints import optional_range
from strategy.models import Goal, Section, Strategy, SubGoal

# Long enough for the longest evaluation of 2024 (about 2 000 characters) several times over.
VERBAL_EVALUATION_MAX_LENGTH = 8000
# An indicator value's note, typed in the form, a work sheet or an imported file.
NOTE_MAX_LENGTH = 2000


class RoundState(models.TextChoices):
    OPEN = "open", _("open for rating")
    CLOSED = "closed", _("closed")
    PUBLISHED = "published", _("published")


class Score(models.IntegerChoices):
    """The county's rating scale, worded as in the evaluation summary of 17.1.2025."""

    EXCELLENT = 5, _("Progress according to plan with excellent results")
    GOOD = 4, _("Progress mainly according to plan with good results")
    MODERATE = (
        3,
        _(
            "Moderate progress and the goal is likely to be achieved, but with some challenges "
            "or delays"
        ),
    )
    BEHIND = 2, _("Progress significantly behind plan and success uncertain")
    NOT_STARTED = 1, _("The measures planned to advance the goal have not been carried out")


class Achieved(models.TextChoices):
    YES = "yes", _("yes")
    PARTLY = "partly", _("partly")
    NO = "no", _("no")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class RoundKind(models.TextChoices):
    EVALUATION = "evaluation", _("evaluation")
    FOLLOW_UP = "follow_up", _("follow-up")


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    ON_SCHEDULE = "on_schedule", _("on schedule")
    DELAYED = "delayed", _("delayed")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class AssignmentState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for approval")
    RETURNED = "returned", _("returned for changes")
    APPROVED = "approved", _("approved")


class FindingKind(models.TextChoices):
    HIGHLIGHT = "highlight", _("highlight")
    DEVELOPMENT_THEME = "development_theme", _("development theme")
    MANAGERS_KEEP = "managers_keep", _("managers: what to keep")
    MANAGERS_DEVELOP = "managers_develop", _("managers: what to develop")
    STAKEHOLDER_QUOTE = "stakeholder_quote", _("stakeholder quote")
    STAKEHOLDER_TO_IMPROVE = "stakeholder_to_improve", _("stakeholder goal still to advance")


class EvaluationRound(models.Model):
    key = models.SlugField(
        _("key"),
        max_length=80,
        unique=True,
        help_text=_("Stable identifier used in addresses and data files, e.g. eval-2024."),
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("The round's name."))
    description = models.TextField(
        _("description"), blank=True, help_text=_("What is evaluated and why.")
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=RoundState.choices,
        default=RoundState.OPEN,
        help_text=_("Open rounds take ratings; only published rounds are public."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=RoundKind.choices,
        default=RoundKind.EVALUATION,
        help_text=_(
            "An evaluation rates goals 1–5; a follow-up reports the progress of actions and "
            "the values of indicators for a period."
        ),
    )
    period_start = models.DateField(
        _("period start"),
        null=True,
        blank=True,
        help_text=_("First day of the period a follow-up round reports on, e.g. 1.1.2026."),
    )
    period_end = models.DateField(
        _("period end"),
        null=True,
        blank=True,
        help_text=_("Last day of the period a follow-up round reports on, e.g. 30.6.2026."),
    )
    is_practice = models.BooleanField(
        _("practice round"),
        default=False,
        help_text=_(
            "Data of a practice round is not real; it is labelled as practice data wherever "
            "it appears."
        ),
    )
    strategies = models.ManyToManyField(
        Strategy,
        related_name="evaluation_rounds",
        verbose_name=_("strategies"),
        blank=True,
        help_text=_("The strategies evaluated in this round."),
    )
    rating_deadline = models.DateField(
        _("rating deadline"), null=True, blank=True, help_text=_("Last day to enter ratings.")
    )
    summary_date = models.DateField(
        _("summary date"), null=True, blank=True, help_text=_("Date of the evaluation summary.")
    )
    council_date = models.DateField(
        _("council date"),
        null=True,
        blank=True,
        help_text=_("Date the regional council is to consider the evaluation."),
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "When the round was last published; the latest published round is the default."
        ),
    )

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-summary_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=RoundState.values),
                name="round_state_valid",
                violation_error_message=_("Unknown state."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RoundKind.values),
                name="round_kind_valid",
                violation_error_message=_("Unknown kind of round."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="round_period_in_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The publication time is set when the round becomes published and cleared otherwise.
        if self.state != RoundState.PUBLISHED:
            self.published_at = None
        elif self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("evaluations:round", kwargs={"key": self.key})


class Assignment(models.Model):
    """A section of a round given to officials to rate and to approvers to approve; in a
    follow-up round, an organisational unit whose actions and indicators are updated.

    It also carries the section's state in the round: officials edit while it is a draft or
    returned, approvers decide once it is submitted, and approved ratings are locked. Only the
    ratings of approved sections of published rounds are public.
    """

    round = models.ForeignKey(
        EvaluationRound,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("evaluation round"),
        help_text=_("The round in which the section is rated."),
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("section"),
        help_text=_(
            "In an evaluation round: the section (e.g. a strategic line or a service line) whose "
            "goals are rated."
        ),
    )
    unit = models.ForeignKey(
        "strategy.Unit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("organisational unit"),
        help_text=_("In a follow-up round: the unit whose actions and indicators are updated."),
    )
    officials = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="rating_assignments",
        blank=True,
        verbose_name=_("officials"),
        help_text=_("The officials who rate the section's goals."),
    )
    approvers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="approval_assignments",
        blank=True,
        verbose_name=_("approvers"),
        help_text=_("Who approves the section's ratings or returns them for changes."),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=AssignmentState.choices,
        default=AssignmentState.DRAFT,
        help_text=_("Where the section's ratings are in the approval workflow."),
    )
    comment = models.TextField(
        _("comment"),
        blank=True,
        max_length=4000,
        help_text=_("The approver's or administrator's comment when returning or reopening."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
        help_text=_("Who last submitted the section for approval."),
    )
    submitted_at = models.DateTimeField(
        _("submitted at"), null=True, blank=True, help_text=_("When it was last submitted.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
        help_text=_("Who last approved, returned or reopened the section."),
    )
    decided_at = models.DateTimeField(
        _("decided at"), null=True, blank=True, help_text=_("When that decision was made.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["round", "section__strategy__order", "section__order", "pk"]
        permissions = [
            ("approve_assignment", _("Can approve or return sections assigned to them")),
            ("reopen_assignment", _("Can reopen an approved section")),
            ("view_all_assignments", _("Can see every section's ratings in progress")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "section"],
                name="one_assignment_per_section_per_round",
                violation_error_message=_("This section is already assigned in this round."),
            ),
            models.UniqueConstraint(
                fields=["round", "unit"],
                name="one_assignment_per_unit_per_round",
                violation_error_message=_("This unit is already assigned in this round."),
            ),
            models.CheckConstraint(
                condition=Q(section__isnull=False, unit__isnull=True)
                | Q(section__isnull=True, unit__isnull=False),
                name="assignment_of_section_or_unit",
                violation_error_message=_("Assign either a section or a unit, not both."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=AssignmentState.values),
                name="assignment_state_valid",
                violation_error_message=_("Unknown state."),
            ),
        ]

    def __str__(self):
        return f"{self.round}: {self.section or self.unit}"

    def get_absolute_url(self):
        name = "work:follow_up" if self.unit_id else "work:rate"
        return reverse(name, kwargs={"pk": self.pk})

    def clean(self):
        if self.round_id is None:
            return
        if self.round.kind == RoundKind.FOLLOW_UP:
            if self.section_id is not None:
                raise ValidationError(
                    {"section": _("A follow-up round assigns units, not sections.")},
                    code="section_in_follow_up",
                )
            return
        if self.unit_id is not None:
            raise ValidationError(
                {"unit": _("An evaluation round assigns sections, not units.")},
                code="unit_in_evaluation",
            )
        if self.section_id is None:
            return
        if not self.section.goals.exists():
            raise ValidationError(
                {"section": _("Only a section that holds goals can be assigned.")},
                code="section_without_goals",
            )
        if self.round.pk and not self.round.strategies.filter(pk=self.section.strategy_id).exists():
            raise ValidationError(
                {
                    "section": _(
                        "The section's strategy %(strategy)s is not evaluated in this round."
                    )
                },
                code="strategy_not_in_round",
                params={"strategy": self.section.strategy},
            )

    @property
    def is_follow_up(self) -> bool:
        """A unit's follow-up update (in a follow-up round), not a section's ratings."""
        return self.unit_id is not None

    @property
    def is_editable(self) -> bool:
        """Officials may change ratings: the round is open and the section not submitted."""
        return self.round.state == RoundState.OPEN and self.state in {
            AssignmentState.DRAFT,
            AssignmentState.RETURNED,
        }


class Versioned(models.Model):
    """A reported row (a rating, an action update, an indicator value) with optimistic
    locking: ``version`` grows with every save, and a save based on an older version is
    refused by the services."""

    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Grows with every save; a save based on an older version is refused."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
        super().save(*args, **kwargs)


class RatingQuerySet(models.QuerySet):
    def public(self):
        """Ratings anyone may read: of published rounds, in sections whose ratings are approved."""
        approved = Assignment.objects.filter(
            round=OuterRef("round"), state=AssignmentState.APPROVED
        )
        return self.filter(round__state=RoundState.PUBLISHED).filter(
            Exists(approved.filter(section=OuterRef("goal__section")))
            | Exists(approved.filter(section=OuterRef("sub_goal__goal__section")))
        )


class Rating(Versioned):
    """The rating of one goal, or of one sub-goal rated on its own, in a round."""

    round = models.ForeignKey(
        EvaluationRound,
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name=_("evaluation round"),
        help_text=_("The round the rating was given in."),
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ratings",
        verbose_name=_("goal"),
        help_text=_("The goal rated; leave empty when a sub-goal is rated."),
    )
    sub_goal = models.ForeignKey(
        SubGoal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ratings",
        verbose_name=_("sub-goal"),
        help_text=_("The sub-goal rated; leave empty when a goal is rated."),
    )
    score = models.PositiveSmallIntegerField(
        _("rating (1–5)"),
        null=True,
        blank=True,
        choices=Score.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("The rating on the scale 1–5."),
    )
    achieved = models.CharField(
        _("goal achieved?"),
        max_length=20,
        blank=True,
        choices=Achieved.choices,
        help_text=_("Whether the goal was achieved; empty when not assessed."),
    )
    is_tentative = models.BooleanField(
        _("tentative rating"),
        default=False,
        help_text=_(
            "The source gives the rating only tentatively (printed in parentheses). A tentative "
            "rating is shown in parentheses and marked, and it is not counted in means, "
            "distributions or achieved counts."
        ),
    )
    verbal_evaluation = models.TextField(
        _("verbal evaluation"),
        blank=True,
        max_length=VERBAL_EVALUATION_MAX_LENGTH,
        validators=[MaxLengthValidator(VERBAL_EVALUATION_MAX_LENGTH)],
        help_text=_("Verbal evaluation (summary)."),
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rated by"),
        help_text=_("The person who last changed the rating."),
    )

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["round", "goal__section", "goal__order", "sub_goal__order", "pk"]
        constraints = [
            optional_range(
                "score",
                1,
                5,
                name="rating_score_1_to_5",
                message=_("The rating must be a whole number from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(goal__isnull=False, sub_goal__isnull=True)
                | Q(goal__isnull=True, sub_goal__isnull=False),
                name="rating_of_goal_or_sub_goal",
                violation_error_message=_("Rate either a goal or a sub-goal, not both."),
            ),
            models.CheckConstraint(
                condition=Q(achieved__in=["", *Achieved.values]),
                name="rating_achieved_valid",
                violation_error_message=_("Unknown achievement status."),
            ),
            models.UniqueConstraint(
                fields=["round", "goal"],
                condition=Q(goal__isnull=False),
                name="one_rating_per_goal_per_round",
                violation_error_message=_("This goal already has a rating in this round."),
            ),
            models.UniqueConstraint(
                fields=["round", "sub_goal"],
                condition=Q(sub_goal__isnull=False),
                name="one_rating_per_sub_goal_per_round",
                violation_error_message=_("This sub-goal already has a rating in this round."),
            ),
        ]

    def __str__(self):
        return f"{self.round}: {self.item} – {self.score or '–'}"

    @property
    def item(self):
        return self.goal or self.sub_goal


class Finding(models.Model):
    """A verbal finding of a round: a highlight, a development theme, a survey remark."""

    round = models.ForeignKey(
        EvaluationRound,
        on_delete=models.CASCADE,
        related_name="findings",
        verbose_name=_("evaluation round"),
        help_text=_("The round the finding belongs to."),
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=FindingKind.choices, help_text=_("Kind of finding.")
    )
    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("strategy"),
        help_text=_("The strategy the finding concerns, if any."),
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("section"),
        help_text=_("The section (e.g. service area) the finding concerns, if any."),
    )
    text = models.TextField(_("text"), help_text=_("The finding."))
    order = models.PositiveIntegerField(_("order"), default=0, help_text=_("Position in lists."))

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["round", "kind", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FindingKind.values),
                name="finding_kind_valid",
                violation_error_message=_("Unknown kind of finding."),
            ),
        ]

    def __str__(self):
        return self.text[:80]


class FigureKind(models.TextChoices):
    """What a figure printed in a source document counts."""

    GOAL_COUNT = "goal_count", _("number of goals")
    SUB_GOAL_COUNT = "sub_goal_count", _("number of sub-goals")
    ITEM_COUNT = "item_count", _("number of rated items")
    MEAN = "mean", _("mean rating")
    SCORE = "score", _("rating")
    ACHIEVED_YES = "achieved_yes", _("achieved: yes")
    ACHIEVED_PARTLY = "achieved_partly", _("achieved: partly")
    ACHIEVED_NO = "achieved_no", _("achieved: no")
    RESPONDENTS = "respondents", _("respondents")
    SHARE_AT_LEAST_7 = "share_at_least_7", _("respondents giving at least 7 (%)")
    NPS = "nps", _("net promoter score (NPS)")
    GROUP_SHARE = "group_share", _("share of a respondent group (%)")
    SURVEY_MEAN = "survey_mean", _("mean of the answers")


class FigurePlace(models.TextChoices):
    """Where the document prints a figure (and the report shows it)."""

    EVALUATED = "evaluated", _("what was evaluated")
    SUMMARY = "summary", _("summary table")
    SURVEY = "survey", _("survey figures")
    SURVEY_OVERVIEW = "survey_overview", _("overview table of a survey")


class PublishedFigure(models.Model):
    """A summary figure as a source document prints it, kept beside what the app computes.

    The app computes every summary from the item-level ratings; where the document prints a
    figure of its own (a table's count or mean, a survey's share), it is stored here and shown
    marked as published, with a note where the computed figure differs.
    """

    round = models.ForeignKey(
        EvaluationRound,
        on_delete=models.CASCADE,
        related_name="published_figures",
        verbose_name=_("evaluation round"),
        help_text=_("The round whose document prints the figure."),
    )
    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="published_figures",
        verbose_name=_("strategy"),
        help_text=_("The strategy the figure summarises; empty for a survey's figure."),
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="published_figures",
        verbose_name=_("section"),
        help_text=_("The section the figure summarises; empty for the whole strategy."),
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="published_figures",
        verbose_name=_("goal"),
        help_text=_("The goal the figure concerns (e.g. a rescue guideline), if any."),
    )
    survey = models.ForeignKey(
        "municipalities.Survey",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="published_figures",
        verbose_name=_("survey"),
        help_text=_("The survey the figure comes from, if any."),
    )
    place = models.CharField(
        _("place"),
        max_length=30,
        choices=FigurePlace.choices,
        default=FigurePlace.SUMMARY,
        help_text=_("Where the document prints the figure."),
    )
    kind = models.CharField(
        _("kind of figure"),
        max_length=30,
        choices=FigureKind.choices,
        help_text=_("What the figure counts."),
    )
    label = models.CharField(
        _("label"),
        max_length=500,
        blank=True,
        help_text=_("What the figure is about, as printed (e.g. a respondent group or a theme)."),
    )
    value = models.DecimalField(
        _("value"), max_digits=8, decimal_places=2, help_text=_("The figure as printed.")
    )
    source_note = models.TextField(
        _("source note"),
        blank=True,
        help_text=_("Where the document prints the figure, and why a computed figure differs."),
    )
    order = models.PositiveIntegerField(_("order"), default=0, help_text=_("Position in lists."))

    class Meta:
        verbose_name = _("published figure")
        verbose_name_plural = _("published figures")
        ordering = ["round", "strategy", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FigureKind.values),
                name="published_figure_kind_valid",
                violation_error_message=_("Unknown kind of figure."),
            ),
            models.CheckConstraint(
                condition=Q(place__in=FigurePlace.values),
                name="published_figure_place_valid",
                violation_error_message=_("Unknown place of figure."),
            ),
            models.CheckConstraint(
                condition=Q(strategy__isnull=False) | Q(survey__isnull=False),
                name="published_figure_has_subject",
                violation_error_message=_("A published figure concerns a strategy or a survey."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self):
        super().clean()
        if self.section_id and self.strategy_id and self.section.strategy_id != self.strategy_id:
            raise ValidationError(
                {"section": _("The section is not part of the strategy %(strategy)s.")},
                code="section_of_other_strategy",
                params={"strategy": self.strategy},
            )


class RoundTextKind(models.TextChoices):
    STARTING_POINTS = "starting_points", _("starting points")
    TIMELINE = "timeline", _("process and timeline")
    EVALUATED = "evaluated", _("what was evaluated")
    VISION = "vision", _("vision")
    SURVEY_SUMMARY = "survey_summary", _("summary of a survey")


class RoundText(models.Model):
    """A passage of a round's evaluation document (its story), editable in the admin."""

    round = models.ForeignKey(
        EvaluationRound,
        on_delete=models.CASCADE,
        related_name="texts",
        verbose_name=_("evaluation round"),
        help_text=_("The round whose document the passage belongs to."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=30,
        choices=RoundTextKind.choices,
        help_text=_("Where the passage belongs in the report."),
    )
    survey = models.ForeignKey(
        "municipalities.Survey",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="texts",
        verbose_name=_("survey"),
        help_text=_("The survey a summary concerns, if any."),
    )
    date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("For a timeline entry: its date.")
    )
    date_text = models.CharField(
        _("time"),
        max_length=100,
        blank=True,
        help_text=_("For a timeline entry without an exact date, e.g. “autumn 2024”."),
    )
    title = models.CharField(_("title"), max_length=300, blank=True, help_text=_("Heading."))
    text = models.TextField(_("text"), blank=True, help_text=_("The passage."))
    order = models.PositiveIntegerField(_("order"), default=0, help_text=_("Position in lists."))

    class Meta:
        verbose_name = _("text of the evaluation")
        verbose_name_plural = _("texts of the evaluation")
        ordering = ["round", "kind", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=RoundTextKind.values),
                name="round_text_kind_valid",
                violation_error_message=_("Unknown kind of text."),
            ),
        ]

    def __str__(self):
        return (self.title or self.text)[:80]


class Language(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")


class UserProfile(models.Model):
    """What the app keeps of a user besides the account: the language of their e-mails."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=Language.FINNISH,
        help_text=_("The language of the e-mails the user gets."),
    )

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=Language.values),
                name="user_profile_language_valid",
                violation_error_message=_("Unknown language."),
            ),
        ]

    def __str__(self):
        return str(self.user)


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", _("section assigned")
    SUBMITTED = "submitted", _("section submitted")
    RETURNED = "returned", _("section returned")
    APPROVED = "approved", _("section approved")
    REMINDER_OFFICIAL = "reminder_official", _("reminder to rate")
    REMINDER_APPROVER = "reminder_approver", _("reminder to decide")
    PASSWORD_RESET = "password_reset", _("password reset")


class NotificationLog(models.Model):
    """One e-mail sent by the app: to whom, about what, in which language."""

    kind = models.CharField(
        _("kind"), max_length=30, choices=NotificationKind.choices, help_text=_("Why it was sent.")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
        help_text=_("The user the e-mail was sent to."),
    )
    email = models.EmailField(_("e-mail address"), help_text=_("The address it was sent to."))
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, help_text=_("Its language.")
    )
    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("assignment"),
        help_text=_("The section the e-mail concerns, if any."),
    )
    subject = models.CharField(_("subject"), max_length=300)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    failed = models.BooleanField(
        _("sending failed"),
        default=False,
        help_text=_("The mail server refused the e-mail or could not be reached."),
    )

    class Meta:
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("sent e-mails")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values),
                name="notification_kind_valid",
                violation_error_message=_("Unknown kind of e-mail."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.email}"


# --- What is reported in a follow-up round: the status of each action and indicator values.


def _approved_unit_assignment(unit_path: str):
    """Exists: the unit at ``unit_path`` has an approved assignment in the row's round."""
    return Exists(
        Assignment.objects.filter(
            round=OuterRef("round"), unit=OuterRef(unit_path), state=AssignmentState.APPROVED
        )
    )


class ActionUpdateQuerySet(models.QuerySet):
    def public(self):
        """Updates anyone may read: of published rounds, whose unit's update is approved."""
        return self.filter(round__state=RoundState.PUBLISHED).filter(
            _approved_unit_assignment("action__unit")
        )


class ActionUpdate(Versioned):
    """An action's status and progress text for the period of one follow-up round."""

    round = models.ForeignKey(
        EvaluationRound,
        on_delete=models.CASCADE,
        related_name="action_updates",
        verbose_name=_("follow-up round"),
        help_text=_("The follow-up round the update was given in."),
    )
    action = models.ForeignKey(
        "strategy.Action",
        on_delete=models.CASCADE,
        related_name="updates",
        verbose_name=_("action"),
        help_text=_("The action the update is about."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        blank=True,
        choices=ActionStatus.choices,
        help_text=_("Where the action stands at the end of the period."),
    )
    progress = models.TextField(
        _("progress"),
        blank=True,
        max_length=VERBAL_EVALUATION_MAX_LENGTH,
        validators=[MaxLengthValidator(VERBAL_EVALUATION_MAX_LENGTH)],
        help_text=_("What was done in the period and, if delayed, why."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
        help_text=_("The person who last changed the update."),
    )

    objects = ActionUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("action update")
        verbose_name_plural = _("action updates")
        ordering = ["round", "action", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "action"],
                name="one_update_per_action_per_round",
                violation_error_message=_("This action already has an update in this round."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["", *ActionStatus.values]),
                name="action_update_status_valid",
                violation_error_message=_("Unknown status."),
            ),
        ]

    def __str__(self):
        return f"{self.round}: {self.action} – {self.get_status_display() or '–'}"


class IndicatorValueQuerySet(models.QuerySet):
    def public(self):
        """Values anyone may read: of published rounds, whose unit's update is approved."""
        return self.filter(round__state=RoundState.PUBLISHED).filter(
            _approved_unit_assignment("indicator__unit")
        )


class IndicatorValue(Versioned):
    """The value of an indicator for one period, reported in a follow-up round."""

    round = models.ForeignKey(
        EvaluationRound,
        on_delete=models.CASCADE,
        related_name="indicator_values",
        verbose_name=_("follow-up round"),
        help_text=_("The follow-up round the value was reported in."),
    )
    indicator = models.ForeignKey(
        "strategy.Indicator",
        on_delete=models.CASCADE,
        related_name="values",
        verbose_name=_("indicator"),
        help_text=_("The indicator measured."),
    )
    date = models.DateField(
        _("period"), help_text=_("Last day of the period measured, e.g. 31.12.2025.")
    )
    value = models.DecimalField(
        _("value"), max_digits=14, decimal_places=4, help_text=_("The measured value.")
    )
    note = models.TextField(
        _("note"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH)],
        help_text=_("An optional note on the value, e.g. a change in how it is measured."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
        help_text=_("The person who last changed the value."),
    )

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"],
                name="one_value_per_indicator_period",
                violation_error_message=_("This indicator already has a value for this period."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.date}: {self.value}"


def user_language(user) -> str:
    """The language of the user's e-mails: their profile's, or Finnish when they have none."""
    profile = getattr(user, "profile", None)  # RelatedObjectDoesNotExist is an AttributeError
    language = getattr(profile, "language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
