"""Uploaded workbooks are checked before they are parsed (issue #11, findings 2 and 3).

A zip bomb, too many parts, a DTD or a UTF-16 part is refused with a clear 400 before openpyxl
reads anything; formula cells and overlong cells are row errors; nothing is saved.
"""

import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluations.models import Rating
from luvn import spreadsheet as shared
from tests.evaluations.helpers import login, url
from tests.evaluations.test_spreadsheet import XLSX, download, upload

pytestmark = pytest.mark.django_db


def workbook_bytes(workbook) -> bytes:
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def rezip(content: bytes, *, replace=None, extra=()) -> bytes:
    """The archive again, with parts replaced (name → bytes) and extra parts added."""
    replace = replace or {}
    output = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(content)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            target.writestr(entry.filename, replace.get(entry.filename, source.read(entry)))
        for name, data in extra:
            target.writestr(name, data)
    return output.getvalue()


def post(client, assignment, content, lang="fi"):
    file = SimpleUploadedFile("arviot.xlsx", content, content_type=XLSX)
    return client.post(url(assignment, lang, "work:sheet_upload"), {"file": file})


@pytest.fixture
def good(client, people, assignment):
    login(client, people["official"])
    workbook = download(client, assignment)
    workbook.active["E2"] = 4
    return workbook_bytes(workbook)


def test_a_zip_bomb_is_refused_before_parsing(client, assignment, good, monkeypatch):
    # 40 MB of zeros inflates from about 40 kB: past the ratio and the total size.
    bomb = rezip(good, extra=[("xl/media/zeros.bin", b"\0" * (40 * 1024 * 1024))])
    assert len(bomb) < 1024 * 1024
    parsed = []
    monkeypatch.setattr(shared, "load_workbook", lambda *a, **k: parsed.append(1))
    response = post(client, assignment, bomb, "sv")
    assert response.status_code == 400
    assert "mer än 32 MB" in response.content.decode()
    assert parsed == []
    assert not Rating.objects.filter(round=assignment.round).exists()


def test_a_tightly_compressed_part_is_refused_even_when_small(client, assignment, good):
    # 2 MB of one byte: within the size limits, but a ratio of about 500.
    content = rezip(good, extra=[("xl/media/a.bin", b"a" * (2 * 1024 * 1024))])
    response = post(client, assignment, content)
    assert response.status_code == 400
    assert "yli 32 Mt" in response.content.decode()


def test_an_archive_of_many_parts_is_refused(client, assignment, good):
    content = rezip(good, extra=[(f"xl/media/{n}.txt", b"x") for n in range(120)])
    response = post(client, assignment, content)
    assert response.status_code == 400
    assert "enemmän kuin 100 osaa" in response.content.decode()


def test_the_declared_sizes_bind(good):
    """zipfile never inflates an entry past the size its directory declares."""
    content = rezip(good, extra=[("xl/media/zeros.bin", b"\0" * 1000)])
    # Forge the declared size of the last entry down to 10 bytes (local header and directory).
    archive = zipfile.ZipFile(BytesIO(content))
    entry = archive.infolist()[-1]
    assert entry.file_size == 1000
    forged = bytearray(content)
    for offset in (entry.header_offset + 22, content.rindex(b"PK\x01\x02") + 24):
        forged[offset : offset + 4] = (10).to_bytes(4, "little")
    archive = zipfile.ZipFile(BytesIO(bytes(forged)))
    with pytest.raises(zipfile.BadZipFile), archive.open(archive.infolist()[-1]) as part:
        assert len(part.read()) <= 10


@pytest.mark.parametrize(
    "declaration",
    [
        b'<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>',
        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
        b"<!DOCTYPE worksheet>",
    ],
    ids=["billion-laughs", "external-entity", "plain-dtd"],
)
def test_a_part_with_a_dtd_gets_a_clear_400(client, assignment, good, declaration):
    archive = zipfile.ZipFile(BytesIO(good))
    sheet = archive.read("xl/worksheets/sheet1.xml")
    declared_end = sheet.index(b"?>") + 2 if b"?>" in sheet[:100] else 0
    content = rezip(
        good,
        replace={
            "xl/worksheets/sheet1.xml": sheet[:declared_end] + declaration + sheet[declared_end:]
        },
    )
    response = post(client, assignment, content, "sv")
    assert response.status_code == 400
    assert "dokumenttypsdeklaration (DTD)" in response.content.decode()
    assert not Rating.objects.filter(round=assignment.round).exists()


def test_a_utf16_part_is_refused(client, assignment, good):
    archive = zipfile.ZipFile(BytesIO(good))
    sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    utf16 = sheet.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    content = rezip(good, replace={"xl/worksheets/sheet1.xml": utf16})
    response = post(client, assignment, content)
    assert response.status_code == 400
    assert "Excel-työkirjana" in response.content.decode()


def test_a_broken_part_found_while_reading_rows_is_a_clear_400(client, assignment, good):
    archive = zipfile.ZipFile(BytesIO(good))
    sheet = archive.read("xl/worksheets/sheet1.xml")
    content = rezip(good, replace={"xl/worksheets/sheet1.xml": sheet[: len(sheet) // 2]})
    response = post(client, assignment, content)
    assert response.status_code == 400
    assert not Rating.objects.filter(round=assignment.round).exists()


def test_a_formula_cell_is_a_row_error_not_a_blank(client, people, assignment):
    login(client, people["official"])
    workbook = download(client, assignment)
    workbook.active["E2"] = 4
    workbook.active["G3"] = '=CONCATENATE("a";"b")'  # a real formula (data type "f")
    response = upload(client, assignment, workbook)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Rivi 3:" in body
    assert "sarakkeessa G on kaava" in body
    assert not Rating.objects.filter(round=assignment.round).exists()


def test_an_overlong_cell_is_a_row_error(client, people, assignment):
    login(client, people["official"])
    workbook = download(client, assignment)
    workbook.active["D2"] = "x" * (shared.MAX_CELL_CHARS + 1)
    response = upload(client, assignment, workbook)
    assert response.status_code == 400
    assert "Rivi 2:" in response.content.decode()
    assert not Rating.objects.filter(round=assignment.round).exists()


def test_a_good_file_still_saves(client, assignment, good):
    assert post(client, assignment, good).status_code == 302
    assert Rating.objects.get(round=assignment.round).score == 4
