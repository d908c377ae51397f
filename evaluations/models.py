"""Evaluation rounds, the ratings given in them, and their verbal findings."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from luvn.constraints import optional_range
from strategy.models import Goal, Section, Strategy, SubGoal

# Long enough for the longest evaluation of 2024 (about 2 000 characters) several times over.
VERBAL_EVALUATION_MAX_LENGTH = 8000


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
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("evaluations:round", kwargs={"key": self.key})


class Assignment(models.Model):
    """A section of a round given to officials to rate and to approvers to approve.

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
        related_name="assignments",
        verbose_name=_("section"),
        help_text=_("The section (e.g. a strategic line or a service line) whose goals are rated."),
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
            models.CheckConstraint(
                condition=Q(state__in=AssignmentState.values),
                name="assignment_state_valid",
                violation_error_message=_("Unknown state."),
            ),
        ]

    def __str__(self):
        return f"{self.round}: {self.section}"

    def get_absolute_url(self):
        return reverse("work:rate", kwargs={"pk": self.pk})

    def clean(self):
        if self.section_id is None or self.round_id is None:
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
    def is_editable(self) -> bool:
        """Officials may change ratings: the round is open and the section not submitted."""
        return self.round.state == RoundState.OPEN and self.state in {
            AssignmentState.DRAFT,
            AssignmentState.RETURNED,
        }


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


class Rating(models.Model):
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
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Grows with every save; a save based on an older version is refused."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

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

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
        super().save(*args, **kwargs)

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
