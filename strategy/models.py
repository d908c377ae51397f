"""Strategies and what they are made of: sections (a tree), goals and sub-goals.

Text fields listed in ``strategy/translation.py`` exist once per language
(``title_fi``, ``title_sv``) through django-modeltranslation.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
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


# --- Following a strategy through its term: units, actions, indicators and their targets.
# What is reported in each follow-up round (action updates, indicator values) lives with the
# rounds in ``evaluations.models``.


class UnitKind(models.TextChoices):
    SERVICE_AREA = "service_area", _("service area")
    SERVICE_LINE = "service_line", _("service line")
    DEPARTMENT = "department", _("department")
    OFFICE = "office", _("office")
    OTHER = "other", _("other unit")


class Unit(models.Model):
    """An organisational unit of the county: a service area, a service line, the rescue
    department, the strategy office. Units own actions and indicators and are assigned their
    updates in follow-up rounds."""

    key = models.SlugField(
        _("key"),
        max_length=80,
        unique=True,
        help_text=_("Stable identifier used in addresses and data files, e.g. rescue."),
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("The unit's name."))
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=UnitKind.choices,
        default=UnitKind.OTHER,
        help_text=_("What kind of unit this is."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
        help_text=_("The unit this one is part of; empty for a top-level unit."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="units",
        blank=True,
        verbose_name=_("officials of the unit"),
        help_text=_("Officials who may add and edit the unit's own operational actions."),
    )
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Position among its sibling units.")
    )

    class Meta:
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        ancestor = self.parent
        while ancestor is not None:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": _("A unit cannot be inside itself.")}, code="unit_cycle"
                )
            ancestor = ancestor.parent


class ActionKind(models.TextChoices):
    STRATEGY_ITEM = "strategy_item", _("item of the strategy followed as an action")
    UNIT_ACTION = "unit_action", _("unit's own operational action")


class Action(models.Model):
    """Something done to advance a goal, followed period by period.

    Either an item of the strategy itself (a goal, or a numbered "how we renew" item, i.e. a
    sub-goal) followed as an action, or an operational action a unit adds under a goal or one of
    its sub-goals: the common template for the units' implementation plans.
    """

    goal = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("goal"),
        help_text=_("The goal (e.g. change promise) the action advances."),
    )
    sub_goal = models.ForeignKey(
        SubGoal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("sub-goal"),
        help_text=_("The numbered item of the goal the action belongs under, if any."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=ActionKind.choices,
        default=ActionKind.UNIT_ACTION,
        help_text=_("Whether this follows the strategy's own item or is a unit's own action."),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("responsible unit"),
        help_text=_("The organisational unit responsible for the action."),
    )
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="owned_actions",
        blank=True,
        verbose_name=_("owners"),
        help_text=_("The officials who report the action's progress."),
    )
    title = models.TextField(
        _("title"),
        blank=True,
        help_text=_("The action; leave empty to use the title of the item followed."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("What is done and how.")
    )
    planned_start = models.DateField(
        _("planned start"), null=True, blank=True, help_text=_("When the action is to start.")
    )
    planned_end = models.DateField(
        _("planned end"), null=True, blank=True, help_text=_("When the action is to be done.")
    )
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Position under its goal or sub-goal.")
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["goal", "sub_goal__order", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="action_plan_in_order",
                violation_error_message=_("The planned end cannot be before the planned start."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ActionKind.values),
                name="action_kind_valid",
                violation_error_message=_("Unknown kind of action."),
            ),
        ]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return reverse("strategy:goal", kwargs={"pk": self.goal_id})

    @property
    def display_title(self) -> str:
        """The action's own title, or the title of the strategy item it follows."""
        if self.title:
            return self.title
        item = self.sub_goal or self.goal
        return str(item) if item else ""

    def clean(self):
        super().clean()
        if self.sub_goal_id and self.goal_id and self.sub_goal.goal_id != self.goal_id:
            raise ValidationError(
                {"sub_goal": _("The sub-goal must belong to the action's goal.")},
                code="sub_goal_of_other_goal",
            )
        if self.kind == ActionKind.UNIT_ACTION and not (self.title or "").strip():
            raise ValidationError(
                {"title": _("A unit's own action needs a title.")}, code="action_title_required"
            )


class Direction(models.TextChoices):
    INCREASE = "increase", _("increase")
    DECREASE = "decrease", _("decrease")
    RANGE = "range", _("keep within a range")


class TimeResolution(models.TextChoices):
    YEAR = "year", _("year")
    HALF_YEAR = "half_year", _("half-year")
    MONTH = "month", _("month")


class Indicator(models.Model):
    """A measure of an intended effect (mittari), with a baseline and target levels.

    Its values are reported in follow-up rounds (``evaluations.IndicatorValue``). Whether it is
    on track is computed from them (``strategy.indicators``), never stored.
    """

    key = models.SlugField(
        _("key"),
        max_length=80,
        unique=True,
        help_text=_("Stable identifier used in addresses and data files."),
    )
    name = models.CharField(_("name"), max_length=300, help_text=_("The indicator's name."))
    description = models.TextField(
        _("description"), blank=True, help_text=_("What is measured and how.")
    )
    unit_of_measure = models.CharField(
        _("unit of measure"),
        max_length=60,
        blank=True,
        help_text=_("e.g. %, per 1 000 inhabitants, days; empty for a plain number."),
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the figures come from, e.g. THL Sotkanet, the county's own data."),
    )
    source_url = models.URLField(
        _("source link"), blank=True, help_text=_("A link to the source or the statistic.")
    )
    sotkanet_id = models.PositiveIntegerField(
        _("Sotkanet indicator id"),
        null=True,
        blank=True,
        unique=True,
        help_text=_("The indicator's number in THL Sotkanet, for importing its CSV export."),
    )
    goals = models.ManyToManyField(
        Goal,
        related_name="indicators",
        blank=True,
        verbose_name=_("goals"),
        help_text=_("The goals (e.g. change promises) whose effects the indicator measures."),
    )
    intended_effect = models.TextField(
        _("intended effect"),
        blank=True,
        help_text=_("The intended effect the indicator measures, as the strategy words it."),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("responsible unit"),
        help_text=_("The organisational unit that reports the indicator's values."),
    )
    direction = models.CharField(
        _("desired direction"),
        max_length=20,
        choices=Direction.choices,
        default=Direction.INCREASE,
        help_text=_("Whether a larger or a smaller value is better, or a range is sought."),
    )
    range_low = models.DecimalField(
        _("range low"),
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Lowest acceptable value, when the direction is a range."),
    )
    range_high = models.DecimalField(
        _("range high"),
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Highest acceptable value, when the direction is a range."),
    )
    decimals = models.PositiveSmallIntegerField(
        _("decimals"),
        default=1,
        validators=[MaxValueValidator(4)],
        help_text=_("Number of decimals values are shown with."),
    )
    time_resolution = models.CharField(
        _("time resolution"),
        max_length=20,
        choices=TimeResolution.choices,
        default=TimeResolution.YEAR,
        help_text=_("How often a value is measured; periods are named accordingly."),
    )
    baseline_date = models.DateField(
        _("baseline period"),
        null=True,
        blank=True,
        help_text=_("Last day of the period of the baseline value, e.g. 31.12.2024."),
    )
    baseline_value = models.DecimalField(
        _("baseline value"),
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("The value at the start of the strategy period."),
    )
    practice_targets = models.BooleanField(
        _("practice baseline and targets"),
        default=False,
        help_text=_(
            "Set when the baseline and target levels are made-up practice figures, not decided "
            "ones; they are then labelled as practice data wherever they appear."
        ),
    )
    first_date = models.DateField(
        _("first period"),
        null=True,
        blank=True,
        help_text=_("Earliest period a value may be given for; empty for no limit."),
    )
    last_date = models.DateField(
        _("last period"),
        null=True,
        blank=True,
        help_text=_("Latest period a value may be given for; empty for no limit."),
    )
    order = models.PositiveIntegerField(_("order"), default=0, help_text=_("Position in lists."))

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(direction="range")
                | Q(
                    range_low__isnull=False,
                    range_high__isnull=False,
                    range_high__gte=F("range_low"),
                ),
                name="indicator_range_complete",
                violation_error_message=_(
                    "An indicator kept within a range needs a low and a high value, low first."
                ),
            ),
            models.CheckConstraint(
                condition=Q(baseline_date__isnull=True, baseline_value__isnull=True)
                | Q(baseline_date__isnull=False, baseline_value__isnull=False),
                name="indicator_baseline_complete",
                violation_error_message=_("A baseline needs both its period and its value."),
            ),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values),
                name="indicator_direction_valid",
                violation_error_message=_("Unknown direction."),
            ),
            models.CheckConstraint(
                condition=Q(decimals__lte=4),
                name="indicator_decimals_0_to_4",
                violation_error_message=_("Show at most four decimals."),
            ),
            models.CheckConstraint(
                condition=Q(first_date__isnull=True)
                | Q(last_date__isnull=True)
                | Q(last_date__gte=F("first_date")),
                name="indicator_periods_in_order",
                violation_error_message=_("The last period cannot be before the first."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("strategy:indicator", kwargs={"key": self.key})


class IndicatorTarget(models.Model):
    """A target level of an indicator for one future period (tavoitetaso)."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("indicator"),
        help_text=_("The indicator the target is set for."),
    )
    date = models.DateField(
        _("period"), help_text=_("Last day of the period the target is set for, e.g. 31.12.2029.")
    )
    value = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=4, help_text=_("The target level.")
    )

    class Meta:
        verbose_name = _("target level")
        verbose_name_plural = _("target levels")
        ordering = ["indicator", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"],
                name="one_target_per_indicator_period",
                violation_error_message=_("This indicator already has a target for this period."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.date} → {self.value}"
