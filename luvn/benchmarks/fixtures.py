"""Accounts, sessions and links for the load benchmark; prints them as JSON on the last line.

    python -m luvn.benchmarks.fixtures USERS     (run by luvn/benchmarks/load.py)

Every simulated official gets a goal of their own in an open round, so their saves never
conflict; every municipality gets a link to an open copy of the 2024 survey.
"""

import json
import os
import sys
from datetime import timedelta


def main(users: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luvn.settings")
    import django

    django.setup()
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction
    from django.utils import timezone

    from evaluations.models import Assignment, EvaluationRound, RoundState
    from evaluations.roles import OFFICIAL, ensure_roles
    from municipalities import services as survey_services
    from municipalities.models import Municipality, Survey
    from strategy.models import Goal, Strategy

    ensure_roles()
    with transaction.atomic():
        round_, _created = EvaluationRound.objects.get_or_create(
            key="bench-open", defaults={"name_fi": "Kuormitustesti", "state": RoundState.OPEN}
        )
        strategies = Strategy.objects.filter(key__in=["county-strategy", "service-strategy"])
        round_.strategies.set(strategies)
        goals = list(
            Goal.objects.filter(section__strategy__in=strategies, is_rated=True)
            .select_related("section")
            .order_by("section__strategy__order", "section__order", "order")[:users]
        )
        group = Group.objects.get(name=OFFICIAL)
        officials = []
        for index, goal in enumerate(goals):
            user, _created = get_user_model().objects.get_or_create(username=f"bench{index}")
            user.groups.add(group)
            assignment, _created = Assignment.objects.get_or_create(
                round=round_, section=goal.section
            )
            assignment.officials.add(user)
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            officials.append(
                {
                    "session": session.session_key,
                    "form": f"/fi/tyo/{assignment.pk}/",
                    "field": f"goal-{goal.pk}-score",
                }
            )

        links = []
        published = Survey.objects.filter(key="municipality-survey-2024").first()
        if published is not None:
            today = timezone.localdate()
            survey = survey_services.survey_copy(
                survey=published,
                key="bench-survey",
                round=round_,
                opens_on=today - timedelta(days=1),
                closes_on=today + timedelta(days=30),
                actor=None,
            )
            for municipality in Municipality.objects.all():
                _invitation, token = survey_services.invitation_issue(
                    survey=survey, municipality=municipality
                )
                links.append(f"/fi/kunnat/vastaa/{token}/")

    goal_ids = list(Goal.objects.filter(ratings__isnull=False).values_list("pk", flat=True)[:20])
    public_paths = [
        "/fi/",
        "/sv/",
        "/fi/arvioinnit/eval-2024/",
        "/fi/kyselyt/municipality-survey-2024/",
    ]
    public_paths += [f"/fi/strategiat/{s.key}/" for s in Strategy.objects.all()[:10]]
    public_paths += [f"/fi/tavoitteet/{pk}/" for pk in goal_ids]
    list_paths = [
        "/fi/tavoitteet/",
        "/fi/tavoitteet/?rating=4",
        "/fi/tavoitteet/?strategy=service-strategy&achieved=partly",
        "/sv/mal/?q=palvelu&sort=-rating",  # Swedish pages have Swedish addresses
        "/fi/tavoitteet/?strategy=county-strategy&page=1",
    ]
    return {
        "officials": officials,
        "survey_links": links,
        "public_paths": public_paths,
        "goal_list_paths": list_paths,
        "summary_path": "/fi/strategiat/service-strategy/",
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
