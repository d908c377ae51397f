"""The evaluation summary PDF: its text, structure, caching, download and command.

Rendering the full 2024 report takes WeasyPrint a few seconds, so each language's PDF is rendered
once per module (``demo_pdfs``) and read by many tests; the other tests use a small round of
their own.
"""

import io
import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.utils import translation
from pypdf import PdfReader

from evaluations.models import AssignmentState, EvaluationRound, Rating, RoundState
from evaluations.reports import evaluation as report
from evaluations.summaries import ratings as selectors
from luvn import charts
from luvn.charts import distribution_rows, distribution_svg
from luvn.formatting import format_number
from luvn.translation import localized
from strategy.models import Goal, Section, Strategy
from tests.factories import (
    make_assignment,
    make_goal,
    make_rating,
    make_round,
    make_section,
    make_strategy,
    make_sub_goal,
)
from tests.support import localized_path

# In one test process with the other readers of the demo report (rendered once there).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_report")]

LANGUAGES = ["fi", "sv"]
ROUND_KEY = "eval-2024"
# A separate cache for the tests that count renders: nothing left over from other tests.
FRESH_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "report-tests",
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "report-tests-pages",
    },
}


def pdf_text(pdf: bytes) -> list[str]:
    """Each page's text with runs of white space made single spaces."""
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def summary_row(title: str, summary) -> str:
    """A summary table row as the PDF's text reads it: title, goals, rated, mean, yes, partly."""
    return squash(
        f"{title} {summary.goal_count} {summary.rated_count} "
        f"{format_number(summary.mean, decimals=1)} "
        f"{summary.achieved_yes} {summary.achieved_partly}"
    )


@pytest.fixture(scope="session")
def demo_pdfs(demo_report_pdfs):
    """The 2024 report in both languages (rendered once per test process) and its text."""
    return {lang: (pdf, pdf_text(pdf)) for lang, pdf in demo_report_pdfs.items()}


def put_in_cache(lang: str, pdf: bytes) -> None:
    """Cache ``pdf`` as the demo round's current report, as a first download would."""
    round_ = EvaluationRound.objects.get(key=ROUND_KEY)
    cache.set(report.report_cache_key(round=round_, language=lang), pdf)


def shown(obj, field: str, lang: str) -> str:
    """A content text as the report prints it: in ``lang``, or its Finnish fallback (no marker:
    the section's notice says it once)."""
    return localized(obj, field, lang).text


@pytest.fixture
def fresh_cache(settings):
    """An empty cache of the test's own: what is cached, and how often it renders, is known."""
    settings.CACHES = FRESH_CACHE
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def small_round():
    """A published round of one strategy, its section approved: two goals, one with sub-goals."""
    strategy = make_strategy(name_fi="Pieni strategia", name_sv="Liten strategi")
    section = make_section(strategy=strategy, title_fi="Ainoa linjaus", title_sv="Enda linjen")
    round_ = make_round(name_fi="Pieni kierros", name_sv="Liten omgång")
    make_assignment(round=round_, section=section, state=AssignmentState.APPROVED)
    goal = make_goal(section=section, title_fi="Ensimmäinen tavoite")
    make_rating(round=round_, goal=goal, score=4, achieved="yes", verbal_evaluation_fi="Hyvin.")
    split = make_goal(section=section, title_fi="Toinen tavoite", is_rated=False)
    sub = make_sub_goal(goal=split, title_fi="Alatavoite A", is_rated=True)
    make_rating(round=round_, sub_goal=sub, score=2, verbal_evaluation_fi="Kesken.")
    return round_


# --- The demo report's text ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_has_cover_contents_and_chapter_headings(demo_pdfs, lang):
    _pdf, pages = demo_pdfs[lang]
    text = " ".join(pages)
    round_ = EvaluationRound.objects.get(key=ROUND_KEY)
    with translation.override(lang):
        context = report.report_context(round=round_)
        title = translation.gettext("Strategy evaluation summary")
        contents = translation.gettext("Contents")
    assert title in pages[0]
    assert "17.1.2025" in pages[0]
    assert contents in pages[1]
    assert [chapter.number for chapter in context["chapters"]] == [1, 2, 3, 4, 5]
    for chapter in context["chapters"]:
        heading = f"{chapter.number} {chapter.title}"
        assert heading in pages[1], f"{heading!r} missing from the table of contents"
        assert text.count(heading) >= 3, f"{heading!r}: contents, heading, running header"
    expected = {
        "fi": ["Strategiakauden yhteenveto", "Palvelutasopäätöksen arviointi"],
        "sv": ["Sammanfattning av strategiperioden", "Utvärdering av servicenivåbeslutet"],
    }[lang]
    for heading in expected:
        assert heading in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_pages_are_numbered(demo_pdfs, lang):
    _pdf, pages = demo_pdfs[lang]
    word = {"fi": "sivu", "sv": "sida"}[lang]
    total = len(pages)
    assert total > 40
    for number, page in enumerate(pages[1:], start=2):
        assert f"{word} {number} / {total}" in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_shows_every_strategic_lines_computed_summary_row(demo_pdfs, lang):
    _pdf, pages = demo_pdfs[lang]
    text = " ".join(pages)
    round_ = EvaluationRound.objects.get(key=ROUND_KEY)
    checked = 0
    with translation.override(lang):
        for key in ["county-strategy", "service-strategy"]:
            strategy = Strategy.objects.get(key=key)
            summaries, _total = selectors.strategy_summaries(round=round_, strategy=strategy)
            groups = Section.objects.filter(
                strategy=strategy, kind__in=["strategic_line", "goal_group"]
            )
            for section in groups:
                row = summary_row(shown(section, "title", lang), summaries[section.pk])
                assert row in text, f"summary row {row!r} missing"
                checked += 1
    assert checked == 8


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_shows_the_known_summary_of_the_first_county_line(demo_pdfs, lang):
    # Edistämme asukkaidemme hyvinvointia ja turvallisuutta: 6 goals, mean 3,8, yes 3, partly 3.
    text = " ".join(demo_pdfs[lang][1])
    assert "Edistämme asukkaidemme hyvinvointia ja turvallisuutta" in text
    assert re.search(r"turvallisuutta (\(på finska\) )?6 6 3,8 3 3", text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_shows_a_known_verbal_evaluation(demo_pdfs, lang):
    text = " ".join(demo_pdfs[lang][1])
    assert (
        "Osallisuusohjelma on laadittu ja siitä päätetty aluehallituksessa vuoden 2023 aikana."
        in text
    )


def test_finnish_fallbacks_carry_no_marker_of_their_own(demo_pdfs):
    assert "(på finska)" not in " ".join(demo_pdfs["sv"][1])
    assert "(suomeksi)" not in " ".join(demo_pdfs["fi"][1])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_shows_survey_results(demo_pdfs, lang):
    text = " ".join(demo_pdfs[lang][1])
    with translation.override(lang):
        answered = translation.gettext(
            "%(responded)s of %(total)s municipalities answered by the deadline (%(rate)s %%)."
        ) % {"responded": 6, "total": 10, "rate": 60}
    assert answered in text
    assert "Kauniainen" in text or "Grankulla" in text
    # The stakeholder survey's published figures: 35 respondents, NPS 22.
    assert "35" in text and "22" in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_is_tagged_landscape_with_title_language_and_metadata(demo_pdfs, lang):
    pdf, _pages = demo_pdfs[lang]
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == lang
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    with translation.override(lang):
        title = translation.gettext("Strategy evaluation summary")
    assert reader.metadata.title.startswith(f"{title} 17.1.2025")
    assert reader.metadata.author
    assert b'pdfuaid:part="1"' in reader.xmp_metadata.stream.get_data()
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)


# --- Building the report -------------------------------------------------------------------------


def test_report_context_maps_the_demo_data_to_the_chapters():
    round_ = EvaluationRound.objects.get(key=ROUND_KEY)
    context = report.report_context(round=round_)
    common = {
        part.strategy.key: [g.section.key for g in part.groups] for part in context["common_parts"]
    }
    assert common == {
        "county-strategy": [
            "promote-wellbeing",
            "sustainable-services",
            "work-community",
            "cooperation",
        ],
        "service-strategy": [
            "customer-goals",
            "personnel-goals",
            "production-goals",
            "digital-goals",
        ],
    }
    areas = [area.section.key for area in context["area_parts"]]
    assert areas == [
        "older-people",
        "common-social-health",
        "children-families",
        "disability",
        "other-plans",
    ]
    assert [area.section.key for area in context["rescue_parts"]] == ["rescue-department"]
    older = context["area_parts"][0]
    assert len(older.highlights) == 5 and len(older.development_themes) == 5
    assert len(context["rescue_parts"][0].goal_summaries) == 5
    county = context["common_parts"][0]
    _summaries, total = selectors.strategy_summaries(round=round_, strategy=county.strategy)
    assert county.summary.goal_count == total.goal_count == 22
    assert county.summary.mean == total.mean
    assert [p.survey.key for p in context["municipality_parts"]] == ["municipality-survey-2024"]
    stakeholder = context["stakeholder_parts"][0]
    assert len(stakeholder.quotes) == 7 and len(stakeholder.to_improve) == 4
    assert len(stakeholder.highlights) == 5
    assert len(context["overall_keep"]) == 3 and len(context["overall_develop"]) == 8


def test_building_the_report_takes_a_constant_number_of_queries(
    django_assert_max_num_queries,
):
    round_ = EvaluationRound.objects.get(key=ROUND_KEY)
    with django_assert_max_num_queries(40):
        report.report_html(round=round_, language="fi")


def test_queries_do_not_grow_with_goals(small_round, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        report.report_html(round=small_round, language="sv")
    section = Section.objects.get(strategy__in=small_round.strategies.all())
    for n in range(20):
        goal = make_goal(section=section)
        make_sub_goal(goal=goal)
        make_rating(round=small_round, goal=goal, score=n % 5 + 1)
    with django_assert_num_queries(len(before.captured_queries)):
        html = report.report_html(round=small_round, language="sv")
    assert html.count('class="goal-row') == 22


def test_html_in_a_verbal_evaluation_is_shown_as_text(small_round):
    rating = Rating.objects.get(round=small_round, goal__isnull=False)
    rating.verbal_evaluation_fi = '<script>alert("x")</script><b>lihavoitu</b> & <i>muu</i>'
    rating.save()
    html = report.report_html(round=small_round, language="fi")
    assert "<script>" not in html and "<b>lihavoitu</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;lihavoitu&lt;/b&gt;" in html
    text = " ".join(pdf_text(report.html_to_pdf(html)))
    assert '<script>alert("x")</script><b>lihavoitu</b> & <i>muu</i>' in text


def test_small_round_report_shows_sub_goals_rated_on_their_own(small_round):
    text = " ".join(pdf_text(report.report_pdf(round=small_round, language="sv")))
    assert "Ensimmäinen tavoite" in text and "(på finska)" not in text
    assert "Alatavoite A 2 Kesken." in text
    assert "Enda linjen 2 2 3,0 1 0" in text


def test_unknown_language_is_refused(small_round):
    with pytest.raises(ValueError, match="Unknown language"):
        report.report_pdf(round=small_round, language="en")


# --- Download and cache ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_download_is_an_attachment_in_the_page_language(client, demo_pdfs, fresh_cache, lang):
    put_in_cache(lang, demo_pdfs[lang][0])
    response = client.get(localized_path(lang, f"/arvioinnit/{ROUND_KEY}/raportti.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    name = {"fi": "arvioinnin-yhteenveto", "sv": "sammanfattning-av-utvarderingen"}[lang]
    assert response["Content-Disposition"] == (
        f'attachment; filename="{name}-{ROUND_KEY}-{lang}.pdf"'
    )
    assert response.content == demo_pdfs[lang][0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_round_page_links_to_the_report(client, lang):
    body = client.get(localized_path(lang, f"/arvioinnit/{ROUND_KEY}/")).content.decode()
    assert f'href="{localized_path(lang, f"/arvioinnit/{ROUND_KEY}/raportti.pdf")}"' in body


def test_only_published_rounds_have_a_report(client):
    make_round(key="draft-round", state=RoundState.CLOSED)
    assert client.get("/fi/arvioinnit/draft-round/raportti.pdf").status_code == 404
    assert (
        client.get(localized_path("sv", "/arvioinnit/no-such-round/raportti.pdf")).status_code
        == 404
    )


def test_second_download_is_served_from_the_cache(
    client, fresh_cache, django_assert_max_num_queries
):
    url = f"/fi/arvioinnit/{ROUND_KEY}/raportti.pdf"
    with mock.patch.object(report, "report_pdf", return_value=b"%PDF-1.7 fake") as render:
        assert client.get(url).content == b"%PDF-1.7 fake"
        with django_assert_max_num_queries(3):
            assert client.get(url).content == b"%PDF-1.7 fake"
        assert (
            client.get(localized_path("sv", f"/arvioinnit/{ROUND_KEY}/raportti.pdf")).status_code
            == 200
        )
    assert [c.kwargs["language"] for c in render.call_args_list] == ["fi", "sv"]


def test_a_failed_rendering_raises_and_caches_nothing(client, fresh_cache):
    url = f"/fi/arvioinnit/{ROUND_KEY}/raportti.pdf"
    failing = mock.patch.object(report, "report_pdf", side_effect=RuntimeError("layout failed"))
    with failing, pytest.raises(RuntimeError):
        client.get(url)
    with mock.patch.object(report, "report_pdf", return_value=b"%PDF-1.7 ok") as render:
        assert client.get(url).content == b"%PDF-1.7 ok"
    render.assert_called_once()


@pytest.mark.parametrize(
    "change",
    ["rating", "assignment", "goal", "finding", "survey_answer"],
)
def test_any_change_of_the_rounds_data_makes_a_new_pdf(fresh_cache, change):
    """Cache keys change with the data: ratings by their timestamps, other content by signal."""
    round_ = EvaluationRound.objects.get(key=ROUND_KEY)
    with mock.patch.object(report, "report_pdf", side_effect=[b"before", b"after"]):
        assert report.report_pdf_cached(round=round_, language="fi") == b"before"
        assert report.report_pdf_cached(round=round_, language="fi") == b"before"
        if change == "rating":
            rating = Rating.objects.filter(round=round_).first()
            rating.score = 5 if rating.score != 5 else 1
            rating.save()
        elif change == "assignment":
            assignment = round_.assignments.first()
            assignment.state = AssignmentState.RETURNED
            assignment.save()
        elif change == "goal":
            goal = Goal.objects.filter(section__strategy__key="county-strategy").first()
            goal.title_fi += " (muutettu)"
            goal.save()
        elif change == "finding":
            finding = round_.findings.first()
            finding.text_fi += " (muutettu)"
            finding.save()
        else:
            from municipalities.models import Answer

            answer = Answer.objects.filter(response__survey__round=round_).first()
            answer.text += " (muutettu)"
            answer.save()
        assert report.report_pdf_cached(round=round_, language="fi") == b"after"


def test_a_rating_change_shows_up_in_the_next_pdf_and_page(client, demo_pdfs, fresh_cache):
    url = f"/fi/arvioinnit/{ROUND_KEY}/raportti.pdf"
    # A download before the change: served from the cache.
    put_in_cache("fi", demo_pdfs["fi"][0])
    assert client.get(url).content == demo_pdfs["fi"][0]
    round_ = EvaluationRound.objects.get(key=ROUND_KEY)
    line = Section.objects.get(strategy__key="county-strategy", key="promote-wellbeing")
    rating = Rating.objects.filter(round=round_, goal__section=line).order_by("goal__order").first()
    assert rating.score != 1
    rating.score = 1
    rating.verbal_evaluation_fi = "Tilanne heikkeni loppuvuonna."
    rating.save()
    summaries, _total = selectors.strategy_summaries(round=round_, strategy=line.strategy)
    changed = summaries[line.pk]
    assert format_number(changed.mean, decimals=1) != "3,8"

    text = " ".join(pdf_text(client.get(url).content))
    assert summary_row("Edistämme asukkaidemme hyvinvointia ja turvallisuutta", changed) in text
    assert "Tilanne heikkeni loppuvuonna." in text
    page = client.get(f"/fi/strategiat/county-strategy/?round={ROUND_KEY}").content.decode()
    assert "Tilanne heikkeni loppuvuonna." in page
    # Also when the page was in the page cache before the change.
    rating.verbal_evaluation_fi = "Tilanne korjaantui joulukuussa."
    rating.save()
    page = client.get(f"/fi/strategiat/county-strategy/?round={ROUND_KEY}").content.decode()
    assert "Tilanne korjaantui joulukuussa." in page


# --- The management command ----------------------------------------------------------------------


def test_command_writes_the_pdf(small_round, tmp_path, capsys):
    output = tmp_path / "yhteenveto.pdf"
    call_command("render_report", small_round.key, "--language", "sv", "--output", str(output))
    reader = PdfReader(output)
    assert reader.trailer["/Root"]["/Lang"] == "sv"
    assert "Liten omgång" in reader.pages[0].extract_text()
    assert "yhteenveto.pdf" in capsys.readouterr().out


def test_command_refuses_an_unknown_round_or_language(small_round, tmp_path):
    with pytest.raises(
        CommandError, match=re.escape("Unknown evaluation round 'nope'. Known rounds: ")
    ):
        call_command("render_report", "nope", "--output", str(tmp_path / "x.pdf"))
    with pytest.raises(
        CommandError, match=re.escape("Unknown language 'en'. Choose one of: fi, sv.")
    ):
        call_command("render_report", small_round.key, "--language", "en")


# --- The chart ---------------------------------------------------------------------------------


def test_distribution_chart_has_a_text_alternative_and_escapes_its_title():
    with translation.override("fi"):
        svg = distribution_svg({5: 1, 4: 11, 3: 10, 2: 0, 1: 0}, title="Jakauma <b>&")
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title" in svg and "Jakauma &lt;b&gt;&amp;</title>" in svg
    assert (
        "arvio 5: 1 (5 %); arvio 4: 11 (50 %); arvio 3: 10 (45 %); arvio 2: 0 (0 %); "
        "arvio 1: 0 (0 %)</desc>"
    ) in svg
    # Bars on the common 0–100 % scale: 11 of 22 items is half the bar area.
    assert svg.count('<rect x="26"') == 5
    assert f'<rect x="26" y="{4 + 22 + 3.0}" width="{charts.BAR_AREA / 2}"' in svg


def test_distribution_chart_of_nothing_draws_empty_bars():
    svg = distribution_svg({}, title="Ei arvioita")
    assert svg.count('width="0.0"') == 5 and "<desc" in svg
    assert "arvio 5: 0 (0 %)" in svg or "rating 5: 0 (0 %)" in svg


def test_distribution_rows_lists_the_figures_for_a_caption():
    with translation.override("sv"):
        text = distribution_rows({5: 1, 4: 11, 3: 10, 2: 0, 1: 0})
    assert text == (
        "bedömning 5: 1 (5 %) · bedömning 4: 11 (50 %) · bedömning 3: 10 (45 %) · "
        "bedömning 2: 0 (0 %) · bedömning 1: 0 (0 %)"
    )


# --- PDF/UA in substance: the structure tree of both PDFs --------------------------------------


class Structure:
    """A PDF's structure tree read with pypdf: every element in document order with its
    ancestors' types, and the text of an element (its marked content)."""

    def __init__(self, pdf: bytes):
        self.reader = PdfReader(io.BytesIO(pdf))
        self.root = self.reader.trailer["/Root"]["/StructTreeRoot"]
        self.page_index = {
            page.indirect_reference.idnum: i for i, page in enumerate(self.reader.pages)
        }
        self.elements: list[tuple[dict, tuple[str, ...]]] = []
        self._texts: dict[int, dict[int, str]] = {}
        for kid in self.root["/K"]:
            self._walk(kid.get_object(), ())

    def _walk(self, element, ancestors):
        self.elements.append((element, ancestors))
        for kid in self.kids(element):
            self._walk(kid, (*ancestors, element["/S"]))

    @staticmethod
    def kids(element) -> list:
        kids = element.get("/K", [])
        kids = kids if isinstance(kids, list) else [kids]
        found = []
        for kid in kids:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and kid.get("/Type") not in ("/MCR", "/OBJR"):
                found.append(kid)
        return found

    def of_type(self, kind: str) -> list:
        return [element for element, _ancestors in self.elements if element["/S"] == kind]

    def _page_texts(self, index: int) -> dict[int, str]:
        """Marked-content id → text on page ``index``."""
        if index not in self._texts:
            texts, stack = {}, []

            def before(operator, args, _cm, _tm):
                if operator == b"BDC":
                    props = args[1] if len(args) > 1 else None
                    stack.append(props.get("/MCID") if isinstance(props, dict) else None)
                elif operator == b"BMC":
                    stack.append(None)
                elif operator == b"EMC" and stack:
                    stack.pop()

            def text(value, *_args):
                mcid = next((m for m in reversed(stack) if m is not None), None)
                if mcid is not None:
                    texts[mcid] = texts.get(mcid, "") + value

            self.reader.pages[index].extract_text(visitor_operand_before=before, visitor_text=text)
            self._texts[index] = texts
        return self._texts[index]

    def text(self, element) -> str:
        parts = []
        page = element.get("/Pg")
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, int) and page is not None:
                parts.append(self._page_texts(self.page_index[page.idnum]).get(kid, ""))
            else:
                kid = kid.get_object()
                if kid.get("/Type") == "/MCR":
                    index = self.page_index[kid["/Pg"].idnum]
                    parts.append(self._page_texts(index).get(kid["/MCID"], ""))
                elif kid.get("/Type") != "/OBJR":
                    parts.append(self.text(kid))
        return squash(" ".join(parts))


@pytest.fixture(scope="session")
def structures(demo_pdfs):
    return {lang: Structure(pdf) for lang, (pdf, _pages) in demo_pdfs.items()}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_header_cells_have_a_scope_and_their_ids_an_id_tree(structures, lang):
    structure = structures[lang]
    headers = structure.of_type("/TH")
    scopes = [th["/A"]["/Scope"] for th in headers]
    assert set(scopes) == {"/Column", "/Row"}
    # As in the HTML: header cells of a table head are column headers, those of a body rows'.
    for th, ancestors in structure.elements:
        if th["/S"] == "/TH":
            expected = "/Column" if "/THead" in ancestors else "/Row"
            assert th["/A"]["/Scope"] == expected
    names = structure.root["/IDTree"]["/Names"]
    ids = dict(zip(names[::2], (ref.get_object() for ref in names[1::2]), strict=True))
    assert list(ids) == sorted(ids)
    assert {th["/ID"] for th in headers} == set(ids)
    assert all(ids[th["/ID"]] is th or ids[th["/ID"]] == th for th in headers)
    for td in structure.of_type("/TD"):
        assert set(td["/A"].get("/Headers", [])) <= set(ids)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_contents_page_is_tagged_as_toc(structures, lang):
    structure = structures[lang]
    tocs = [(e, a) for e, a in structure.elements if e["/S"] == "/TOC" and "/TOC" not in a]
    assert len(tocs) == 1
    toc = tocs[0][0]
    round_ = EvaluationRound.objects.get(key=ROUND_KEY)
    with translation.override(lang):
        chapters = report.report_context(round=round_)["chapters"]
    items = Structure.kids(toc)
    assert [item["/S"] for item in items] == ["/TOCI"] * len(chapters)
    for item, chapter in zip(items, chapters, strict=True):
        assert structure.text(item).startswith(f"{chapter.number} {chapter.title}")
    nested = [e for e, a in structure.elements if e["/S"] == "/TOC" and "/TOCI" in a]
    assert len(nested) == len(chapters)
    assert all(
        Structure.kids(n) and {k["/S"] for k in Structure.kids(n)} == {"/TOCI"} for n in nested
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_charts_are_figures_whose_alt_carries_the_data(structures, lang):
    figures = structures[lang].of_type("/Figure")
    assert figures and all(figure.get("/Alt") for figure in figures)
    alts = [str(figure["/Alt"]) for figure in figures]
    round_ = EvaluationRound.objects.get(key=ROUND_KEY)
    with translation.override(lang):
        for strategy, total in report.report_context(round=round_)["strategies"]:
            title = translation.gettext("Distribution of ratings: %(name)s") % {
                "name": strategy.name
            }
            expected = f"{title}: {charts.distribution_text(total.distribution)}"
            assert expected in alts, expected
    # The figures as shares on the common scale, e.g. "rating 5: 1 (5 %)".
    assert all(re.search(r"\d+ \(\d+ %\)", alt) for alt in alts)


def test_finnish_passages_carry_lang_fi_in_the_swedish_pdf(structures):
    structure = structures["sv"]
    assert structure.reader.trailer["/Root"]["/Lang"] == "sv"
    finnish = [
        e for e in structure.of_type("/Span") + structure.of_type("/Div") if e.get("/Lang") == "fi"
    ]
    html = report.report_html(round=EvaluationRound.objects.get(key=ROUND_KEY), language="sv")
    # Every element the HTML marks lang="fi" is one or more structure elements (one per page).
    tagged = [e for e, _a in structure.elements if e.get("/Lang") == "fi"]
    assert len(tagged) >= html.count(' lang="fi"') > 600
    assert {e.get("/Lang") for e, _a in structure.elements} <= {None, "fi", "sv"}
    finnish_text = " ".join(structure.text(e) for e in finnish)
    # A Finnish verbal evaluation, a goal title and a municipality's open answer.
    assert "Osallisuusohjelma on laadittu ja siitä päätetty aluehallituksessa" in finnish_text
    assert "Edistämme asukkaidemme hyvinvointia ja turvallisuutta" in finnish_text
    quotes = [e for e in structure.of_type("/BlockQuote") if e.get("/Lang") == "fi"]
    assert any("hyvinvointialue" in structure.text(q).lower() for q in quotes)
    # The Swedish notices are not in Finnish.
    notices = [e for e in structure.of_type("/P") if "finns endast på finska" in structure.text(e)]
    assert notices and not any(e.get("/Lang") for e in notices)


def test_the_finnish_pdf_tags_only_its_swedish_passages(structures):
    structure = structures["fi"]
    assert structure.reader.trailer["/Root"]["/Lang"] == "fi"
    languages = {e.get("/Lang") for e, _a in structure.elements}
    assert languages == {None, "sv"}
    swedish = [e for e, _a in structure.elements if e.get("/Lang") == "sv"]
    assert "Västra Nylands välfärdsområde" in " ".join(structure.text(e) for e in swedish)


def test_swedish_pdf_says_once_per_section_that_its_texts_exist_only_in_finnish(demo_pdfs):
    round_ = EvaluationRound.objects.get(key=ROUND_KEY)
    html = report.report_html(round=round_, language="sv")
    # A notice covers its section, up to the next notice: it has Finnish-only texts.
    segments = html.split('<p class="language-notice">')[1:]
    notices = len(segments)
    assert all(' lang="fi"' in segment for segment in segments)
    # Every part of chapters 2–5 that shows Finnish-only texts says so right after its heading.
    parts = re.split(r'(?=<section class="part[^"]*" id="(?:strategy|area|survey)-)', html)[1:]
    assert len(parts) >= 10
    for part in parts:
        if ' lang="fi"' in part:
            heading = r'</h2>\s*(<p class="part-meta">.*?</p>\s*)?<p class="language-notice">'
            assert re.search(heading, part, re.DOTALL), part[:300]
    assert notices >= 10
    text = " ".join(demo_pdfs["sv"][1])
    whole = "Texterna i detta avsnitt finns endast på finska och visas på finska."
    some = re.findall(r"En del av texterna i detta avsnitt \((\d+) av (\d+)\)", text)
    assert text.count(whole) + len(some) == notices
    assert all(0 < int(count) < int(total) for count, total in some)
    assert "Texter som finns endast på finska visas på finska." in demo_pdfs["sv"][1][1]
    assert "vain suomeksi" not in " ".join(demo_pdfs["fi"][1])


def test_a_section_whose_texts_are_all_translated_has_no_notice(small_round):
    html = report.report_html(round=small_round, language="sv")
    assert 'class="language-notice"' in html  # goals and evaluations exist only in Finnish
    for goal in Goal.objects.filter(section__strategy__in=small_round.strategies.all()):
        goal.title_sv = f"Mål {goal.pk}"
        goal.save()
        for sub in goal.sub_goals.all():
            sub.title_sv = f"Delmål {sub.pk}"
            sub.save()
    ratings = list(Rating.objects.filter(round=small_round))
    for rating in ratings:
        rating.verbal_evaluation_sv = "Bra."
        rating.save()
    html = report.report_html(round=small_round, language="sv")
    assert 'class="language-notice"' not in html and 'class="toc-note"' not in html
    # One text back in Finnish only: its section says so, with the count.
    ratings[0].verbal_evaluation_sv = ""
    ratings[0].save()
    html = report.report_html(round=small_round, language="sv")
    assert html.count('class="language-notice"') == 1
    assert re.search(r"En del av texterna i detta avsnitt \(1 av \d+\)", html)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_table_continued_on_a_new_page_repeats_its_caption(demo_pdfs, lang):
    _pdf, pages = demo_pdfs[lang]
    with translation.override(lang):
        suffix = translation.gettext("(continued)")
        context = report.report_context(round=EvaluationRound.objects.get(key=ROUND_KEY))
        captions = [
            squash(group.caption) for part in context["common_parts"] for group in part.groups
        ]
    continued = 0
    for caption in captions:
        first = next(i for i, page in enumerate(pages) if caption in page)
        marked = [i for i, page in enumerate(pages) if f"{caption} {suffix}" in page]
        # Never on the page where the table starts; only on the pages right after it.
        assert first not in marked
        assert marked == list(range(first + 1, first + 1 + len(marked)))
        continued += bool(marked)
    assert continued >= 3
    assert sum(page.count(suffix) for page in pages) >= continued


@pytest.mark.parametrize("lang", LANGUAGES)
def test_footnote_marks_are_explained_on_every_page_that_uses_them(demo_pdfs, lang):
    _pdf, pages = demo_pdfs[lang]
    with translation.override(lang):
        explanations = [
            translation.gettext(msgid)
            for msgid in (
                "mean as published; individual answers are not available",
                "figure as printed in the evaluation document; the app computes its own figures "
                "from the ratings of the items",
                "figure as printed in the evaluation document; individual answers are not "
                "available",
            )
        ]
    marked = [i for i, page in enumerate(pages) if "*" in page]
    assert marked
    for i in marked:
        assert any(squash(text) in pages[i] for text in explanations), f"page {i + 1}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_embedded_fonts_are_the_fonts_the_stylesheet_names(demo_pdfs, lang):
    from django.conf import settings
    from django.template.loader import get_template

    css = get_template("evaluations/report/report.css").template.source
    family = re.search(r'html \{ font-family: "([^"]+)"', css)[1]
    assert family == "Source Sans 3"
    # Shipped with the project: every file the stylesheet names exists, with its licence.
    fonts = settings.BASE_DIR / "static" / "fonts"
    for name in re.findall(r"url\(report-font:([\w.-]+)\)", css):
        assert (fonts / name).is_file()
    assert "SIL Open Font License" in (fonts / "OFL.txt").read_text()
    reader = PdfReader(io.BytesIO(demo_pdfs[lang][0]))
    embedded = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            embedded.add(str(font["/BaseFont"]).split("+", 1)[-1])
            descendant = font["/DescendantFonts"][0].get_object()
            assert (
                "/FontFile2" in descendant["/FontDescriptor"]
                or "/FontFile3" in (descendant["/FontDescriptor"])
            )
    expected = family.replace(" ", "-")
    assert embedded and all(name.startswith(expected) for name in embedded), embedded
