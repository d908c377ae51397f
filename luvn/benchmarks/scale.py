"""Scale check (run by hand): do pages and the report stay flat when the data grows tenfold?

    .venv/bin/python -m luvn.benchmarks.scale [--factor 10] [--repeat 5] [--postgres]

It loads the demo data into a throwaway database (SQLite in a temporary folder, or
``luvn_scale`` on the local PostgreSQL with ``--postgres``), times each public page and the
report of the 2024 round, then adds ``factor - 1`` more counties' worth of data (each a copy
of the 2024 evaluation: its strategies, sections, goals, sub-goals, ratings, findings and
approved assignments, in a round of its own) and times them again. It prints, per page, the
SQL queries and the median time before and after, and the time ratio (target: queries equal,
time at most 2×).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time


def scale_up(factor: int) -> dict[str, int]:
    """Add ``factor - 1`` copies of the 2024 evaluation as other counties' data."""
    from django.db import transaction

    from evaluations.models import Assignment, AssignmentState, EvaluationRound, Finding, Rating
    from strategy.models import Goal, Section, Strategy, SubGoal

    source = EvaluationRound.objects.get(key="eval-2024")
    strategies = list(source.strategies.all())
    sections = list(Section.objects.filter(strategy__in=strategies).order_by("pk"))
    goals = list(Goal.objects.filter(section__in=sections).order_by("pk"))
    sub_goals = list(SubGoal.objects.filter(goal__in=goals).order_by("pk"))
    ratings = list(Rating.objects.filter(round=source))
    findings = list(Finding.objects.filter(round=source))

    def clone(obj, **changes):
        copy = type(obj)(**{f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields})
        copy.pk = None
        for name, value in changes.items():
            setattr(copy, name, value)
        return copy

    with transaction.atomic():
        for copy_number in range(2, factor + 1):
            suffix = f"-c{copy_number}"
            round_ = clone(
                source, key=source.key + suffix, name_fi=f"{source.name_fi} ({copy_number})"
            )
            round_.save()
            strategy_map = {}
            for strategy in strategies:
                new = clone(strategy, key=strategy.key + suffix)
                new.save()
                strategy_map[strategy.pk] = new
            round_.strategies.set(strategy_map.values())
            section_map = {}
            # Parents before children: sections were created in tree order.
            for section in sorted(sections, key=lambda s: (s.parent_id is not None, s.pk)):
                new = clone(
                    section,
                    strategy_id=strategy_map[section.strategy_id].pk,
                    parent_id=section_map[section.parent_id].pk if section.parent_id else None,
                )
                new.save()
                section_map[section.pk] = new
            new_goals = Goal.objects.bulk_create(
                [clone(goal, section_id=section_map[goal.section_id].pk) for goal in goals]
            )
            goal_map = {old.pk: new for old, new in zip(goals, new_goals, strict=True)}
            new_subs = SubGoal.objects.bulk_create(
                [clone(sub, goal_id=goal_map[sub.goal_id].pk) for sub in sub_goals]
            )
            sub_map = {old.pk: new for old, new in zip(sub_goals, new_subs, strict=True)}
            Rating.objects.bulk_create(
                [
                    clone(
                        rating,
                        round_id=round_.pk,
                        goal_id=goal_map[rating.goal_id].pk if rating.goal_id else None,
                        sub_goal_id=sub_map[rating.sub_goal_id].pk if rating.sub_goal_id else None,
                    )
                    for rating in ratings
                ]
            )
            Finding.objects.bulk_create(
                [
                    clone(
                        finding,
                        round_id=round_.pk,
                        strategy_id=strategy_map[finding.strategy_id].pk
                        if finding.strategy_id
                        else None,
                        section_id=section_map[finding.section_id].pk
                        if finding.section_id
                        else None,
                    )
                    for finding in findings
                ]
            )
            Assignment.objects.bulk_create(
                [
                    Assignment(round=round_, section=section, state=AssignmentState.APPROVED)
                    for old_pk, section in section_map.items()
                    if any(goal.section_id == old_pk for goal in goals)
                ]
            )
    from django.db import connection

    if connection.vendor == "postgresql":
        # Fresh planner statistics, as autovacuum would gather after a bulk load.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "strategies": Strategy.objects.count(),
        "goals": Goal.objects.count(),
        "sub_goals": SubGoal.objects.count(),
        "ratings": Rating.objects.count(),
    }


def followup_periods() -> None:
    """Before the 1× measurement: eight follow-up periods (the demo's practice round and seven
    more, 7–12/2026 … 7–12/2029) with a status for every action in each, and monthly values
    over ten years for every indicator, all approved and published."""
    import datetime
    from decimal import Decimal

    from django.db import transaction

    from evaluations.models import (
        ActionUpdate,
        Assignment,
        AssignmentState,
        EvaluationRound,
        IndicatorValue,
        RoundKind,
        RoundState,
    )
    from strategy.models import Action, Indicator, Unit

    first = EvaluationRound.objects.filter(kind=RoundKind.FOLLOW_UP, state=RoundState.PUBLISHED)
    first = first.order_by("period_end").first()
    if not first.strategies.exists():
        # The round follows the demo's strategy; the copies added later are other counties'.
        from evaluations.followup.public import followed_goals

        first.strategies.set({goal.section.strategy for goal in followed_goals()})
    units = list(Unit.objects.all())
    statuses = ["on_schedule", "on_schedule", "delayed", "done", "not_started"]
    with transaction.atomic():
        rounds = [first]
        ends = [(2026, 12, 31), (2027, 6, 30), (2027, 12, 31), (2028, 6, 30), (2028, 12, 31)]
        ends += [(2029, 6, 30), (2029, 12, 31)]
        for n, (year, month, day) in enumerate(ends, start=2):
            end = datetime.date(year, month, day)
            round_ = EvaluationRound.objects.create(
                key=f"scale-follow-up-{n}",
                name_fi=f"Seuranta {n} (mittaus)",
                kind=RoundKind.FOLLOW_UP,
                is_practice=True,
                period_start=datetime.date(year, 1 if month == 6 else 7, 1),
                period_end=end,
                state=RoundState.PUBLISHED,
            )
            round_.strategies.set(first.strategies.all())
            rounds.append(round_)
        for round_ in rounds:
            for unit in units:
                Assignment.objects.update_or_create(
                    round=round_, unit=unit, defaults={"state": AssignmentState.APPROVED}
                )
        for index, round_ in enumerate(rounds[1:], start=1):
            ActionUpdate.objects.bulk_create(
                ActionUpdate(
                    round=round_,
                    action=action,
                    status=statuses[(action.pk + index) % len(statuses)],
                    progress_fi=f"Mittausteksti {index}",
                )
                for action in Action.objects.all()
            )
        taken = set(IndicatorValue.objects.values_list("indicator_id", "date"))
        values = []
        for indicator in Indicator.objects.all():
            for month in range(120):
                year, month_of_year = 2020 + month // 12, month % 12 + 1
                end = datetime.date(year, month_of_year, 28)
                if (indicator.pk, end) not in taken:
                    values.append(
                        IndicatorValue(
                            round=rounds[month % len(rounds)],
                            indicator=indicator,
                            date=end,
                            value=Decimal(month % 17) + Decimal("0.5"),
                        )
                    )
        IndicatorValue.objects.bulk_create(values)


def scale_up_followup(factor: int) -> dict[str, int]:
    """Add ``factor - 1`` copies of the followed strategy's actions and indicators (with their
    statuses and values), each under goals of a copy of the strategy of its own."""
    from django.db import transaction

    from evaluations.followup.public import followed_goals
    from evaluations.models import ActionUpdate, IndicatorValue
    from strategy.models import Action, Goal, Indicator, IndicatorTarget, Section

    goals = list(followed_goals())
    strategies = {goal.section.strategy for goal in goals}
    sections = list(Section.objects.filter(strategy__in=strategies).order_by("pk"))
    actions = list(Action.objects.filter(goal__in=goals))
    indicators = list(Indicator.objects.filter(goals__in=goals).distinct())
    targets = list(IndicatorTarget.objects.filter(indicator__in=indicators))
    updates = list(ActionUpdate.objects.filter(action__in=actions))
    values = list(IndicatorValue.objects.filter(indicator__in=indicators))

    def clone(obj, **changes):
        copy = type(obj)(**{f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields})
        copy.pk = None
        for name, value in changes.items():
            setattr(copy, name, value)
        return copy

    with transaction.atomic():
        for copy_number in range(2, factor + 1):
            suffix = f"-f{copy_number}"
            strategy_map = {}
            for strategy in strategies:
                new = clone(strategy, key=strategy.key + suffix)
                new.save()
                strategy_map[strategy.pk] = new
            section_map = {}
            for section in sorted(sections, key=lambda s: (s.parent_id is not None, s.pk)):
                new = clone(
                    section,
                    strategy_id=strategy_map[section.strategy_id].pk,
                    parent_id=section_map[section.parent_id].pk if section.parent_id else None,
                )
                new.save()
                section_map[section.pk] = new
            new_goals = Goal.objects.bulk_create(
                [clone(goal, section_id=section_map[goal.section_id].pk) for goal in goals]
            )
            goal_map = {old.pk: new for old, new in zip(goals, new_goals, strict=True)}
            new_actions = Action.objects.bulk_create(
                [clone(a, goal_id=goal_map[a.goal_id].pk, sub_goal_id=None) for a in actions]
            )
            action_map = {old.pk: new for old, new in zip(actions, new_actions, strict=True)}
            new_indicators = Indicator.objects.bulk_create(
                [clone(i, key=i.key + suffix, sotkanet_id=None) for i in indicators]
            )
            indicator_map = {
                old.pk: new for old, new in zip(indicators, new_indicators, strict=True)
            }
            Indicator.goals.through.objects.bulk_create(
                Indicator.goals.through(
                    indicator_id=indicator_map[link.indicator_id].pk,
                    goal_id=goal_map[link.goal_id].pk,
                )
                for link in Indicator.goals.through.objects.filter(
                    indicator__in=indicators, goal__in=goals
                )
            )
            IndicatorTarget.objects.bulk_create(
                clone(t, indicator_id=indicator_map[t.indicator_id].pk) for t in targets
            )
            ActionUpdate.objects.bulk_create(
                clone(u, action_id=action_map[u.action_id].pk) for u in updates
            )
            IndicatorValue.objects.bulk_create(
                clone(v, indicator_id=indicator_map[v.indicator_id].pk) for v in values
            )
    return {
        "actions": Action.objects.count(),
        "action_updates": ActionUpdate.objects.count(),
        "indicators": Indicator.objects.count(),
        "indicator_values": IndicatorValue.objects.count(),
    }


def measure(paths: list[str], repeat: int) -> dict[str, tuple[int, float]]:
    """Per path (or "report"): SQL queries and median seconds over ``repeat`` runs, each
    rendered afresh (the page cache is emptied before every run)."""
    from django.core.cache import caches
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from evaluations.models import EvaluationRound
    from evaluations.reports import evaluation as report

    client = Client()
    results = {}
    targets = [(path, lambda path=path: client.get(path)) for path in paths]
    round_ = EvaluationRound.objects.get(key="eval-2024")
    targets.append(("report (HTML)", lambda: report.report_html(round=round_, language="fi")))
    followup = EvaluationRound.objects.filter(key="follow-up-2026-1").first()
    if followup is not None:
        from evaluations.reports import followup as followup_report

        targets.append(
            (
                "follow-up report (HTML)",
                lambda: followup_report.followup_report_html(round=followup, language="fi"),
            )
        )
    pages = caches["pages"]
    for name, call in targets:
        call()  # warm caches of templates and translations
        times = []
        for _ in range(repeat):
            pages.clear()  # measure rendering, not the page cache
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = call()
                times.append(time.perf_counter() - start)
            status = getattr(response, "status_code", 200)
            if status != 200:
                raise SystemExit(f"{name}: status {status}")
        results[name] = (len(queries.captured_queries), statistics.median(times))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luvn.settings")
    os.environ["DEBUG"] = "0"
    if args.postgres:
        import psycopg

        url = "postgresql://postgres@127.0.0.1:5432/postgres"
        with psycopg.connect(url, autocommit=True) as db:
            db.execute('DROP DATABASE IF EXISTS "luvn_scale" WITH (FORCE)')
            db.execute('CREATE DATABASE "luvn_scale"')
        os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/luvn_scale"
    else:
        folder = tempfile.mkdtemp(prefix="scale-check-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/scale.sqlite3"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from luvn.demo_data import load_demo_data
    from strategy.models import Goal

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("createcachetable")
    load_demo_data()
    goal = Goal.objects.filter(section__strategy__key="service-strategy").first()
    paths = [
        "/fi/",
        "/fi/strategiat/service-strategy/",
        "/fi/arvioinnit/eval-2024/",
        f"/fi/tavoitteet/{goal.pk}/",
        "/fi/tavoitteet/",
        "/fi/tavoitteet/?rating=4&sort=-rating",
        "/fi/kyselyt/municipality-survey-2024/",
        "/fi/avoin-data/eval-2024/tavoitteet.json",
    ]
    # The follow-up pages (evaluations.followup.public), with eight periods of statuses and ten
    # years of monthly values in place before the 1× measurement.
    from evaluations.followup.public import followed_goals
    from strategy.models import Indicator

    followup_periods()
    change_promise = followed_goals().filter(actions__isnull=False).first()
    indicator = Indicator.objects.filter(values__isnull=False).order_by("pk").first()
    paths += [
        f"/fi/strategiat/{change_promise.section.strategy.key}/eteneminen/",
        f"/fi/tavoitteet/{change_promise.pk}/",
        f"/fi/mittarit/{indicator.key}/",
        "/fi/arvioinnit/follow-up-2026-1/",
        "/fi/tavoitteet/?action_status=delayed",
        "/fi/tavoitteet/?indicator_state=on_track",
        "/fi/avoin-data/follow-up-2026-1/mittarit.json",
    ]
    before = measure(paths, args.repeat)
    sizes = scale_up(args.factor)
    followup_sizes = scale_up_followup(args.factor)
    print(
        f"Data ×{args.factor} ({connection_vendor()}): {sizes['strategies']} strategies, "
        f"{sizes['goals']} goals, {sizes['sub_goals']} sub-goals, {sizes['ratings']} ratings; "
        f"{followup_sizes['actions']} actions, {followup_sizes['action_updates']} statuses, "
        f"{followup_sizes['indicators']} indicators, {followup_sizes['indicator_values']} values"
    )
    after = measure(paths, args.repeat)
    print(f"\n{'page':<44} {'queries':>11} {'time 1×':>9} {'time N×':>9} {'ratio':>6}")
    worst = 0.0
    for name in before:
        (q1, t1), (q2, t2) = before[name], after[name]
        ratio = t2 / t1
        worst = max(worst, ratio)
        flag = "" if q1 == q2 and ratio <= 2 else "  <-- over target"
        print(
            f"{name:<44} {q1:>5} → {q2:<4} {t1 * 1000:7.1f}ms {t2 * 1000:7.1f}ms"
            f" {ratio:5.2f}×{flag}"
        )
    print(f"\nWorst time ratio {worst:.2f}× (target ≤ 2×); queries must not change.")
    sys.exit(0)


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    main()
