"""Coverage counts and the translators' round trip (XLIFF 2.0 and XLSX), luvn/translation_*.py."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook
from translate.storage.xliff2 import Xliff2File

from evaluations.models import Rating
from luvn.translation_exchange import (
    TranslationFileError,
    translations_import,
    xliff_read,
    xliff_write,
    xlsx_read,
    xlsx_write,
)
from luvn.translation_scopes import translation_coverage, translation_coverage_list
from strategy.models import Goal
from tests.factories import make_goal, make_rating, make_round, make_section, make_strategy

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """Messages compared by their English text (the msgids)."""
    with translation.override("en"):
        yield


@pytest.fixture
def strategy():
    """Texts: strategy name (sv), section title (no sv), goal 1 title (sv, later outdated),
    goal 1 description (no sv), goal 2 title (no sv)."""
    strategy = make_strategy(name_fi="Palvelustrategia", name_sv="Servicestrategi")
    section = make_section(strategy=strategy, title_fi="Asiakas keskiössä")
    goal = make_goal(
        section=section,
        title_fi="Palvelut ajoissa",
        title_sv="Tjänster i tid",
        description_fi="Kuvaus",
    )
    goal.title_fi = "Palvelut ajoissa ja lähellä"
    goal.save()
    make_goal(section=section, title_fi="Talous tasapainossa")
    return strategy


def _goal(strategy, title):
    return Goal.objects.get(section__strategy=strategy, title_fi=title)


def test_coverage_counts_texts_with_swedish_and_lists_the_missing(strategy):
    coverage = translation_coverage(kind="strategy", pk=strategy.pk)
    assert (coverage.total, coverage.translated) == (5, 2)
    assert coverage.share == pytest.approx(40.0)
    assert sorted(t.finnish for t in coverage.missing) == [
        "Asiakas keskiössä",
        "Kuvaus",
        "Talous tasapainossa",
    ]
    assert [t.swedish for t in coverage.outdated] == ["Tjänster i tid"]
    assert len(coverage.to_translate) == 4


def _queries(kind):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        result = translation_coverage_list(kind=kind)
    return len(context), result


@pytest.mark.parametrize("kind", ["strategy", "round", "survey"])
def test_coverage_of_every_scope_takes_the_same_queries_however_much_content(strategy, kind):
    _queries(kind)  # content types cached
    before, every = _queries(kind)
    round_ = make_round()
    for _n in range(3):
        other = make_strategy(name_sv="Strategi")
        make_rating(
            round=round_,
            goal=make_goal(section=make_section(strategy=other)),
            verbal_evaluation_fi="Teksti",
            verbal_evaluation_sv="Text",
        )
    after, more = _queries(kind)
    assert after == before <= 13
    assert len(more) > len(every) or kind == "survey"


def test_exported_xliff_opens_in_translate_toolkit_and_round_trips(strategy):
    coverage = translation_coverage(kind="strategy", pk=strategy.pk)
    data = xliff_write(coverage=coverage)
    store = Xliff2File.parsestring(data)
    assert store.getsourcelanguage() == "fi"
    assert store.gettargetlanguage() == "sv"
    units = {u.getid(): u for u in store.units}
    goal = _goal(strategy, "Palvelut ajoissa ja lähellä")
    outdated = units[f"strategy.goal.{goal.pk}.title"]
    assert outdated.source == "Palvelut ajoissa ja lähellä"
    assert outdated.target == "Tjänster i tid" and outdated.isfuzzy()
    assert len(units) == 4
    # The translator fills every unit and confirms the outdated one.
    for unit in store.units:
        unit.target = f"SV {unit.source}"
        unit.marktranslated()
    entries = xliff_read(bytes(store))
    assert translations_import(kind="strategy", pk=strategy.pk, entries=entries) == 4
    goal.refresh_from_db()
    assert goal.title_sv == "SV Palvelut ajoissa ja lähellä"
    assert goal.title_fi == "Palvelut ajoissa ja lähellä"
    after = translation_coverage(kind="strategy", pk=strategy.pk)
    assert (after.translated, len(after.outdated)) == (5, 0)


def test_unconfirmed_draft_targets_are_not_imported(strategy):
    data = xliff_write(coverage=translation_coverage(kind="strategy", pk=strategy.pk))
    assert xliff_read(data) == []  # the outdated unit's draft is still state="initial"


def _translated_store(strategy) -> Xliff2File:
    store = Xliff2File.parsestring(
        xliff_write(coverage=translation_coverage(kind="strategy", pk=strategy.pk))
    )
    for unit in store.units:
        unit.target = f"SV {unit.source}"
        unit.marktranslated()
    return store


def _swedish_state(strategy):
    return sorted(
        (g.pk, g.title_sv, g.description_sv)
        for g in Goal.objects.filter(section__strategy=strategy)
    )


def test_stale_source_refuses_that_unit_and_saves_nothing(strategy):
    store = _translated_store(strategy)
    before = _swedish_state(strategy)
    goal = _goal(strategy, "Talous tasapainossa")
    goal.title_fi = "Talous tasapainossa vuonna 2029"
    goal.save()
    with pytest.raises(TranslationFileError) as error:
        translations_import(kind="strategy", pk=strategy.pk, entries=xliff_read(bytes(store)))
    assert len(error.value.errors) == 1
    assert f"strategy.goal.{goal.pk}.title" in error.value.errors[0]
    assert "stale" in error.value.errors[0]
    assert _swedish_state(strategy) == before


def test_unknown_identifier_and_other_scope_are_refused_with_every_error_listed(strategy):
    other = make_goal(title_fi="Muun strategian tavoite")
    store = _translated_store(strategy)
    first = store.units[0]
    first.setid("strategy.goal.999999.title")
    second = store.addsourceunit(other.title_fi)
    second.setid(f"strategy.goal.{other.pk}.title")
    second.target = "Annan"
    second.marktranslated()
    third = store.addsourceunit("x")
    third.setid("auth.user.1.password")
    third.target = "x"
    third.marktranslated()
    before = _swedish_state(strategy)
    with pytest.raises(TranslationFileError) as error:
        translations_import(kind="strategy", pk=strategy.pk, entries=xliff_read(bytes(store)))
    assert len(error.value.errors) == 3
    assert all("is not a text of this" in e for e in error.value.errors)
    assert _swedish_state(strategy) == before
    other.refresh_from_db()
    assert not other.title_sv


def test_too_long_swedish_is_refused(strategy):
    store = _translated_store(strategy)
    section_unit = next(u for u in store.units if ".section." in u.getid())
    section_unit.target = "x" * 301
    with pytest.raises(TranslationFileError) as error:
        translations_import(kind="strategy", pk=strategy.pk, entries=xliff_read(bytes(store)))
    assert "at most 300 fit" in error.value.errors[0]


@pytest.mark.parametrize(
    "data",
    [
        b"not xml at all",
        b"<?xml version='1.0'?><xliff version='1.2'"
        b" xmlns='urn:oasis:names:tc:xliff:document:1.2'/>",
        b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><xliff/>",
        b"<?xml version='1.0'?><xliff version='2.0' xmlns='urn:oasis:names:tc:xliff:document:2.0'"
        b" srcLang='fi' trgLang='de'><file id='f'/></xliff>",
    ],
)
def test_malformed_xliff_gives_one_clear_error(data):
    with pytest.raises(TranslationFileError) as error:
        xliff_read(data)
    assert error.value.errors == [
        "The file could not be read as an XLIFF 2.0 file exported from this service."
    ]


def _upload(data: bytes, name="sv.xlsx"):
    return SimpleUploadedFile(name, data)


def test_xlsx_round_trip_only_swedish_changes_and_history_is_kept(strategy):
    round_ = make_round()
    rating = make_rating(
        round=round_,
        goal=_goal(strategy, "Talous tasapainossa"),
        verbal_evaluation_fi="=Hyvä alku",
        score=4,
    )
    coverage = translation_coverage(kind="round", pk=round_.pk)
    workbook = load_workbook(BytesIO(xlsx_write(coverage=coverage)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(min_row=2))
    ids = [row[0].value for row in rows]
    assert f"evaluations.rating.{rating.pk}.verbal_evaluation" in ids
    rating_row = rows[ids.index(f"evaluations.rating.{rating.pk}.verbal_evaluation")]
    assert rating_row[2].value == "'=Hyvä alku"  # kept inert in a spreadsheet program
    rating_row[3].value = "En bra början"
    out = BytesIO()
    workbook.save(out)
    entries = xlsx_read(_upload(out.getvalue()))
    assert translations_import(kind="round", pk=round_.pk, entries=entries) == 1
    rating.refresh_from_db()
    assert (rating.verbal_evaluation_sv, rating.verbal_evaluation_fi, rating.score) == (
        "En bra början",
        "=Hyvä alku",
        4,
    )
    latest = Rating.history.filter(id=rating.pk).latest("history_date")
    assert latest.verbal_evaluation_sv == "En bra början"


def test_xlsx_that_is_not_a_workbook_or_has_other_columns_is_refused():
    with pytest.raises(TranslationFileError) as error:
        xlsx_read(_upload(b"PK\x03\x04 broken"))
    assert "could not be read" in error.value.errors[0]
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["a", "b", "c", "d"])
    out = BytesIO()
    workbook.save(out)
    with pytest.raises(TranslationFileError) as error:
        xlsx_read(_upload(out.getvalue()))
    assert "columns of the exported file" in error.value.errors[0]


def test_confirming_the_same_swedish_makes_it_current_without_changing_it(strategy):
    store = Xliff2File.parsestring(
        xliff_write(coverage=translation_coverage(kind="strategy", pk=strategy.pk))
    )
    goal = _goal(strategy, "Palvelut ajoissa ja lähellä")
    unit = next(u for u in store.units if u.getid() == f"strategy.goal.{goal.pk}.title")
    unit.marktranslated()  # the translator accepts the earlier Swedish as it is
    entries = xliff_read(bytes(store))
    assert [e.target for e in entries] == ["Tjänster i tid"]
    assert translations_import(kind="strategy", pk=strategy.pk, entries=entries) == 0
    goal.refresh_from_db()
    assert goal.title_sv == "Tjänster i tid"
    assert translation_coverage(kind="strategy", pk=strategy.pk).outdated == []
