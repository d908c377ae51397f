"""Restore refuses any table that already holds rows, and a bad file without a traceback."""

import gzip
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from evaluations.models import EvaluationRound
from evaluations.roles import ensure_roles
from municipalities.models import Municipality
from tests.test_backup import wipe

pytestmark = pytest.mark.django_db


@pytest.fixture
def backup(tmp_path):
    path = tmp_path / "backup.json.gz"
    call_command("backup_data", str(path))
    return path


def test_restore_refuses_when_any_table_it_fills_holds_rows(backup):
    wipe()
    ensure_roles()  # what migrate creates does not count
    Municipality.objects.create(code="999", name_fi="Testikunta", name_sv="Testkommun")
    with pytest.raises(CommandError, match="municipalities_municipality"):
        call_command("restore_data", str(backup))
    assert not EvaluationRound.objects.exists()


def test_an_extra_group_counts_as_data(backup):
    wipe()
    ensure_roles()
    Group.objects.create(name="oma ryhmä")
    with pytest.raises(CommandError, match="auth_group"):
        call_command("restore_data", str(backup))


def test_restore_into_a_freshly_migrated_database_works(backup):
    wipe()
    ensure_roles()
    call_command("restore_data", str(backup))
    assert EvaluationRound.objects.filter(key="eval-2024").exists()


def corrupt_deflate(path):
    data = bytearray(gzip.compress(b'[{"model": "x"}]' * 1000))
    data[20:40] = b"\xff" * 20
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "write",
    [
        lambda p: p.write_bytes(b"not gzip at all"),
        lambda p: p.write_bytes(gzip.compress(b"[" * 100)[:-12]),  # truncated
        corrupt_deflate,
        lambda p: p.write_bytes(gzip.compress(b"\xff\xfe\x00 not utf-8 \xc3")),
        lambda p: p.write_bytes(gzip.compress(b"this is not json")),
        lambda p: p.write_bytes(gzip.compress(json.dumps({"a": 1}).encode())),
        lambda p: p.write_bytes(gzip.compress(json.dumps([1, 2, 3]).encode())),
        lambda p: p.write_bytes(
            gzip.compress(json.dumps([{"model": "nope.nothing", "fields": {}}]).encode())
        ),
        lambda p: p.write_bytes(
            gzip.compress(
                json.dumps(
                    [{"model": "strategy.strategy", "pk": "not-a-number", "fields": {}}]
                ).encode()
            )
        ),
    ],
    ids=[
        "not-gzip",
        "truncated",
        "corrupt-deflate",
        "not-utf8",
        "not-json",
        "not-a-list",
        "not-objects",
        "unknown-model",
        "bad-field",
    ],
)
def test_a_bad_file_is_a_clear_command_error(tmp_path, write):
    path = tmp_path / "bad.json.gz"
    write(path)
    wipe()
    with pytest.raises(CommandError, match="Could not restore") as error:
        call_command("restore_data", str(path))
    assert "Traceback" not in str(error.value)
    assert not EvaluationRound.objects.exists()
