"""Reads of strategies and their section trees."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from strategy.models import Goal, Section, Strategy, SubGoal


@dataclass
class SectionNode:
    section: Section
    depth: int
    children: list["SectionNode"] = field(default_factory=list)


def strategy_list() -> QuerySet[Strategy]:
    return Strategy.objects.all()


def strategy_tree(*, strategy: Strategy) -> list[SectionNode]:
    """The strategy's sections as a tree, each with its goals and sub-goals: three queries."""
    sections = list(
        Section.objects.filter(strategy=strategy).prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.prefetch_related(
                    Prefetch("sub_goals", queryset=SubGoal.objects.order_by("order"))
                ).order_by("order"),
            )
        )
    )
    children: dict[int | None, list[Section]] = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)

    def build(parent_id, depth):
        return [
            SectionNode(section=section, depth=depth, children=build(section.pk, depth + 1))
            for section in sorted(children.get(parent_id, []), key=lambda s: (s.order, s.pk))
        ]

    return build(None, 0)


def flatten(nodes: list[SectionNode]) -> list[SectionNode]:
    """Depth-first list of the tree, for templates that render sections in reading order."""
    result = []
    for node in nodes:
        result.append(node)
        result.extend(flatten(node.children))
    return result
