"""Fixtures for browser tests: Playwright drives Debian's chromium against ``live_server``.

Use them like this::

    def test_front_page(page, live_url, axe):
        page.goto(live_url("/fi/"))
        assert axe(page) == []

- ``browser``: one chromium per test module (``/usr/bin/chromium``; ``make browser`` installs
  it; Playwright's own browser download is not used). Tests are skipped, with the reason, only
  when that file is missing.
- ``page``: a fresh browser context (no cookies, 1280×900, Finnish locale) and page per test,
  its ``base_url`` the live server, so ``page.goto("/fi/")`` works too.
- ``live_url(path)``: the live server's absolute URL of ``path``.
- ``axe(page)``: axe-core's WCAG 2.0/2.1 A and AA violations on the page, as short readable
  strings (an empty list when there are none); ``tests/browser/axe.py`` has the raw results.

**The demo data and the transactional database.** ``live_server`` serves from another thread,
so these tests use pytest-django's transactional database, which is *flushed* after each test.
The demo data that ``tests/conftest.py`` loads once per session would then be gone for every
later test. Two things keep it in place whatever the order the tests run in:

1. after each test that used a transactional database, once pytest-django has flushed it
   (``pytest_runtest_teardown`` in ``tests/conftest.py`` runs after all function fixtures are
   torn down), the demo data is loaded again, unless that test was the last one of the run;
2. before each such test, ``demo_data`` loads it if it is missing (a transactional test
   elsewhere may have flushed the database without restoring it).

Loading takes about a second, so prefer one test that visits several pages over many small
browser tests. Data a test adds is flushed with the rest and does not leak into other tests.

**Playwright and Django's async guard.** Playwright's synchronous API runs an event loop in the
main thread while it is started, and Django then refuses ORM calls from that thread
(``SynchronousOnlyOperation``). The ``browser`` fixture sets ``DJANGO_ALLOW_ASYNC_UNSAFE`` for
as long as Playwright runs; the ORM is still used by one thread at a time.
"""

from pathlib import Path

import pytest

from tests.browser.axe import describe_violation, wcag_violations
from tests.support import async_unsafe_allowed

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run `make browser` to install chromium")
    from playwright.sync_api import sync_playwright

    with async_unsafe_allowed(), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_url(live_server):
    """``live_url("/fi/")`` → the live server's address of that path."""

    def url(path: str) -> str:
        return live_server.url + path

    return url


@pytest.fixture
def page(browser, live_server):
    """A page in a fresh browser context: no cookies or storage from other tests."""
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT, locale="fi-FI")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe():
    """``axe(page)`` → the page's WCAG 2.1 AA violations as readable strings."""

    def run(page) -> list[str]:
        return [describe_violation(violation) for violation in wcag_violations(page)]

    return run
