"""Load the demo data (``fixtures/*.yaml``, format in ``fixtures/FORMAT.md``).

Every object is found by its natural key (strategy key, section key, a goal's position in its
section, …) and updated in place, so loading twice leaves the same data. One transaction: a
broken file leaves the database as it was.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from evaluations.models import (
    ActionUpdate,
    Assignment,
    AssignmentState,
    EvaluationRound,
    Finding,
    IndicatorValue,
    PublishedFigure,
    Rating,
    RoundKind,
    RoundState,
    RoundText,
)
from municipalities.models import (
    Answer,
    Municipality,
    Question,
    QuestionOption,
    Respondent,
    Survey,
    SurveyResponse,
    SurveyTheme,
)
from strategy.models import (
    Action,
    ActionKind,
    Goal,
    Indicator,
    IndicatorTarget,
    Section,
    Strategy,
    SubGoal,
    Unit,
)

LANGUAGES = ("fi", "sv")


class DemoDataError(ValueError):
    """A fixture file does not follow fixtures/FORMAT.md."""


@dataclass
class LoadStats:
    files: int = 0
    counts: Counter = field(default_factory=Counter)

    def add(self, model) -> None:
        self.counts[model._meta.verbose_name_plural] += 1


def _texts(value, name: str) -> dict[str, str]:
    """``{fi: ..., sv: ...}`` → ``{"name_fi": ..., "name_sv": ...}``; missing languages empty."""
    if value is None:
        value = {}
    if not isinstance(value, dict) or set(value) - set(LANGUAGES):
        raise DemoDataError(f"{name}: expected a mapping of fi/sv texts, got {value!r}")
    return {f"{name}_{lang}": (value.get(lang) or "").strip() for lang in LANGUAGES}


def _given_texts(entry: dict, names: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for name in names:
        if name in entry:
            values.update(_texts(entry[name], name))
    return values


def _save(obj, stats: LoadStats):
    obj.full_clean()
    obj.save()
    stats.add(type(obj))
    return obj


def _upsert(model, stats: LoadStats, lookup: dict, values: dict):
    obj = model.objects.filter(**lookup).first()
    if obj is not None and all(getattr(obj, name) == value for name, value in values.items()):
        # Unchanged: no save, so reloading adds no change history and bumps no versions.
        stats.add(model)
        return obj
    obj = obj or model(**lookup)
    for name, value in values.items():
        setattr(obj, name, value)
    return _save(obj, stats)


class _Loader:
    def __init__(self, stats: LoadStats):
        self.stats = stats
        self.rounds: dict[str, EvaluationRound] = {}
        self.strategies: dict[str, Strategy] = {}
        self.sections: dict[tuple[str, str], Section] = {}
        # Positions run on across files, so a section continued in a later file keeps its order.
        self.positions: Counter = Counter()

    def next_position(self, *scope) -> int:
        self.positions[scope] += 1
        return self.positions[scope]

    def round_for(self, document: dict, where: str) -> EvaluationRound:
        key = document.get("round")
        if key not in self.rounds:
            raise DemoDataError(f"{where}: unknown or missing round {key!r}")
        return self.rounds[key]

    # Rounds --------------------------------------------------------------------------
    def load_round(self, entry: dict) -> None:
        values = {
            "state": entry.get("state", "published"),
            "kind": entry.get("kind", RoundKind.EVALUATION),
            "is_practice": entry.get("practice", False),
            "period_start": entry.get("period_start"),
            "period_end": entry.get("period_end"),
            "rating_deadline": entry.get("rating_deadline"),
            "summary_date": entry.get("summary_date"),
            "council_date": entry.get("council_date"),
            **_given_texts(entry, ("name", "description")),
        }
        self.rounds[entry["key"]] = _upsert(
            EvaluationRound, self.stats, {"key": entry["key"]}, values
        )

    def link_round_strategies(self, entry: dict) -> None:
        keys = entry.get("strategies", [])
        missing = [key for key in keys if key not in self.strategies]
        if missing:
            raise DemoDataError(f"round {entry['key']}: unknown strategies {missing}")
        round_ = self.rounds[entry["key"]]
        round_.strategies.set([self.strategies[key] for key in keys])

    def approve_published_round(self, entry: dict) -> None:
        """A published round's document is the approved evaluation: every section is approved."""
        round_ = self.rounds[entry["key"]]
        if round_.kind == RoundKind.FOLLOW_UP:
            self.assign_units(round_, entry)
            return
        if round_.state != RoundState.PUBLISHED:
            return
        sections = Section.objects.filter(
            strategy__in=round_.strategies.all(), goals__isnull=False
        ).distinct()
        for section in sections:
            _upsert(
                Assignment,
                self.stats,
                {"round": round_, "section": section},
                {"state": AssignmentState.APPROVED},
            )

    # Strategies -----------------------------------------------------------------------
    def load_strategy(self, entry: dict, document: dict) -> None:
        key = entry["key"]
        values = {
            name: entry[name]
            for name in ("kind", "period_start", "period_end", "approved_on", "goal_label")
            if name in entry
        }
        values.update(
            _given_texts(entry, ("name", "description", "mission", "values", "approved_by"))
        )
        if key not in self.strategies:
            values.setdefault("order", len(self.strategies) + 1)
        strategy = _upsert(Strategy, self.stats, {"key": key}, values)
        self.strategies[key] = strategy
        for section_entry in entry.get("sections", []):
            self.load_section(strategy, None, section_entry, document)

    def load_section(self, strategy, parent, entry: dict, document: dict) -> None:
        natural_key = (strategy.key, entry["key"])
        if natural_key in self.sections:
            section = self.sections[natural_key]
        else:
            values = {
                "parent": parent,
                "kind": entry["kind"],
                "number": str(entry.get("number", "")),
                "order": self.next_position("section", strategy.key, parent and parent.key),
                **_given_texts(entry, ("title", "description")),
            }
            section = _upsert(
                Section, self.stats, {"strategy": strategy, "key": entry["key"]}, values
            )
            self.sections[natural_key] = section
        for child in entry.get("sections", []):
            self.load_section(strategy, section, child, document)
        for goal_entry in entry.get("goals", []):
            self.load_goal(section, goal_entry, document)

    def load_goal(self, section: Section, entry: dict, document: dict) -> None:
        order = self.next_position("goal", section.pk)
        values = {
            "number": str(entry.get("number", "")),
            "is_rated": entry.get("rated", True),
            **_texts(entry["title"], "title"),
            **_texts(entry.get("description"), "description"),
            **_texts(entry.get("expected_effects"), "expected_effects"),
        }
        goal = _upsert(Goal, self.stats, {"section": section, "order": order}, values)
        if "rating" in entry:
            self.load_rating(entry["rating"], document, goal=goal)
        for position, sub_entry in enumerate(entry.get("sub_goals", []), start=1):
            sub_values = {
                "number": str(sub_entry.get("number", "")),
                "is_rated": "rating" in sub_entry,
                **_texts(sub_entry["title"], "title"),
            }
            sub_goal = _upsert(SubGoal, self.stats, {"goal": goal, "order": position}, sub_values)
            if "rating" in sub_entry:
                self.load_rating(sub_entry["rating"], document, sub_goal=sub_goal)

    def load_rating(self, entry: dict, document: dict, *, goal=None, sub_goal=None) -> None:
        round_ = self.round_for(document, f"rating of {goal or sub_goal}")
        lookup = {"round": round_, "goal": goal, "sub_goal": sub_goal}
        values = {
            "score": entry.get("score"),
            "achieved": entry.get("achieved") or "",
            "is_tentative": entry.get("tentative", False),
            **_texts(entry.get("evaluation"), "verbal_evaluation"),
        }
        _upsert(Rating, self.stats, lookup, values)

    # Published figures and the document's texts ------------------------------------------------
    def figure_subject(self, entry: dict, where: str) -> dict:
        """The strategy / section / goal / survey a published figure or text refers to."""
        subject = {"strategy": None, "section": None, "goal": None, "survey": None}
        if "strategy" in entry:
            subject["strategy"] = self.strategies.get(entry["strategy"])
            if subject["strategy"] is None:
                raise DemoDataError(f"{where}: unknown strategy {entry['strategy']!r}")
        if "section" in entry:
            subject["section"] = self.sections.get((entry.get("strategy"), entry["section"]))
            if subject["section"] is None:
                raise DemoDataError(f"{where}: unknown section {entry['section']!r}")
        if "goal_position" in entry:
            section = subject["section"]
            subject["goal"] = section and section.goals.filter(order=entry["goal_position"]).first()
            if subject["goal"] is None:
                raise DemoDataError(f"{where}: no goal at {entry['goal_position']!r}")
        if "survey" in entry:
            subject["survey"] = Survey.objects.filter(key=entry["survey"]).first()
            if subject["survey"] is None:
                raise DemoDataError(f"{where}: unknown survey {entry['survey']!r}")
        return subject

    def load_published_figure(self, entry: dict, document: dict) -> None:
        round_ = self.round_for(document, "published figure")
        subject = self.figure_subject(entry, "published figure")
        order = self.next_position("figure", round_.key)
        values = {
            **subject,
            "place": entry.get("place", "summary"),
            "kind": entry["kind"],
            "value": Decimal(str(entry["value"])),
            **_texts(entry.get("label"), "label"),
            **_texts(entry.get("note"), "source_note"),
        }
        _upsert(PublishedFigure, self.stats, {"round": round_, "order": order}, values)

    def load_round_text(self, entry: dict, document: dict) -> None:
        round_ = self.round_for(document, "text")
        survey = self.figure_subject(entry, "text")["survey"]
        order = self.next_position("text", round_.key, entry["kind"])
        values = {
            "survey": survey,
            "date": entry.get("date"),
            **_texts(entry.get("when"), "date_text"),
            **_texts(entry.get("title"), "title"),
            **_texts(entry.get("text"), "text"),
        }
        _upsert(
            RoundText,
            self.stats,
            {"round": round_, "kind": entry["kind"], "order": order},
            values,
        )

    # Follow-up: units, actions, indicators, and what follow-up rounds report ----------
    def load_unit(self, entry: dict, parent: Unit | None = None) -> None:
        values = {
            "kind": entry.get("kind", "other"),
            "parent": parent,
            "order": self.next_position("unit", parent and parent.key),
            **_texts(entry["name"], "name"),
        }
        unit = _upsert(Unit, self.stats, {"key": entry["key"]}, values)
        for child in entry.get("units", []):
            self.load_unit(child, unit)

    def unit(self, key: str, where: str) -> Unit:
        unit = Unit.objects.filter(key=key).first()
        if unit is None:
            raise DemoDataError(f"{where}: unknown unit {key!r}")
        return unit

    def goal_at(self, reference: dict, where: str) -> tuple[Goal, SubGoal | None]:
        """``{strategy, section, position[, sub_goal]}`` → the goal and the optional sub-goal."""
        section = self.sections.get((reference["strategy"], reference["section"]))
        goal = section and section.goals.filter(order=reference["position"]).first()
        if goal is None:
            raise DemoDataError(f"{where}: no goal at {reference}")
        if "sub_goal" not in reference:
            return goal, None
        sub_goal = goal.sub_goals.filter(order=reference["sub_goal"]).first()
        if sub_goal is None:
            raise DemoDataError(f"{where}: no sub-goal at {reference}")
        return goal, sub_goal

    def action_lookup(self, reference: dict, where: str) -> dict:
        goal, sub_goal = self.goal_at(reference, where)
        return {
            "goal": goal,
            "sub_goal": sub_goal,
            "kind": reference.get("kind", ActionKind.STRATEGY_ITEM),
            "order": reference.get("order", 1),
        }

    def load_action(self, entry: dict) -> None:
        values = {
            "unit": self.unit(entry["unit"], "action"),
            "planned_start": entry.get("planned_start"),
            "planned_end": entry.get("planned_end"),
            **_texts(entry.get("title"), "title"),
            **_texts(entry.get("description"), "description"),
        }
        _upsert(Action, self.stats, self.action_lookup(entry["item"], "action"), values)

    def load_indicator(self, entry: dict) -> None:
        defaults = {
            "direction": "increase",
            "decimals": 1,
            "time_resolution": "year",
            "source_url": "",
            "sotkanet_id": None,
            "first_date": None,
            "last_date": None,
        }
        values = {name: entry.get(name, default) for name, default in defaults.items()}
        baseline = entry.get("baseline") or {}
        values.update(
            {
                "unit": self.unit(entry["unit"], f"indicator {entry['key']}"),
                "range_low": _decimal(entry.get("range_low")),
                "range_high": _decimal(entry.get("range_high")),
                "baseline_date": baseline.get("date"),
                "baseline_value": _decimal(baseline.get("value")),
                "practice_targets": entry.get("practice_targets", False),
                "order": self.next_position("indicator"),
                **_texts(entry["name"], "name"),
                **_texts(entry.get("description"), "description"),
                **_texts(entry.get("unit_of_measure"), "unit_of_measure"),
                **_texts(entry.get("source"), "source"),
                **_texts(entry.get("intended_effect"), "intended_effect"),
            }
        )
        indicator = _upsert(Indicator, self.stats, {"key": entry["key"]}, values)
        where = f"indicator {entry['key']}"
        indicator.goals.set([self.goal_at(ref, where)[0] for ref in entry.get("goals", [])])
        for target in entry.get("targets", []):
            _upsert(
                IndicatorTarget,
                self.stats,
                {"indicator": indicator, "date": target["date"]},
                {"value": _decimal(target["value"])},
            )

    def assign_units(self, round_: EvaluationRound, entry: dict) -> None:
        """A follow-up round's units: approved in a published round, drafts otherwise."""
        published = round_.state == RoundState.PUBLISHED
        for key in entry.get("units", []):
            unit = self.unit(key, f"round {round_.key}")
            values = {"state": AssignmentState.APPROVED} if published else {}
            _upsert(Assignment, self.stats, {"round": round_, "unit": unit}, values)

    def load_follow_up(self, entry: dict) -> None:
        """What a follow-up round reports: action statuses and indicator values."""
        round_ = self.rounds[entry["key"]]
        for update in entry.get("action_updates", []):
            where = f"update in {round_.key}"
            action = Action.objects.filter(**self.action_lookup(update["action"], where)).first()
            if action is None:
                raise DemoDataError(f"{where}: no action at {update['action']}")
            values = {
                "status": update.get("status", ""),
                **_texts(update.get("progress"), "progress"),
            }
            _upsert(ActionUpdate, self.stats, {"round": round_, "action": action}, values)
        for value in entry.get("indicator_values", []):
            indicator = Indicator.objects.filter(key=value["indicator"]).first()
            if indicator is None:
                raise DemoDataError(f"value in {round_.key}: unknown {value['indicator']!r}")
            values = {
                "round": round_,
                "value": _decimal(value["value"]),
                **_texts(value.get("note"), "note"),
            }
            lookup = {"indicator": indicator, "date": value["date"]}
            _upsert(IndicatorValue, self.stats, lookup, values)

    # Findings -------------------------------------------------------------------------
    def load_findings(self, entry: dict, document: dict) -> None:
        round_ = self.round_for(document, "findings")
        strategy = self.strategies.get(entry["strategy"]) if "strategy" in entry else None
        section = None
        if "section" in entry:
            section = self.sections.get((entry.get("strategy"), entry["section"]))
            if section is None:
                raise DemoDataError(f"findings: unknown section {entry['section']!r}")
        for item in entry["items"]:
            order = self.next_position("finding", round_.key, entry["kind"], strategy, section)
            lookup = {
                "round": round_,
                "kind": entry["kind"],
                "strategy": strategy,
                "section": section,
                "order": order,
            }
            _upsert(Finding, self.stats, lookup, _texts(item, "text"))

    # Municipalities and surveys -----------------------------------------------------------
    def load_municipality(self, entry: dict) -> None:
        values = {
            "language": entry.get("language", "fi"),
            "bilingual": bool(entry.get("bilingual", False)),
            **_texts(entry["name"], "name"),
        }
        _upsert(Municipality, self.stats, {"code": str(entry["code"])}, values)

    def goal_reference(self, entry: dict) -> tuple[Goal | None, SubGoal | None]:
        reference = entry.get("goal")
        if not reference:
            return None, None
        section = self.sections.get((reference["strategy"], reference["section"]))
        goal = section and section.goals.filter(order=reference["position"]).first()
        if goal is None:
            raise DemoDataError(f"question {entry['key']}: no goal at {reference}")
        if "sub_goal_position" not in entry:
            return goal, None
        sub_goal = goal.sub_goals.filter(order=entry["sub_goal_position"]).first()
        if sub_goal is None:
            raise DemoDataError(f"question {entry['key']}: no sub-goal at {reference}")
        return None, sub_goal

    def load_survey(self, entry: dict, document: dict) -> None:
        round_key = entry.get("round") or document.get("round")
        if round_key not in self.rounds:
            raise DemoDataError(f"survey {entry['key']}: unknown round {round_key!r}")
        values = {
            "round": self.rounds[round_key],
            "kind": entry.get("kind", "municipality"),
            "opens_on": entry.get("opens_on"),
            "closes_on": entry.get("closes_on"),
            "published_respondents": entry.get("published_respondents"),
            "published_nps": entry.get("published_nps"),
            "audience": entry.get("audience", "municipalities"),
            "is_practice": entry.get("practice", False),
            "results_public": entry.get("results_public", False),
            "min_group_size": entry.get("min_group_size", 5),
            "response_cap": entry.get("response_cap"),
            **_texts(entry["title"], "title"),
            **_texts(entry.get("description"), "description"),
            **_texts(entry.get("target_group"), "target_group"),
        }
        survey = _upsert(Survey, self.stats, {"key": entry["key"]}, values)
        question_order = 0
        for theme_order, theme_entry in enumerate(entry.get("themes", []), start=1):
            theme_values = {
                "order": theme_order,
                "published_mean": theme_entry.get("published_mean"),
                "published_question_count": theme_entry.get("published_question_count"),
                **_texts(theme_entry["title"], "title"),
                **_texts(theme_entry.get("description"), "description"),
            }
            theme = _upsert(
                SurveyTheme, self.stats, {"survey": survey, "key": theme_entry["key"]}, theme_values
            )
            for question_entry in theme_entry.get("questions", []):
                question_order += 1
                goal, sub_goal = self.goal_reference(question_entry)
                question_values = {
                    "theme": theme,
                    "kind": question_entry.get("kind", "scale"),
                    "order": question_order,
                    "goal": goal,
                    "sub_goal": sub_goal,
                    "published_mean": question_entry.get("published_mean"),
                    "share_threshold": question_entry.get("share_threshold", 7),
                    "is_group_question": question_entry.get("group_question", False),
                    **_texts(question_entry["text"], "text"),
                }
                question = _upsert(
                    Question,
                    self.stats,
                    {"survey": survey, "key": question_entry["key"]},
                    question_values,
                )
                for option_order, option in enumerate(question_entry.get("options", []), start=1):
                    _upsert(
                        QuestionOption,
                        self.stats,
                        {"question": question, "key": option["key"]},
                        {"order": option_order, **_texts(option["text"], "text")},
                    )
        for respondent_entry in entry.get("respondents", []):
            _upsert(
                Respondent,
                self.stats,
                {"survey": survey, "email": respondent_entry["email"]},
                {
                    "name": respondent_entry["name"],
                    "language": respondent_entry.get("language", "fi"),
                    "group": respondent_entry.get("group", ""),
                    "answered": respondent_entry.get("answered", False),
                },
            )
        if survey.is_anonymous:
            self.load_anonymous_responses(survey, entry.get("responses", []))
            return
        for response_entry in entry.get("responses", []):
            self.load_response(survey, response_entry)

    def load_anonymous_responses(self, survey: Survey, entries: list) -> None:
        """Anonymous responses have no natural key: the fixture's set replaces the stored one.

        Each entry: ``group`` and ``answers`` as ``{question key: value}``, the value a score,
        ``cannot_say``, an option key or a list of them, or a text ``{fi: ..., sv: ...}``.
        """
        if survey.audience == "respondents":
            answered = survey.respondents.filter(answered=True).count()
            if answered != len(entries):
                raise DemoDataError(
                    f"survey {survey.key}: {answered} respondents answered, "
                    f"{len(entries)} responses"
                )
        questions = {question.key: question for question in survey.questions.all()}
        SurveyResponse.objects.filter(survey=survey).delete()
        for entry in entries:
            response = _save(
                SurveyResponse(
                    survey=survey,
                    status="submitted",
                    submitted_at=timezone.make_aware(datetime.combine(survey.opens_on, time(12))),
                    language=entry.get("language", "fi"),
                ),
                self.stats,
            )
            for key, value in entry["answers"].items():
                question = questions.get(key)
                if question is None:
                    raise DemoDataError(f"answer: unknown question {key!r}")
                answer = Answer(response=response, question=question)
                options = []
                if question.is_choice:
                    keys = value if isinstance(value, list) else [value]
                    options = list(question.options.filter(key__in=keys))
                    if len(options) != len(keys):
                        raise DemoDataError(f"answer {key}: unknown option in {value!r}")
                    if question.is_group_question:
                        response.group = keys[0]
                elif value == "cannot_say":
                    answer.cannot_say = True
                elif isinstance(value, int):
                    answer.score = value
                else:
                    answer.text = (value.get(response.language) or value.get("fi") or "").strip()
                answer.full_clean(validate_unique=False)
                _save(answer, self.stats)
                answer.options.set(options)
            response.group = response.group or entry.get("group", "")
            response.save()

    def load_response(self, survey: Survey, entry: dict) -> None:
        municipality = Municipality.objects.filter(code=str(entry["municipality"])).first()
        if municipality is None:
            raise DemoDataError(f"response: unknown municipality {entry['municipality']!r}")
        values = {
            "status": entry.get("status", "submitted"),
            "language": entry.get("language", "fi"),
        }
        response = _upsert(
            SurveyResponse,
            self.stats,
            {"survey": survey, "municipality": municipality},
            values,
        )
        for answer_entry in entry.get("answers", []):
            question = survey.questions.filter(key=answer_entry["question"]).first()
            if question is None:
                raise DemoDataError(f"answer: unknown question {answer_entry['question']!r}")
            text = answer_entry.get("text") or {}
            answer_values = {
                "score": answer_entry.get("score"),
                "cannot_say": answer_entry.get("cannot_say", False),
                "text": (text.get(response.language) or text.get("fi") or "").strip(),
            }
            _upsert(Answer, self.stats, {"response": response, "question": question}, answer_values)


def _decimal(value) -> Decimal | None:
    """A YAML number as a Decimal with the four stored decimals, so reloads compare equal."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.0001"))


def fixture_files(directory: Path | None = None) -> list[Path]:
    directory = directory or Path(settings.BASE_DIR) / "fixtures"
    return sorted(directory.glob("*.yaml"))


@transaction.atomic
def load_demo_data(directory: Path | None = None) -> LoadStats:
    """Load every fixture file in ``directory`` (default ``fixtures/``) in name order."""
    files = fixture_files(directory)
    documents = []
    for path in files:
        with path.open(encoding="utf-8") as handle:
            try:
                documents.append(yaml.safe_load(handle) or {})
            except yaml.YAMLError as error:
                raise DemoDataError(f"{path.name}: {error}") from error
    stats = LoadStats(files=len(files))
    loader = _Loader(stats)
    try:
        # Rounds first (ratings point to them), then strategies, then what refers to both.
        for document in documents:
            for entry in document.get("rounds", []):
                loader.load_round(entry)
        for document in documents:
            for entry in document.get("strategies", []):
                loader.load_strategy(entry, document)
        for document in documents:
            for entry in document.get("units", []):
                loader.load_unit(entry)
        for document in documents:
            for entry in document.get("actions", []):
                loader.load_action(entry)
            for entry in document.get("indicators", []):
                loader.load_indicator(entry)
        for document in documents:
            for entry in document.get("rounds", []):
                loader.link_round_strategies(entry)
                loader.approve_published_round(entry)
            for entry in document.get("findings", []):
                loader.load_findings(entry, document)
            for entry in document.get("municipalities", []):
                loader.load_municipality(entry)
        for document in documents:
            for entry in document.get("surveys", []):
                loader.load_survey(entry, document)
            for entry in document.get("rounds", []):
                loader.load_follow_up(entry)
        for document in documents:
            for entry in document.get("published_figures", []):
                loader.load_published_figure(entry, document)
            for entry in document.get("texts", []):
                loader.load_round_text(entry, document)
    except KeyError as error:
        raise DemoDataError(f"missing required key {error}") from error
    return stats
