"""Evaluation rounds, the ratings given in them, and their verbal findings."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from luvn.constraints import optional_range
from strategy.models import Goal, Section, Strategy, SubGoal


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
        _("verbal evaluation"), blank=True, help_text=_("Verbal evaluation (summary).")
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
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

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
