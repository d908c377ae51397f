"""The follow-up report PDF: its text in fi and sv, practice label, caching, download, command."""

import io
import re
from datetime import date

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from evaluations.models import AssignmentState
from evaluations.reports import followup as followup_report
from tests.evaluations.progress_builders import (
    approve,
    followup_world,
    make_followup_round,
    make_update,
)
from tests.support import localized_path

pytestmark = pytest.mark.django_db

FRESH_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "followup-report-tests",
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "followup-report-tests-pages",
    },
}


def pdf_pages(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def world():
    return followup_world()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fi",
            [
                "Strategian seurantaraportti",
                "Sisällys",
                "Viivästyneet toimenpiteet ja syyt",
                "Rekrytointi viivästyi.",
                "Mittarit suhteessa tavoitetasoihin",
                "16,5 % (2025)",  # the latest value
                "20,0 % (2026)",  # the next target
                "Tavoitepolulla",
            ],
        ),
        (
            "sv",
            [
                "Uppföljningsrapport för strategin",
                "Innehåll",
                "Försenade åtgärder och orsaker",
                "Rekryteringen försenades.",
                "Mätarna i förhållande till målnivåerna",
                "16,5 % (2025)",
                "20,0 % (2026)",
                "På målbanan",
            ],
        ),
    ],
)
def test_pdf_shows_headings_delays_and_indicator_values(world, lang, expected):
    pdf = followup_report.followup_report_pdf(round=world["round"], language=lang)
    text = " ".join(pdf_pages(pdf))
    for phrase in expected:
        assert phrase in text, phrase
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title.startswith(expected[0])
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged
    # Contents with page numbers: the goal's entry ends with the number of its page.
    pages = pdf_pages(pdf)
    title = world["goal"].title_sv if lang == "sv" else world["goal"].title_fi
    goal_page = next(i for i, page in enumerate(pages) if i > 1 and title in page) + 1
    assert re.search(rf"{world['goal'].number} .*?{goal_page}", pages[1])


@pytest.mark.parametrize(("lang", "label"), [("fi", "HARJOITUSAINEISTOA"), ("sv", "ÖVNINGSDATA")])
def test_practice_report_says_so_on_every_page(lang, label):
    world = followup_world(practice=True)
    pages = pdf_pages(followup_report.followup_report_pdf(round=world["round"], language=lang))
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert label.lower() in page.lower(), number


def test_real_report_has_no_practice_label(world):
    text = " ".join(
        pdf_pages(followup_report.followup_report_pdf(round=world["round"], language="fi"))
    )
    assert "harjoitus" not in text.lower()


def test_unapproved_updates_are_not_in_the_report(world):
    later = make_followup_round(period_end=date(2026, 12, 31))
    approve(later, world["unit"], state=AssignmentState.RETURNED)
    make_update(later, world["actions"]["silent"], "delayed", progress_fi="PALAUTETTU LUONNOS")
    text = " ".join(pdf_pages(followup_report.followup_report_pdf(round=later, language="fi")))
    assert "PALAUTETTU LUONNOS" not in text
    assert "Rekrytointi viivästyi." in text  # the earlier period's approved status stands


def test_report_context_queries_are_constant(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        followup_report.followup_report_html(round=world["round"], language="fi")


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_download_from_the_round_page_is_cached_and_renewed(client, settings, world, lang):
    settings.CACHES = FRESH_CACHE
    page = client.get(localized_path(lang, f"/arvioinnit/{world['round'].key}/")).content.decode()
    url = localized_path(lang, f"/arvioinnit/{world['round'].key}/raportti.pdf")
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    with pytest.MonkeyPatch.context() as patch:
        calls = []
        original = followup_report.followup_report_pdf
        patch.setattr(
            followup_report,
            "followup_report_pdf",
            lambda **kw: calls.append(kw) or original(**kw),
        )
        assert client.get(url).content == response.content  # from the cache
        assert calls == []
        make_update(world["round"], world["actions"]["silent"], "done", progress_fi="Uusi teksti.")
        renewed = client.get(url)
        assert len(calls) == 1
        assert "Uusi teksti." in " ".join(pdf_pages(renewed.content))


def test_command_writes_the_follow_up_report(world, tmp_path):
    output = tmp_path / "seuranta.pdf"
    call_command("render_report", world["round"].key, "--language", "sv", "--output", str(output))
    assert "Uppföljningsrapport för strategin" in " ".join(pdf_pages(output.read_bytes()))
