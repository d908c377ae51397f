"""Reads over the translatable texts of a strategy, a round or a survey: coverage and work lists.

A *text* is one translated field of one object whose Finnish is not empty. It *has Swedish*
when its Swedish column is not empty, is *missing* otherwise, and is *outdated* when it has
Swedish saved against another Finnish (``luvn/translation_sources.py``).

Each read costs one query per kind of content plus one per content type for the recorded
sources, however many strategies, rounds, surveys or texts there are.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from evaluations.models import ActionUpdate, EvaluationRound, Finding, IndicatorValue, Rating
from luvn.models import TranslationSource
from luvn.translation import localized
from luvn.translation_sources import SOURCE, TARGET, column, is_outdated, translated_fields
from municipalities.models import Question, QuestionOption, Survey, SurveyTheme
from strategy.models import Action, Goal, Indicator, Section, Strategy, SubGoal, Unit


@dataclass(frozen=True)
class Part:
    """One kind of content in a scope: its model, the path to the scope's id, label columns."""

    model: type[models.Model]
    scope_path: str
    label_paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scope:
    kind: str  # "strategy" | "round" | "survey"
    model: type[models.Model]
    parts: tuple[Part, ...]
    label: str


SCOPES = {
    "strategy": Scope(
        "strategy",
        Strategy,
        (
            Part(Strategy, "pk"),
            Part(Section, "strategy_id", ("number",)),
            Part(Goal, "section__strategy_id", ("number",)),
            Part(SubGoal, "goal__section__strategy_id", ("goal__number", "number")),
            Part(Action, "goal__section__strategy_id", ("goal__number", "sub_goal__number")),
            Part(Indicator, "goals__section__strategy_id", ("key",)),
        ),
        _("strategy"),
    ),
    "round": Scope(
        "round",
        EvaluationRound,
        (
            Part(EvaluationRound, "pk"),
            Part(
                Rating, "round_id", ("goal__number", "sub_goal__goal__number", "sub_goal__number")
            ),
            Part(Finding, "round_id", ("kind",)),
            Part(ActionUpdate, "round_id", ("action__goal__number", "action__sub_goal__number")),
            Part(IndicatorValue, "round_id", ("indicator__key",)),
        ),
        _("evaluation round"),
    ),
    "survey": Scope(
        "survey",
        Survey,
        (
            Part(Survey, "pk"),
            Part(SurveyTheme, "survey_id", ("key",)),
            Part(Question, "survey_id", ("key",)),
            Part(QuestionOption, "question__survey_id", ("question__key", "key")),
        ),
        _("survey"),
    ),
}
# Content that belongs to no single strategy, round or survey: only in the list of outdated texts.
UNSCOPED = (Unit,)


def unit_id(model: type[models.Model], pk: int, field_name: str) -> str:
    """The identifier of a text in exported files: ``strategy.goal.12.title``."""
    return f"{model._meta.app_label}.{model._meta.model_name}.{pk}.{field_name}"


@dataclass
class Text:
    """One translatable text: where it is, its Finnish, its Swedish and whether that is outdated."""

    model: type[models.Model]
    pk: int
    field: str
    finnish: str
    swedish: str
    label: str = ""
    outdated: bool = False
    source_text: str | None = None  # the Finnish the Swedish was saved against, if recorded

    @property
    def id(self) -> str:
        return unit_id(self.model, self.pk, self.field)

    @property
    def kind_label(self) -> str:
        verbose = self.model._meta.verbose_name
        return f"{verbose} {self.label}".strip() if self.label else f"{verbose} #{self.pk}"

    @property
    def field_label(self) -> str:
        return str(self.model._meta.get_field(self.field).verbose_name)

    @property
    def admin_url(self) -> str:
        from django.urls import reverse

        meta = self.model._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[self.pk])

    @property
    def max_length(self) -> int | None:
        return max_length(self.model, self.field)


def max_length(model: type[models.Model], field_name: str) -> int | None:
    """The longest Swedish text the field takes (its max_length or MaxLengthValidator)."""
    db_field = model._meta.get_field(column(field_name, TARGET))
    limits = [db_field.max_length] if db_field.max_length else []
    limits += [
        v.limit_value
        for v in db_field.validators
        if type(v).__name__ == "MaxLengthValidator" and isinstance(v.limit_value, int)
    ]
    return min(limits) if limits else None


@dataclass
class Coverage:
    """How much of a strategy's, round's or survey's text has Swedish."""

    kind: str
    obj: models.Model
    texts: list[Text] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.texts)

    @property
    def translated(self) -> int:
        return sum(1 for t in self.texts if t.swedish)

    @property
    def share(self) -> float | None:
        """Share with Swedish, 0–100; None when there is nothing to translate."""
        return 100 * self.translated / self.total if self.total else None

    @property
    def missing(self) -> list[Text]:
        return [t for t in self.texts if not t.swedish]

    @property
    def outdated(self) -> list[Text]:
        return [t for t in self.texts if t.outdated]

    @property
    def to_translate(self) -> list[Text]:
        """What a translator gets: the missing and the outdated texts."""
        return [t for t in self.texts if not t.swedish or t.outdated]


def _label(row: dict, paths: tuple[str, ...]) -> str:
    values = [str(row[p]) for p in paths if row.get(p) not in (None, "")]
    return " / ".join(values)


def _sources(models_: list[type[models.Model]]) -> dict[tuple[type, int, str], str]:
    """The recorded Finnish source texts of the models' fields, one query per model."""
    result = {}
    for model in models_:
        content_type = ContentType.objects.get_for_model(model)
        rows = TranslationSource.objects.filter(content_type=content_type).values_list(
            "object_id", "field", "source_text"
        )
        for object_id, field_name, source_text in rows:
            result[(model, object_id, field_name)] = source_text
    return result


def _texts(
    model: type[models.Model], rows, label_paths: tuple[str, ...], sources: dict
) -> list[Text]:
    texts = []
    for row in rows:
        for field_name in translated_fields(model):
            finnish = row[column(field_name, SOURCE)] or ""
            if not finnish.strip():
                continue
            swedish = row[column(field_name, TARGET)] or ""
            source_text = sources.get((model, row["pk"], field_name))
            texts.append(
                Text(
                    model=model,
                    pk=row["pk"],
                    field=field_name,
                    finnish=finnish,
                    swedish=swedish,
                    label=_label(row, label_paths),
                    outdated=is_outdated(finnish=finnish, swedish=swedish, source_text=source_text),
                    source_text=source_text if swedish else None,
                )
            )
    return texts


def _columns(model) -> list[str]:
    return [column(f, lang) for f in translated_fields(model) for lang in (SOURCE, TARGET)]


def translation_coverage_list(*, kind: str, pks: list[int] | None = None) -> list[Coverage]:
    """Coverage of every strategy, round or survey (``kind``), or of those in ``pks``."""
    scope = SCOPES[kind]
    objects = scope.model.objects.all()
    if pks is not None:
        objects = objects.filter(pk__in=pks)
    coverage = {obj.pk: Coverage(kind=kind, obj=obj) for obj in objects}
    sources = _sources([part.model for part in scope.parts])
    for part in scope.parts:
        rows = (
            part.model.objects.filter(**{f"{part.scope_path}__in": list(coverage)})
            .values(
                "pk", *_columns(part.model), *part.label_paths, scope_id=models.F(part.scope_path)
            )
            .order_by("pk")
            .distinct()
        )
        by_scope = defaultdict(list)
        for row in rows:
            by_scope[row["scope_id"]].append(row)
        for scope_id, scope_rows in by_scope.items():
            coverage[scope_id].texts += _texts(part.model, scope_rows, part.label_paths, sources)
    return list(coverage.values())


def translation_coverage(*, kind: str, pk: int) -> Coverage | None:
    """One strategy's, round's or survey's coverage, with its texts."""
    found = translation_coverage_list(kind=kind, pks=[pk])
    return found[0] if found else None


def translation_outdated_list() -> list[Text]:
    """Every outdated Swedish text of every translated model (scoped or not), for administrators.

    Two queries per model: its recorded sources and its rows that have any.
    """
    result = []
    seen_models = []
    for scope in SCOPES.values():
        seen_models += [part.model for part in scope.parts if part.model not in seen_models]
    label_paths = {part.model: part.label_paths for s in SCOPES.values() for part in s.parts}
    for model in [*seen_models, *UNSCOPED]:
        sources = _sources([model])
        if not sources:
            continue
        pks = {pk for (_model, pk, _field) in sources}
        paths = label_paths.get(model, ())
        rows = (
            model.objects.filter(pk__in=pks).values("pk", *_columns(model), *paths).order_by("pk")
        )
        result += [t for t in _texts(model, rows, paths, sources) if t.outdated]
    return result


@dataclass
class SwedishGap:
    """Texts of a survey without Swedish, and the Swedish-speaking recipients who would see
    them in Finnish."""

    missing: list[Text]
    recipients: list  # municipalities or named respondents whose language is Swedish

    @property
    def names(self) -> str:
        return ", ".join(
            localized(r, "name").text if hasattr(r, "name_sv") else r.name for r in self.recipients
        )


def survey_swedish_gap(*, survey: Survey, recipients) -> SwedishGap | None:
    """What a sender must be warned of before inviting ``recipients`` to ``survey``, or None."""
    swedish = [r for r in recipients if getattr(r, "language", "") == TARGET]
    if not swedish:
        return None
    coverage = translation_coverage(kind="survey", pk=survey.pk)
    missing = coverage.missing if coverage else []
    return SwedishGap(missing=missing, recipients=swedish) if missing else None
