import pytest
from django.utils import translation

from luvn.demo_data import load_demo_data


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
