"""Swedish in the demo data where an official source gives it, and nothing outdated after a load."""

import pytest

from luvn.demo_data import load_demo_data
from luvn.translation_scopes import translation_outdated_list
from municipalities.models import Municipality
from strategy.models import Section

pytestmark = pytest.mark.django_db


def test_county_strategy_lines_repeated_in_the_2026_strategy_have_its_swedish():
    pairs = [("sustainable-services", "line-2"), ("work-community", "line-3")]
    for county_key, renewal_key in pairs:
        county = Section.objects.get(strategy__key="county-strategy", key=county_key)
        renewal = Section.objects.get(strategy__key="service-renewal-2026", key=renewal_key)
        assert county.title_fi == renewal.title_fi
        assert county.title_sv == renewal.title_sv != ""


def test_bilingual_municipalities():
    bilingual = set(Municipality.objects.filter(bilingual=True).values_list("name_fi", flat=True))
    assert {"Karkkila", "Vihti"}.isdisjoint(bilingual)
    assert {"Espoo", "Inkoo", "Raasepori"} <= bilingual
    assert all(m.name_sv for m in Municipality.objects.all())


def test_a_repeated_load_leaves_no_swedish_text_outdated():
    load_demo_data()
    assert translation_outdated_list() == []
