import sqlite3

import pytest
from django.utils import translation

from evaluations.models import RoundState
from evaluations.roles import ADMINISTRATOR, APPROVER, COUNCILLOR, OFFICIAL
from luvn.demo_data import load_demo_data
from tests.factories import (
    make_assignment,
    make_goal,
    make_round,
    make_section,
    make_strategy,
    make_sub_goal,
    make_user,
)
from tests.support import async_unsafe_allowed, demo_data_present


@pytest.fixture(autouse=True)
def clear_page_cache():
    """Cached pages outlive a test's database rollback: start every test without them."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture(autouse=True)
def reset_language():
    """Every test starts in Finnish and leaves no active language behind (pretix style)."""
    translation.activate("fi")
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the county's demo data, loaded once per run."""
    global _db_blocker
    _db_blocker = django_db_blocker
    with django_db_blocker.unblock():
        load_demo_data()
        _snapshot_take()


# On SQLite the database with the demo data is copied once (sqlite3's backup API, a few
# milliseconds) and copied back after each transactional test's flush, instead of loading the
# demo data again (seconds). PostgreSQL loads it again.
_snapshot = None


def _snapshot_take() -> None:
    global _snapshot
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    connection.ensure_connection()
    _snapshot = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(_snapshot)


def _demo_data_restore() -> None:
    from django.db import connection

    if _snapshot is not None and connection.vendor == "sqlite":
        connection.ensure_connection()
        _snapshot.backup(connection.connection)
    else:
        load_demo_data()


@pytest.fixture(scope="session")
def demo_report_pdfs(django_db_setup, django_db_blocker) -> dict[str, bytes]:
    """The demo's 2024 evaluation summary in both languages, rendered once per test process
    (each render takes half a minute) for every module that reads it."""
    from evaluations.models import EvaluationRound
    from evaluations.reports import evaluation as report

    with django_db_blocker.unblock():
        round_ = EvaluationRound.objects.get(key="eval-2024")
        return {lang: report.report_pdf(round=round_, language=lang) for lang in ("fi", "sv")}


# Transactional tests (live_server, database faults) end with pytest-django flushing the
# database, which would take the demo data from every later test. See tests/browser/conftest.py.
_db_blocker = None


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    return (
        "live_server" in names
        or "transactional_db" in names
        or bool(marker and marker.kwargs.get("transaction"))
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if _is_transactional(item) and nextitem is not None and _db_blocker is not None:
        with async_unsafe_allowed(), _db_blocker.unblock():
            _demo_data_restore()
    return result


@pytest.fixture(autouse=True)
def demo_data(request):
    """The session's demo data, present also in a transactional test after another's flush."""
    if not _is_transactional(request.node):
        return
    request.getfixturevalue("transactional_db")
    with async_unsafe_allowed():
        if not demo_data_present():
            load_demo_data()


@pytest.fixture(params=["fi", "sv"])
def language(request):
    """Run a test once in each UI language; the value is the URL prefix."""
    translation.activate(request.param)
    return request.param


# The rating workflow: people in each role, a section to rate, and its assignment.


@pytest.fixture
def people():
    return {
        "official": make_user(OFFICIAL),
        "other_official": make_user(OFFICIAL),
        "approver": make_user(APPROVER),
        "admin": make_user(ADMINISTRATOR, is_staff=True),
        "councillor": make_user(COUNCILLOR),
    }


@pytest.fixture
def section():
    """A section with a goal rated as a whole and a goal rated through two sub-goals."""
    section = make_section(strategy=make_strategy())
    make_goal(section=section, title_fi="Asiakkaat saavat palvelut ajoissa")
    split = make_goal(section=section, title_fi="Talous tasapainossa", is_rated=False)
    make_sub_goal(goal=split, title_fi="Menot kurissa", is_rated=True)
    make_sub_goal(goal=split, title_fi="Tulot kasvavat", is_rated=True)
    return section


@pytest.fixture
def assignment(people, section):
    other = make_section(strategy=section.strategy)
    make_goal(section=other)
    round_ = make_round(state=RoundState.OPEN)
    make_assignment(round=round_, section=other, officials=[people["other_official"]])
    return make_assignment(
        round=round_,
        section=section,
        officials=[people["official"]],
        approvers=[people["approver"]],
    )
