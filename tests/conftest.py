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


@pytest.fixture(autouse=True)
def reset_language():
    """Every test starts in Finnish and leaves no active language behind (pretix style)."""
    translation.activate("fi")
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the county's demo data, loaded once per run."""
    with django_db_blocker.unblock():
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
