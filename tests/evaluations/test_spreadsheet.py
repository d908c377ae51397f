"""A section's ratings go out as XLSX and come back: validated row by row, all or nothing."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from evaluations.models import Rating
from tests.evaluations.helpers import login, url

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(client, assignment, lang="fi"):
    response = client.get(url(assignment, lang, "work:sheet_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return load_workbook(BytesIO(response.content))


def upload(client, assignment, workbook, lang="fi"):
    output = BytesIO()
    workbook.save(output)
    file = SimpleUploadedFile("arviot.xlsx", output.getvalue(), content_type=XLSX)
    return client.post(url(assignment, lang, "work:sheet_upload"), {"file": file})


def test_round_trip_saves_every_row(client, people, assignment, language):
    login(client, people["official"])
    workbook = download(client, assignment, language)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert header[4] == {"fi": "Arvio 1–5", "sv": "Bedömning 1–5"}[language]
    rows = list(sheet.iter_rows(min_row=2))
    assert [row[3].value for row in rows] == [
        "Asiakkaat saavat palvelut ajoissa",
        "Menot kurissa",
        "Tulot kasvavat",
    ]
    answers = {"fi": ["kyllä", "osittain", "ei"], "sv": ["ja", "delvis", "nej"]}[language]
    for index, row in enumerate(rows):
        row[4].value = index + 2
        row[5].value = answers[index]
        row[6].value = f"Arvio {index}\nToinen rivi"
    response = upload(client, assignment, workbook, language)
    assert response.status_code == 302
    ratings = Rating.objects.filter(round=assignment.round).order_by("score")
    assert [(r.score, r.achieved) for r in ratings] == [(2, "yes"), (3, "partly"), (4, "no")]
    assert ratings[0].verbal_evaluation_fi == "Arvio 0\nToinen rivi"
    assert ratings[0].rated_by == people["official"]

    # The next download carries the saved values and their versions.
    again = download(client, assignment).active
    assert [row[4].value for row in again.iter_rows(min_row=2)] == [2, 3, 4]
    assert [row[1].value for row in again.iter_rows(min_row=2)] == [1, 1, 1]


def test_every_bad_row_is_reported_and_nothing_saved(client, people, assignment, language):
    login(client, people["official"])
    workbook = download(client, assignment)
    sheet = workbook.active
    sheet["E2"] = 4  # a good row: must not be saved while others are bad
    sheet["E3"] = 9
    sheet["F4"] = "ehkä"
    sheet.append(["goal-999999", 0, "", "", 3, "", "", ""])
    sheet["G2"] = "x" * 8001
    response = upload(client, assignment, workbook, language)
    assert response.status_code == 400
    body = response.content.decode()
    row = {"fi": "Rivi", "sv": "Rad"}[language]
    for number in (2, 3, 4, 5):
        assert f"{row} {number}:" in body
    assert not Rating.objects.filter(round=assignment.round).exists()


@pytest.mark.parametrize(
    "content",
    [b"not a spreadsheet at all", b"PK\x03\x04broken zip", b""],
    ids=["text", "broken-zip", "empty"],
)
def test_a_broken_file_gets_a_clear_message(client, people, assignment, content):
    login(client, people["official"])
    file = SimpleUploadedFile("arviot.xlsx", content, content_type=XLSX)
    response = client.post(url(assignment, "sv", "work:sheet_upload"), {"file": file})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ingenting sparades" in body
    assert not Rating.objects.filter(round=assignment.round).exists()


def test_a_file_with_other_columns_is_refused(client, people, assignment):
    login(client, people["official"])
    workbook = download(client, assignment)
    workbook.active["E1"] = "Pisteet"
    response = upload(client, assignment, workbook)
    assert response.status_code == 400
    assert "Lataa uusi kopio" in response.content.decode()


def test_an_outdated_file_conflicts(client, people, assignment):
    login(client, people["official"])
    stale = download(client, assignment)
    fresh = download(client, assignment)
    fresh.active["E2"] = 5
    assert upload(client, assignment, fresh).status_code == 302
    stale.active["E2"] = 1
    response = upload(client, assignment, stale)
    assert response.status_code == 409
    assert "Rivi 2:" in response.content.decode()
    assert Rating.objects.get(round=assignment.round).score == 5


def test_upload_is_refused_for_others_and_after_approval(client, people, assignment):
    login(client, people["official"])
    workbook = download(client, assignment)
    workbook.active["E2"] = 5
    login(client, people["other_official"])
    assert upload(client, assignment, workbook).status_code == 403
    assert client.get(url(assignment, "fi", "work:sheet_download")).status_code == 403
    assignment.state = "approved"
    assignment.save()
    login(client, people["official"])
    assert upload(client, assignment, workbook).status_code == 403
    assert not Rating.objects.filter(round=assignment.round).exists()


def test_text_that_looks_like_a_formula_stays_text(client, people, assignment):
    login(client, people["official"])
    workbook = download(client, assignment)
    workbook.active["G2"] = '=HYPERLINK("http://example.com")'
    workbook.active["G2"].data_type = "s"
    assert upload(client, assignment, workbook).status_code == 302
    again = download(client, assignment).active
    assert again["G2"].data_type == "s"
    assert again["G2"].value == '=HYPERLINK("http://example.com")'
