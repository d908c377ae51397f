"""Indicator values from files: the plain CSV/XLSX layout and THL Sotkanet's CSV export, all or
nothing, every bad row named in the user's language; from the admin and the command."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from evaluations.followup.indicator_import import (
    ImportFileError,
    indicator_values_from_file,
    indicator_values_import,
    parse_period,
)
from evaluations.models import IndicatorValue, RoundState
from evaluations.roles import ADMINISTRATOR, OFFICIAL
from tests.evaluations.progress_builders import make_followup_round, make_indicator, make_value
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    yearly = make_indicator(
        key="anxiety",
        sotkanet_id=990001,
        time_resolution="year",
        first_date=date(2015, 12, 31),
        last_date=date(2029, 12, 31),
    )
    half = make_indicator(key="continuity", time_resolution="half_year")
    round_ = make_followup_round(state=RoundState.OPEN)
    return {"yearly": yearly, "half": half, "round": round_}


def upload(content: bytes, name="values.csv"):
    return SimpleUploadedFile(name, content)


def read(setup, content, name="values.csv", region=""):
    return indicator_values_from_file(
        upload=upload(content, name), filename=name, round=setup["round"], region=region
    )


def test_periods_are_read_in_the_finnish_ways():
    assert parse_period("2025", "year") == date(2025, 12, 31)
    assert parse_period(2025, "year") == date(2025, 12, 31)
    assert parse_period("1–6/2026", "half_year") == date(2026, 6, 30)
    assert parse_period("7-12/2025", "half_year") == date(2025, 12, 31)
    assert parse_period("3/2026", "month") == date(2026, 3, 31)
    assert parse_period("31.12.2025", "year") == date(2025, 12, 31)
    assert parse_period("2026-06-30", "half_year") == date(2026, 6, 30)
    for text, resolution in [("2025", "half_year"), ("30.6.2025", "year"), ("13/2025", "month")]:
        with pytest.raises(Exception):  # noqa: B017 (ValidationError)
            parse_period(text, resolution)


def test_a_good_plain_csv_is_imported(setup):
    content = (
        "indicator;period;value;note\n"
        "anxiety;2024;12,5;Kouluterveyskysely 2023\n"
        "anxiety;2025;11.75;\n"
        "continuity;1–6/2026;0,41;\n"
    ).encode()
    rows = read(setup, content)
    assert indicator_values_import(round=setup["round"], rows=rows) == 3
    values = {
        (v.indicator.key, v.date): v.value
        for v in IndicatorValue.objects.filter(round=setup["round"])
    }
    assert values == {
        ("anxiety", date(2024, 12, 31)): Decimal("12.5"),
        ("anxiety", date(2025, 12, 31)): Decimal("11.75"),
        ("continuity", date(2026, 6, 30)): Decimal("0.41"),
    }
    # Importing the same file again changes nothing.
    assert indicator_values_import(round=setup["round"], rows=read(setup, content)) == 0


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fi",
            [
                "Rivi 2: tuntematon mittari ”nonexistent”.",
                "Rivi 3: arvo ei ole luku.",
                "Rivi 4: kausi 2010 on mittarin sallitun ajanjakson ulkopuolella.",
                "Rivi 6: kausi 2024 on myös rivillä 5.",
                "Rivi 7: kausi ei ole mittarin jakso (puolivuotiskausi).",
            ],
        ),
        (
            "sv",
            [
                "Rad 2: okänd mätare ”nonexistent”.",
                "Rad 3: värdet är inte ett tal.",
                "Rad 4: perioden 2010 ligger utanför mätarens tillåtna tidsintervall.",
                "Rad 6: perioden 2024 finns också på rad 5.",
                "Rad 7: perioden är inte mätarens period (halvår).",
            ],
        ),
    ],
)
def test_every_bad_row_is_listed_and_nothing_is_saved(setup, lang, expected):
    content = (
        b"mittari;kausi;arvo\n"
        b"nonexistent;2024;1\n"
        b"anxiety;2023;paljon\n"
        b"anxiety;2010;4\n"
        b"anxiety;2024;5\n"
        b"anxiety;2024;6\n"
        b"continuity;2025;7\n"
        b"anxiety;2022;8\n"
    )
    with translation.override(lang), pytest.raises(ImportFileError) as error:
        read(setup, content)
    assert error.value.errors == expected
    assert not IndicatorValue.objects.filter(round=setup["round"]).exists()


def test_a_period_reported_in_another_round_is_refused(setup):
    other = make_followup_round(period_end=date(2025, 12, 31))
    make_value(other, setup["yearly"], date(2024, 12, 31), 3)
    with pytest.raises(ImportFileError) as error:
        read(setup, b"indicator,period,value\nanxiety,2024,4\n")
    assert "Rivi 2" in error.value.errors[0]
    assert other.name_fi in error.value.errors[0]


SOTKANET = (
    "indicator;region;year;gender;value;absValue\n"
    "990001;Länsi-Uusimaa;2023;total;21,4;1234\n"
    "990001;Länsi-Uusimaa;2023;male;11,0;600\n"
    "990001;Länsi-Uusimaa;2023;female;31,2;634\n"
    "990001;Itä-Uusimaa;2023;total;19,9;400\n"
    "990001;Länsi-Uusimaa;2021;total;20,1;1200\n"
    "990001;Koko maa;2023;total;22,0;90000\n"
)


def test_sotkanet_export_takes_the_countys_total_rows(setup):
    rows = read(setup, SOTKANET.encode("utf-8-sig"), name="sotkanet.csv")
    assert [(r.indicator.key, r.date, r.value) for r in rows] == [
        ("anxiety", date(2023, 12, 31), Decimal("21.4000")),
        ("anxiety", date(2021, 12, 31), Decimal("20.1000")),
    ]


def test_sotkanet_export_in_finnish_with_an_unknown_indicator(setup):
    content = (
        "Indikaattori;Alue;Vuosi;Sukupuoli;Arvo\n"
        "990001;Länsi-Uusimaa;2024;yhteensä;20,0\n"
        "123;Länsi-Uusimaa;2024;yhteensä;5\n"
        "123;Hanko;2024;yhteensä;5\n"
    ).encode("cp1252")
    with pytest.raises(ImportFileError) as error:
        read(setup, content, name="sotkanet.csv")
    assert error.value.errors == ["Rivi 3: tuntematon mittari ”123”."]


def test_xlsx_is_imported_too(setup):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Mätare", "Period", "Värde", "note_sv"])
    sheet.append(["anxiety", 2025, 9.5, "Övning"])
    sheet.append(["continuity", "7–12/2025", "0,38", None])
    out = BytesIO()
    workbook.save(out)
    rows = read(setup, out.getvalue(), name="arvot.xlsx")
    assert [(r.indicator.key, r.date, r.value, r.note_sv) for r in rows] == [
        ("anxiety", date(2025, 12, 31), Decimal("9.5000"), "Övning"),
        ("continuity", date(2025, 12, 31), Decimal("0.3800"), ""),
    ]


def test_a_file_without_the_columns_is_refused(setup):
    with pytest.raises(ImportFileError) as error:
        read(setup, b"a;b;c\n1;2;3\n")
    assert "mittari, kausi ja arvo" in error.value.errors[0]


def test_the_command_imports_all_or_nothing(setup, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("indicator;period;value\nanxiety;2025;10,5\n", encoding="utf-8")
    call_command("import_indicator_values", setup["round"].key, str(good))
    assert IndicatorValue.objects.get(indicator=setup["yearly"]).value == Decimal("10.5")
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator;period;value\nanxiety;2024;1\nanxiety;2023;x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Rad 3"):
        call_command("import_indicator_values", setup["round"].key, str(bad), "--language", "sv")
    assert not IndicatorValue.objects.filter(date=date(2024, 12, 31)).exists()


def test_the_admin_page_imports_and_lists_errors(client, setup):
    admin = make_user(ADMINISTRATOR, is_staff=True)
    client.force_login(admin)
    address = "/fi/admin/evaluations/indicatorvalue/import/"
    assert client.get(address).status_code == 200
    bad = upload(b"indicator;period;value\nanxiety;2024;abc\n")
    response = client.post(address, {"round": setup["round"].pk, "file": bad})
    assert response.status_code == 400
    assert "Rivi 2: arvo ei ole luku." in response.content.decode()
    good = upload(b"indicator;period;value\nanxiety;2024;3,5\n")
    response = client.post(address, {"round": setup["round"].pk, "file": good})
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=setup["yearly"])
    assert (value.value, value.entered_by) == (Decimal("3.5"), admin)


def test_only_administrators_import(client, setup):
    client.force_login(make_user(OFFICIAL, is_staff=True))
    response = client.get("/fi/admin/evaluations/indicatorvalue/import/")
    assert response.status_code in {302, 403}


# Hardening round 3 ------------------------------------------------------------------------------


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name", ["values.xlsx", "values.csv"])
def test_a_file_over_the_row_limit_is_refused_whole_and_nothing_is_saved(setup, monkeypatch, name):
    monkeypatch.setattr("evaluations.followup.indicator_import.MAX_IMPORT_ROWS", 2)
    rows = [["indicator", "period", "value"]] + [
        ["anxiety", year, 1] for year in (2023, 2024, 2025)
    ]
    if name.endswith(".xlsx"):
        content = _xlsx(rows)
    else:
        content = "\n".join(";".join(str(c) for c in row) for row in rows).encode()
    with pytest.raises(ImportFileError) as error:
        read(setup, content, name=name)
    assert error.value.errors == ["Tiedostossa on yli 2 riviä."]
    assert not IndicatorValue.objects.filter(round=setup["round"]).exists()
    # Exactly at the limit, and with empty formatted rows after it, the file is read.
    if name.endswith(".xlsx"):
        assert len(read(setup, _xlsx([*rows[:3], [None, None, None]]), name=name)) == 2


def test_an_unquoted_decimal_comma_in_a_comma_separated_file_is_refused_as_ambiguous(setup):
    with pytest.raises(ImportFileError) as error:
        read(setup, b"indicator,period,value\nanxiety,2024,12,5\n")
    assert error.value.errors[0].startswith("Rivi 2: ")
    assert "lainausmerkkeihin" in error.value.errors[0]
    # Quoted, it is one number.
    (row,) = read(setup, b'indicator,period,value\nanxiety,2024,"12,5"\n')
    assert row.value == Decimal("12.5")


@pytest.mark.parametrize(
    "content",
    [
        b"indicator;period;value\nanxiety;0000;1\n",  # year 0
        b"indicator;period;value\ncontinuity;1-6/0000;1\n",
        b"indicator;period;value\nanxiety;0/2025;1\n",
        b"indicator;period;value\nanxiety;31.12.0000;1\n",
    ],
)
def test_impossible_periods_are_row_errors(setup, content):
    with pytest.raises(ImportFileError) as error:
        read(setup, content)
    assert error.value.errors[0].startswith("Rivi 2: ")


def test_a_date_cell_for_a_half_year_indicator_is_a_row_error_or_its_period(setup):
    from datetime import datetime

    content = _xlsx(
        [
            ["indicator", "period", "value"],
            ["continuity", datetime(2025, 3, 15), 1],  # not the end of a half-year
            ["continuity", datetime(2025, 6, 30), 2],  # the end of the first half
        ]
    )
    with pytest.raises(ImportFileError) as error:
        read(setup, content, name="values.xlsx")
    assert len(error.value.errors) == 1 and error.value.errors[0].startswith("Rivi 2: ")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"indicator;period;value\nanxiety;2024;" + b"9" * 200_000 + b"\n", "Rivi 2: "),
        (b'indicator;period;value\nanxiety;2024;"12\nanxiety;2025;3\n', "Rivi 2: "),
    ],
)
def test_an_overlong_field_or_an_unterminated_quote_is_a_row_error(setup, content, expected):
    with pytest.raises(ImportFileError) as error:
        read(setup, content)
    assert error.value.errors[0].startswith(expected)


def test_the_admin_page_answers_400_for_impossible_input(client, setup):
    from django.urls import reverse

    from tests.evaluations.helpers import login

    login(client, make_user(ADMINISTRATOR, is_staff=True))
    for content in (b"indicator;period;value\nanxiety;0000;1\n", b'indicator;value\n"x;1\n'):
        response = client.post(
            reverse("admin:evaluations_indicatorvalue_import"),
            {"round": setup["round"].pk, "file": upload(content)},
        )
        assert response.status_code == 400
    assert not IndicatorValue.objects.filter(round=setup["round"]).exists()
