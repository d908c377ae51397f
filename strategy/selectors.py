"""Reads of strategies, their section trees and the public goal list."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Avg,
    Case,
    CharField,
    Exists,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from evaluations.models import EvaluationRound, Rating
from strategy.models import Goal, Section, Strategy, SubGoal


@dataclass
class SectionNode:
    section: Section
    depth: int
    children: list["SectionNode"] = field(default_factory=list)


def strategy_list() -> QuerySet[Strategy]:
    return Strategy.objects.all()


def _sections(*, strategies: list[Strategy], with_goals: bool) -> QuerySet[Section]:
    sections = Section.objects.filter(strategy__in=strategies).select_related("strategy")
    if with_goals:
        sections = sections.prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.order_by("order", "pk").prefetch_related(
                    Prefetch("sub_goals", queryset=SubGoal.objects.order_by("order", "pk"))
                ),
            )
        )
    return sections


def _section_forest(sections: Iterable[Section], strategies: list[Strategy]) -> list[SectionNode]:
    """The sections as trees: strategies in their order, then each level by its order."""
    strategy_order = {strategy.pk: (strategy.order, strategy.pk) for strategy in strategies}
    children: dict[int | None, list[Section]] = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)

    def build(parent_id, depth):
        level = sorted(
            children.get(parent_id, []),
            key=lambda s: (strategy_order[s.strategy_id], s.order, s.pk),
        )
        return [SectionNode(section=s, depth=depth, children=build(s.pk, depth + 1)) for s in level]

    return build(None, 0)


def strategy_tree(*, strategy: Strategy) -> list[SectionNode]:
    """The strategy's sections as a tree, each with its goals and sub-goals: three queries."""
    sections = _sections(strategies=[strategy], with_goals=True)
    return _section_forest(sections, [strategy])


def flatten(nodes: list[SectionNode]) -> list[SectionNode]:
    """Depth-first list of the tree, for templates that render sections in reading order."""
    result = []
    for node in nodes:
        result.append(node)
        result.extend(flatten(node.children))
    return result


def section_outline(
    *, strategies: Iterable[Strategy], with_goals: bool = False
) -> list[SectionNode]:
    """The given strategies' sections in reading order (strategy by strategy, depth first).

    One query, three ``with_goals`` (goals and sub-goals prefetched). The goal list uses it for
    its section filter and for sorting goals in the order the strategies print them; the
    report, to lay out its chapters.
    """
    strategies = list(strategies)
    sections = _sections(strategies=strategies, with_goals=with_goals)
    return flatten(_section_forest(sections, strategies))


def section_descendant_ids(*, sections: list[SectionNode], section: Section) -> set[int]:
    """The section and every section below it, from an outline (no query)."""
    children: dict[int, list[int]] = {}
    for node in sections:
        if node.section.parent_id is not None:
            children.setdefault(node.section.parent_id, []).append(node.section.pk)
    result, pending = set(), [section.pk]
    while pending:
        current = pending.pop()
        result.add(current)
        pending.extend(children.get(current, []))
    return result


def _public_ratings(*, round: EvaluationRound) -> QuerySet[Rating]:
    # The one place the goal list decides which ratings it may show: public ones only
    # (published round, approved section), as every public page.
    return Rating.objects.public().filter(round=round)


def goal_list(*, round: EvaluationRound | None, sections: list[SectionNode]) -> QuerySet[Goal]:
    """The goals of ``sections`` with their public rating in ``round``, for the goal list.

    Sorting and filtering happen in SQL on these annotations, so a page costs the same few
    queries however many goals there are:

    - ``section_position``: the section's place in ``sections`` (reading order);
    - ``rating_score``: the goal's own score when it is rated as a whole; for a goal rated only
      through its sub-goals (``is_rated`` false), the mean of their scores;
    - ``rating_achieved``: the goal's own achieved status (empty when not given).

    For display, ``public_ratings`` (the goal's own rating, at most one) and ``rated_sub_goals``
    (sub-goals rated on their own, each with ``public_ratings``) are prefetched.
    """
    positions = [
        When(section_id=node.section.pk, then=Value(position))
        for position, node in enumerate(sections)
    ]
    goals = Goal.objects.filter(section__in=[node.section for node in sections]).select_related(
        "section__strategy"
    )
    goals = goals.annotate(
        section_position=Case(*positions, default=Value(len(sections)), output_field=IntegerField())
        if positions
        else Value(0, output_field=IntegerField()),
    )
    if round is None:
        return goals.annotate(
            rating_score=Value(None, output_field=FloatField()),
            rating_achieved=Value("", output_field=CharField()),
        ).order_by("section_position", "order", "pk")

    ratings = _public_ratings(round=round)
    own = ratings.filter(goal=OuterRef("pk"))
    sub_goal_mean = (
        ratings.filter(sub_goal__goal=OuterRef("pk"), sub_goal__is_rated=True, score__isnull=False)
        .order_by()
        .values("sub_goal__goal")
        .annotate(mean=Avg("score"))
        .values("mean")
    )
    own_score = Cast(Subquery(own.values("score")[:1]), output_field=FloatField())
    return (
        goals.annotate(
            rating_score=Case(
                When(is_rated=True, then=own_score),
                default=Subquery(sub_goal_mean, output_field=FloatField()),
                output_field=FloatField(),
            ),
            rating_achieved=Coalesce(
                Subquery(own.filter(goal__is_rated=True).values("achieved")[:1]), Value("")
            ),
        )
        .prefetch_related(
            Prefetch("ratings", queryset=ratings, to_attr="public_ratings"),
            Prefetch(
                "sub_goals",
                queryset=SubGoal.objects.filter(is_rated=True)
                .order_by("order", "pk")
                .prefetch_related(Prefetch("ratings", queryset=ratings, to_attr="public_ratings")),
                to_attr="rated_sub_goals",
            ),
        )
        .order_by("section_position", "order", "pk")
    )


def goal_rating_q(*, round: EvaluationRound, score: int) -> Q:
    """Goals whose public rating in ``round`` is ``score``: their own, or a sub-goal's.

    A goal rated only through its sub-goals has no score of its own; it is found under each
    score one of its sub-goals got, so a councillor looking for the 2s sees every 2.
    """
    return _goal_has_rating_q(_public_ratings(round=round).filter(score=score))


def goal_achieved_q(*, round: EvaluationRound, achieved: str) -> Q:
    """Goals whose public rating in ``round`` says ``achieved``: their own, or a sub-goal's."""
    return _goal_has_rating_q(_public_ratings(round=round).filter(achieved=achieved))


def _goal_has_rating_q(ratings: QuerySet[Rating]) -> Q:
    # The same items the summaries count: a goal rated as a whole, a sub-goal rated on its own.
    own = Exists(ratings.filter(goal=OuterRef("pk")))
    sub_goal = Exists(ratings.filter(sub_goal__goal=OuterRef("pk"), sub_goal__is_rated=True))
    return (Q(is_rated=True) & Q(own)) | Q(sub_goal)


def goal_search_q(*, text: str, language: str) -> Q:
    """Goals whose number is ``text`` or whose title, as shown in ``language``, contains it.

    The title shown is the ``language`` column, or the Finnish one where that is empty.
    """
    shown = Q(**{f"title_{language}__icontains": text})
    if language != settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        fallback = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        missing = Q(**{f"title_{language}": ""}) | Q(**{f"title_{language}__isnull": True})
        shown |= missing & Q(**{f"title_{fallback}__icontains": text})
    return shown | Q(number__iexact=text)
