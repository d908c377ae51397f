"""Strategies and what they are made of: sections (a tree), goals and sub-goals.

Text fields listed in ``strategy/translation.py`` exist once per language
(``title_fi``, ``title_sv``) through django-modeltranslation.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class StrategyKind(models.TextChoices):
    COUNTY = "county", _("county strategy")
    SERVICE = "service", _("service strategy")
    RESCUE_SERVICE_LEVEL = "rescue_service_level", _("rescue service level decision")
    PROCUREMENT_PRODUCTION = "procurement_production", _("procurement and production strategy")
    SERVICE_RENEWAL = "service_renewal", _("service renewal strategy")
    OTHER = "other", _("other strategy")


class GoalLabel(models.TextChoices):
    """What a strategy calls its goals; the UI and the report use this word."""

    GOAL = "goal", _("goal")
    GUIDELINE = "guideline", _("guideline")
    CHANGE_PROMISE = "change_promise", _("change promise")


class SectionKind(models.TextChoices):
    PART = "part", _("part")
    STRATEGIC_LINE = "strategic_line", _("strategic line")
    GOAL_GROUP = "goal_group", _("goal group")
    SERVICE_AREA = "service_area", _("service area")
    SERVICE_LINE = "service_line", _("service line")
    PLAN = "plan", _("plan")
    PRINCIPLE = "principle", _("principle")


class Strategy(models.Model):
    key = models.SlugField(
        _("key"),
        max_length=80,
        unique=True,
        help_text=_("Stable identifier used in addresses and data files, e.g. county-strategy."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=40,
        choices=StrategyKind.choices,
        help_text=_("What kind of strategic document this is."),
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("The strategy's name."))
    description = models.TextField(
        _("description"), blank=True, help_text=_("A short introduction to the strategy.")
    )
    mission = models.TextField(
        _("mission"), blank=True, help_text=_("The basic mission the strategy serves.")
    )
    values = models.TextField(_("values"), blank=True, help_text=_("The values, one per line."))
    period_start = models.DateField(
        _("period start"), null=True, blank=True, help_text=_("First day the strategy applies.")
    )
    period_end = models.DateField(
        _("period end"), null=True, blank=True, help_text=_("Last day the strategy applies.")
    )
    approved_by = models.CharField(
        _("approved by"),
        max_length=200,
        blank=True,
        help_text=_("The body that approved the strategy, e.g. the regional council."),
    )
    approved_on = models.DateField(
        _("approved on"), null=True, blank=True, help_text=_("Date of the approving decision.")
    )
    goal_label = models.CharField(
        _("goal label"),
        max_length=20,
        choices=GoalLabel.choices,
        default=GoalLabel.GOAL,
        help_text=_("What this strategy calls its goals."),
    )
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Position in lists of strategies.")
    )

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="strategy_period_in_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("strategy:detail", kwargs={"key": self.key})


class Section(models.Model):
    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("strategy"),
        help_text=_("The strategy this section belongs to."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent section"),
        help_text=_("The section this one is part of; empty for a top-level section."),
    )
    kind = models.CharField(
        _("level"),
        max_length=20,
        choices=SectionKind.choices,
        help_text=_("What this level is called in the strategy, e.g. strategic line."),
    )
    key = models.SlugField(
        _("key"),
        max_length=80,
        help_text=_("Identifier unique within the strategy, e.g. older-people."),
    )
    number = models.CharField(
        _("number"), max_length=20, blank=True, help_text=_("Number as printed in the source.")
    )
    title = models.CharField(_("title"), max_length=300, help_text=_("The section's title."))
    description = models.TextField(
        _("description"), blank=True, help_text=_("Introduction to the section.")
    )
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Position among its sibling sections.")
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["strategy", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "key"],
                name="section_key_unique_in_strategy",
                violation_error_message=_("This strategy already has a section with this key."),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def clean(self):
        super().clean()
        if self.parent_id and self.strategy_id and self.parent.strategy_id != self.strategy_id:
            raise ValidationError(
                {"parent": _("The parent section must belong to the same strategy.")},
                code="parent_in_other_strategy",
            )
        ancestor = self.parent
        while ancestor is not None:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": _("A section cannot be inside itself.")}, code="section_cycle"
                )
            ancestor = ancestor.parent


class Goal(models.Model):
    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        related_name="goals",
        verbose_name=_("section"),
        help_text=_("The section the goal is listed in."),
    )
    number = models.CharField(
        _("number"), max_length=20, blank=True, help_text=_("Number as printed in the source.")
    )
    title = models.TextField(_("goal"), help_text=_("The goal as the strategy states it."))
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Background to the goal, e.g. why the change is needed."),
    )
    expected_effects = models.TextField(
        _("intended effects"), blank=True, help_text=_("The effects sought, one per line.")
    )
    is_rated = models.BooleanField(
        _("rated as a whole"),
        default=True,
        help_text=_("Clear this when only the goal's sub-goals are rated, each on its own."),
    )
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Position in the section.")
    )

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["section", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "order"],
                name="goal_order_unique_in_section",
                violation_error_message=_("Another goal already has this position."),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self):
        return reverse("strategy:goal", kwargs={"pk": self.pk})


class SubGoal(models.Model):
    goal = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        related_name="sub_goals",
        verbose_name=_("goal"),
        help_text=_("The goal this sub-goal belongs to."),
    )
    number = models.CharField(
        _("number"), max_length=20, blank=True, help_text=_("Number as printed in the source.")
    )
    title = models.TextField(_("sub-goal"), help_text=_("The sub-goal as the strategy states it."))
    is_rated = models.BooleanField(
        _("rated on its own"),
        default=False,
        help_text=_("Set this when the sub-goal gets a rating of its own."),
    )
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Position under the goal.")
    )

    class Meta:
        verbose_name = _("sub-goal")
        verbose_name_plural = _("sub-goals")
        ordering = ["goal", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "order"],
                name="subgoal_order_unique_in_goal",
                violation_error_message=_("Another sub-goal already has this position."),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()
