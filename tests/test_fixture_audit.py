"""The fixture audit (fixtures/audit.py): its matching logic on small inline samples.

The audit itself runs against ../shared/seeds/004_…txt by hand (README, fixtures/FORMAT.md); these
tests do not read that file, so they run anywhere.
"""

import importlib.util
import textwrap
from pathlib import Path

import pytest
import yaml

AUDIT_PATH = Path(__file__).resolve().parent.parent / "fixtures" / "audit.py"
spec = importlib.util.spec_from_file_location("fixture_audit", AUDIT_PATH)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

SOURCE = "\n".join(
    [
        "HYVINVOINTIALUESTRATEGIA",
        "Tavoite\tTavoite saavutettu?\tArviointi (1-5)\tSanallinen arviointi (tiivistelmä)",
        "Asiakkaiden osallisuus vahvistuu.\tKYLLÄ\t4\tOsallisuusohjelma on laadittu.",
        "Työvoiman saatavuutta parannetaan.\tOSITTAIN\t3\tDigitaalisen asiointin kehitys jatkuu.",
        "Edistämme asukkaidemme hyvinvointia\t6\t3,8 ■\t3\t3",
        "<p>1 Ensimmäinen osa.</p> <p>Toinen osa.</p>\t<p>2</p> <p>4</p>\t"
        "<p>Ensimmäisen osan teksti.</p> <p>Toisen osan teksti.</p>",
        "7\tPelastuslaitos on ensihoidon palveluntuottaja.\t(5)\t(Toteutuu.)",
    ]
)


def run(document: str, source: str = SOURCE) -> list[str]:
    checker = audit.Audit(source.splitlines())
    audit.audit_document(checker, "test.yaml", yaml.safe_load(textwrap.dedent(document)))
    checker.uncovered_evaluations()
    return checker.differences


FAITHFUL = """
round: eval-2024
strategies:
- key: s
  sections:
  - key: a
    goals:
    - title: {fi: Asiakkaiden osallisuus vahvistuu.}
      rating: {score: 4, achieved: "yes", evaluation: {fi: Osallisuusohjelma on laadittu.}}
    - title: {fi: Työvoiman saatavuutta parannetaan.}
      rating: {score: 3, achieved: partly, evaluation: {fi: Digitaalisen asioinnin kehitys jatkuu.}}
    - title: {fi: Ensimmäinen osa. Toinen osa.}
      rated: false
      sub_goals:
      - title: {fi: Ensimmäinen osa.}
        rating: {score: 2, evaluation: {fi: Ensimmäisen osan teksti.}}
      - title: {fi: Toinen osa.}
        rating: {score: 4, evaluation: {fi: Toisen osan teksti.}}
    - title: {fi: Pelastuslaitos on ensihoidon palveluntuottaja.}
      rating: {score: 5, tentative: true, evaluation: {fi: (Toteutuu.)}}
"""


def test_a_faithful_fixture_has_no_differences_and_uses_the_documented_mend():
    checker = audit.Audit(SOURCE.splitlines())
    audit.audit_document(checker, "test.yaml", yaml.safe_load(FAITHFUL))
    checker.uncovered_evaluations()
    assert checker.differences == []
    mended = {mend.damaged for mend in checker.mends_used}
    assert mended == {"asiointin"}


def test_a_changed_word_is_a_difference():
    document = FAITHFUL.replace("Osallisuusohjelma on laadittu.", "Ohjelma on laadittu.")
    differences = run(document)
    assert any("not in the source" in d and "Ohjelma on laadittu" in d for d in differences)
    # The source's own text is then in no fixture either.
    assert any("evaluation text in no fixture" in d for d in differences)


def test_damage_left_in_a_fixture_is_a_difference():
    document = FAITHFUL.replace("Digitaalisen asioinnin", "Digitaalisen asiointin")
    assert any("unmended damage 'asiointin'" in d for d in run(document))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("score: 4, achieved", "score: 5, achieved", "score 5, source 4"),
        ('achieved: "yes"', "achieved: partly", "achieved 'partly', source 'yes'"),
        ("score: 5, tentative: true", "score: 5", "tentative False, source (5)"),
    ],
)
def test_a_wrong_score_achieved_status_or_tentative_mark_is_a_difference(old, new, message):
    assert any(message in d for d in run(FAITHFUL.replace(old, new)))


def test_a_two_part_goal_with_its_whole_text_on_the_first_part_is_a_difference():
    document = FAITHFUL.replace(
        "rating: {score: 2, evaluation: {fi: Ensimmäisen osan teksti.}}",
        "rating: {score: 2, evaluation: {fi: Ensimmäisen osan teksti. Toisen osan teksti.}}",
    ).replace(
        "rating: {score: 4, evaluation: {fi: Toisen osan teksti.}}",
        "rating: {score: 4}",
    )
    differences = run(document)
    assert any("a part rated on its own has no evaluation" in d for d in differences)


def test_the_parts_scores_are_read_in_order():
    document = FAITHFUL.replace("rating: {score: 2, evaluation", "rating: {score: 4, evaluation")
    assert any("score 4, source 2" in d for d in run(document))


def test_a_rated_row_of_the_source_missing_from_the_fixtures_is_a_difference():
    document = FAITHFUL.replace(
        """    - title: {fi: Työvoiman saatavuutta parannetaan.}
      rating: {score: 3, achieved: partly, evaluation: {fi: Digitaalisen asioinnin kehitys jatkuu.}}
""",
        "",
    )
    differences = run(document)
    assert any("rated row in no fixture" in d and "Työvoiman" in d for d in differences)


def test_a_summary_tables_row_is_not_taken_for_a_rating():
    checker = audit.Audit(SOURCE.splitlines())
    assert checker.row_of("Edistämme asukkaidemme hyvinvointia") is None


def test_whole_word_mends_leave_longer_words_alone():
    mend = audit.Mend("Erikoissairaanhoido", "Erikoissairaanhoito", "t read as d", whole_word=True)
    assert audit.apply_mends("Erikoissairaanhoido ja Erikoissairaanhoidon", [mend]) == (
        "Erikoissairaanhoito ja Erikoissairaanhoidon"
    )


def test_markup_and_white_space_are_evened_out():
    assert audit.normalize("<p>Yksi  **kaksi**</p> <ul>• kolme</ul>") == "Yksi kaksi kolme"


def test_a_printed_figure_is_found_beside_its_label():
    checker = audit.Audit(["Ikääntyneiden palvelut\t2,7"])
    checker.printed_value("x", "Ikääntyneiden palvelut", 2.7)
    checker.printed_value("y", "Ikääntyneiden palvelut", 2.8)
    assert checker.differences == ["y: no source row prints 'Ikääntyneiden palvelut' with 2,8"]


def test_the_command_exits_1_on_differences_and_0_without(tmp_path, capsys):
    source = tmp_path / "source.txt"
    source.write_text(SOURCE, encoding="utf-8")
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    (fixtures / "10_test.yaml").write_text(FAITHFUL, encoding="utf-8")
    assert audit.run(source, fixtures).differences == []
    (fixtures / "10_test.yaml").write_text(FAITHFUL.replace("score: 3,", "score: 1,"), "utf-8")
    assert audit.run(source, fixtures).differences != []
    assert audit.main(["audit.py"]) == 2
