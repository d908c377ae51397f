"""Open data of follow-up rounds: actions with statuses per period, indicator values with
targets; CSV and JSON with the same rows; only public data; listed on the open-data page."""

import csv
import io
import json
from datetime import date

import pytest

from evaluations.models import AssignmentState
from tests.evaluations.progress_builders import (
    approve,
    followup_world,
    make_followup_round,
    make_update,
    make_value,
)
from tests.support import localized_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return followup_world(practice=True)


def rows_csv(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_actions_file_has_a_row_per_action_and_period(client, world, lang):
    later = make_followup_round(period_end=date(2026, 12, 31))
    approve(later, world["unit"])
    make_update(later, world["actions"]["late"], "on_schedule", progress_fi="Kiinni.")
    rows = rows_csv(client, localized_path(lang, f"/avoin-data/{later.key}/toimenpiteet.csv"))
    late = [r for r in rows if r["action_id"] == str(world["actions"]["late"].pk)]
    assert [(r["period_round"], r["status"]) for r in late] == [
        (world["round"].key, "delayed"),
        (later.key, "on_schedule"),
    ]
    assert late[0]["progress_fi"] == "Rekrytointi viivästyi."
    assert late[0]["practice"] == "true" and late[1]["practice"] == "false"
    silent = [r for r in rows if r["action_id"] == str(world["actions"]["silent"].pk)]
    assert silent[0]["status"] == "" and silent[0]["period_round"] == ""  # not recorded, not 0
    json_path = localized_path(lang, f"/avoin-data/{later.key}/toimenpiteet.json")
    document = json.loads(client.get(json_path).content)
    assert [row["action_id"] for row in document["rows"]] == [int(r["action_id"]) for r in rows]
    assert document["round"]["kind"] == "follow_up"


def test_earlier_round_file_stops_at_its_period(client, world):
    later = make_followup_round(period_end=date(2026, 12, 31))
    approve(later, world["unit"])
    make_update(later, world["actions"]["late"], "done")
    rows = rows_csv(client, f"/fi/avoin-data/{world['round'].key}/toimenpiteet.csv")
    assert "done" not in {r["status"] for r in rows}


def test_indicators_file_has_baseline_targets_and_values_with_the_path(client, world):
    rows = rows_csv(client, f"/fi/avoin-data/{world['round'].key}/mittarit.csv")
    mine = [r for r in rows if r["indicator"] == world["indicator"].key]
    assert [r["row"] for r in mine] == ["baseline", "target", "target", "value"]
    value = mine[-1]
    assert value["value"] == "16.5000" and value["period"] == "2025"
    assert value["target_path"] == "15.0000" and value["on_track"] == "on_track"
    assert value["practice"] == "true"
    document = json.loads(client.get(f"/fi/avoin-data/{world['round'].key}/mittarit.json").content)
    assert document["round"]["is_practice"] is True
    json_value = [r for r in document["rows"] if r["indicator"] == value["indicator"]][-1]
    assert json_value["value"] == 16.5


def test_unapproved_values_and_updates_are_not_in_the_files(client, world):
    later = make_followup_round(period_end=date(2026, 12, 31))
    approve(later, world["unit"], state=AssignmentState.SUBMITTED)
    make_update(later, world["actions"]["silent"], "cancelled", progress_fi="LUONNOS")
    make_value(later, world["indicator"], date(2026, 12, 31), "77")
    rows = rows_csv(client, f"/fi/avoin-data/{later.key}/toimenpiteet.csv")
    silent = [r for r in rows if r["action_id"] == str(world["actions"]["silent"].pk)]
    assert [r["status"] for r in silent] == [""]
    assert "LUONNOS" not in str(rows)
    values = client.get(f"/fi/avoin-data/{later.key}/mittarit.csv").content.decode()
    assert "77.0000" not in values


def test_follow_up_files_are_listed_and_evaluation_files_are_not_offered(client, world):
    page = client.get("/fi/avoin-data/").content.decode()
    assert f"/fi/avoin-data/{world['round'].key}/toimenpiteet.csv" in page
    assert f"/fi/avoin-data/{world['round'].key}/mittarit.json" in page
    assert f"/fi/avoin-data/{world['round'].key}/yhteenveto.csv" not in page
    assert client.get(f"/fi/avoin-data/{world['round'].key}/yhteenveto.csv").status_code == 404
    assert client.get("/fi/avoin-data/eval-2024/toimenpiteet.csv").status_code == 404


def test_files_take_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get(f"/fi/avoin-data/{world['round'].key}/toimenpiteet.json")
    with django_assert_max_num_queries(12):
        client.get(f"/fi/avoin-data/{world['round'].key}/mittarit.json")
