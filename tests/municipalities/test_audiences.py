"""Anonymous audiences: named respondents with single-use links, and the open link.

NPS and threshold shares against hand-computed cases, group results only from the minimum
group size, no page, data file, report or admin page that ties an answer to a named person,
the respondent import, the open link's limits and reminders only to those who have not answered.
"""

import io
import itertools
import json
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook

from evaluations.models import EvaluationRound
from evaluations.reports.evaluation import report_html
from luvn import stats
from municipalities import open_data, open_link, selectors, services
from municipalities.models import (
    Answer,
    Question,
    QuestionOption,
    Respondent,
    ResponseStatus,
    Survey,
    SurveyResponse,
)
from municipalities.respondents import RespondentImportError, respondents_import
from tests.municipalities.builders import (
    add_respondent,
    make_anonymous_survey,
    open_url,
    respond_confirm_url,
    respond_url,
)
from tests.support import localized_path

pytestmark = pytest.mark.django_db


def answers(s1="4", nps="9", used=("county",), text="", party=None) -> dict:
    data = {"answer-s1": s1, "answer-nps": nps, "answer-used": list(used), "answer-open1": text}
    if party:
        data["answer-party"] = party
    return data


def answer_as(client, survey, respondent, **kwargs) -> str:
    """The respondent answers through a new single-use link and submits; returns the token."""
    _invitation, token = services.invitation_issue(survey=survey, respondent=respondent)
    response = client.post(respond_url(token), {**answers(**kwargs), "action": "submit"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.post(respond_confirm_url(token)).status_code == 302
    return token


# NPS and the share at or above a threshold -----------------------------------------------------


def test_nps_and_threshold_share_of_a_hand_computed_case():
    # 10, 9, 9, 10 promote (4); 8, 7 are passive (2); 6, 5, 0, 3 detract (4): NPS 40 − 40 = 0.
    scores = [10, 9, 9, 8, 7, 6, 5, 0, 10, 3]
    assert stats.nps(scores) == Decimal(0)
    assert stats.share_at_least(scores, 7) == Decimal(60)  # 10, 9, 9, 8, 7, 10
    # 14 promoters, 15 passives, 6 detractors of 35: (14 − 6) / 35 = 22,857… points.
    scores = [9] * 14 + [7] * 15 + [6] * 6
    assert stats.nps(scores) == Decimal(800) / Decimal(35)
    assert round(stats.nps(scores)) == 23
    assert stats.share_at_least(scores, 7) == Decimal(100 * 29) / Decimal(35)
    assert stats.nps([]) is None and stats.share_at_least([], 7) is None
    assert stats.nps([0, 1, 2]) == Decimal(-100) and stats.nps([9, 10]) == Decimal(100)


def test_results_of_a_survey_give_nps_components_distribution_and_choices(client):
    survey = make_anonymous_survey(audience="respondents", results_public=True)
    given = [("10", ("county",)), ("9", ("county", "service")), ("7", ()), ("3", ("service",))]
    for n, (score, used) in enumerate(given, start=1):
        answer_as(client, survey, add_respondent(survey, n), nps=score, used=used)
    add_respondent(survey, 99)  # invited, has not answered

    results = selectors.survey_results(survey=survey)
    nps = results.recommend_questions[0]
    assert (nps.n, nps.promoters, nps.passives, nps.detractors) == (4, 2, 1, 1)
    assert nps.nps == Decimal(25)  # 50 % − 25 %
    assert nps.share_at_threshold == Decimal(75)  # 10, 9, 7
    assert nps.mean == Decimal("7.25")
    assert nps.distribution[10] == 1 and nps.distribution[0] == 0 and len(nps.distribution) == 11
    used = next(r for r in results.questions if r.question.key == "used")
    rows = {option.key: (count, share) for option, count, share in used.option_rows}
    # Three respondents chose something; the shares are of them (and may add up over 100).
    assert used.choice_respondents == 3
    assert rows == {"county": (2, Decimal(200) / 3), "service": (2, Decimal(200) / 3)}
    assert (results.invited, results.responded) == (5, 4)
    assert results.response_rate == Decimal(80)

    page = client.get(f"/fi/kyselyt/{survey.key}/").content.decode()
    assert "4/5 kutsutusta vastaajasta vastasi (80 %)" in page


# Minimum group size ----------------------------------------------------------------------------


def test_a_group_of_four_is_not_shown_apart_nor_the_group_that_would_give_it_away(client):
    survey = make_anonymous_survey(audience="open_link", results_public=True)
    for party, count in (("vpk", 5), ("town", 4)):
        for _ in range(count):
            data = answers(party=party, nps="10" if party == "town" else "5")
            assert client.post(open_url(survey), data).status_code == 302
    results = selectors.survey_results(survey=survey)
    # All nine minus the five of vpk would be the town's four (its NPS 100), under the minimum
    # of five: so vpk is held back too, and the totals cover all nine.
    assert [(g.key, g.n, g.shown) for g in results.groups] == [
        ("vpk", 5, False),
        ("town", 4, False),
    ]
    assert results.shown_groups == [] and results.hidden_group_count == 2
    assert results.recommend_questions[0].n == 9

    page = client.get(f"/fi/kyselyt/{survey.key}/").content.decode()
    assert 'class="group-result"' not in page
    assert "2 ryhmää ei näytetä erikseen" in page
    rows = json.loads(client.get(f"/fi/kyselyt/{survey.key}/tulokset.json").content)["rows"]
    assert {row["group"] for row in rows} == {""}


def test_a_larger_minimum_hides_every_group(client):
    survey = make_anonymous_survey(audience="open_link", min_group_size=6)
    for _ in range(5):
        client.post(open_url(survey), answers(party="vpk"))
    results = selectors.survey_results(survey=survey)
    assert results.shown_groups == [] and results.hidden_group_count == 1


# Named respondents: nothing ties an answer to a person ----------------------------------------


def test_the_response_row_cannot_refer_to_a_respondent():
    fields = [f for f in SurveyResponse._meta.concrete_fields if f.related_model is Respondent]
    assert fields == []


def test_no_page_export_report_or_admin_page_shows_who_answered_what(client, admin_client):
    survey = make_anonymous_survey(audience="respondents", results_public=True)
    people = [add_respondent(survey, n, group="Ikäihmiset") for n in range(1, 6)]
    for person in people:
        answer_as(client, survey, person, text=f"Salainen vastaus {person.pk}")
    for person in people:
        person.refresh_from_db()
        assert person.answered and person.draft_id is None

    identities = [s for p in people for s in (p.name, p.email)]
    pages = {
        "results": client.get(f"/fi/kyselyt/{survey.key}/").content.decode(),
        "csv": client.get(f"/fi/kyselyt/{survey.key}/tulokset.csv").content.decode(),
        "json": client.get(
            localized_path("sv", f"/kyselyt/{survey.key}/tulokset.json")
        ).content.decode(),
        "report": report_html(round=survey.round, language="fi"),
        "responses": admin_client.get("/fi/admin/municipalities/surveyresponse/").content.decode(),
    }
    response = SurveyResponse.objects.filter(survey=survey).first()
    pages["response"] = admin_client.get(
        f"/fi/admin/municipalities/surveyresponse/{response.pk}/change/"
    ).content.decode()
    for name, text in pages.items():
        assert not [i for i in identities if i in text], name
    for name in ("results", "csv", "report", "response"):
        assert "Salainen vastaus" in pages[name], name
    # The answers are there, grouped only by the group.
    assert set(SurveyResponse.objects.filter(survey=survey).values_list("group", flat=True)) == {
        "Ikäihmiset"
    }


def test_a_single_use_link_refuses_a_second_answer(client):
    survey = make_anonymous_survey(audience="respondents")
    person = add_respondent(survey, 1)
    token = answer_as(client, survey, person, s1="4")
    again = client.post(respond_url(token), {**answers(s1="1"), "action": "save"})
    assert again.status_code == 409
    assert client.post(respond_confirm_url(token)).status_code == 409
    assert client.get(respond_url(token)).status_code == 200
    assert list(
        Answer.objects.filter(question__key="s1", response__survey=survey).values_list(
            "score", flat=True
        )
    ) == [4]
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    # A new link (e.g. a reminder sent by mistake) does not open it again either.
    _invitation, new_token = services.invitation_issue(survey=survey, respondent=person)
    assert client.post(respond_url(new_token), {**answers(), "action": "save"}).status_code == 409


def test_a_respondent_saves_a_draft_and_resumes_it(client):
    survey = make_anonymous_survey(audience="respondents")
    person = add_respondent(survey, 1, language="sv")
    _invitation, token = services.invitation_issue(survey=survey, respondent=person)
    data = {"answer-s1": "3", "answer-used": ["service"], "action": "save"}
    assert client.post(respond_url(token, "sv"), data).status_code == 302
    page = client.get(respond_url(token, "sv")).content.decode()
    assert 'value="3" checked' in page.replace('checked=""', "checked") or 'value="3"' in page
    person.refresh_from_db()
    draft = person.draft
    assert draft.status == ResponseStatus.DRAFT
    assert {a.question.key for a in draft.answers.all()} == {"s1", "used"}
    # Submitting without the required 0–10 answer: saved, not submitted.
    submit = client.post(respond_url(token, "sv"), {"action": "submit"})
    assert submit.status_code == 400
    person.refresh_from_db()
    assert not person.answered and person.draft_id == draft.pk


# Importing respondents -------------------------------------------------------------------------


def csv_upload(text: str, name="vastaajat.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_an_import_with_bad_or_duplicate_e_mails_lists_them_by_row_and_imports_nothing():
    survey = make_anonymous_survey(audience="respondents")
    text = (
        "nimi;sähköposti;kieli;ryhmä\n"
        "Anna Esimerkki;anna@example.fi;fi;Ikäihmiset\n"
        "Bo Exempel;ANNA@example.fi;sv;Ikäihmiset\n"
        "Cecilia;ei-osoite;fi;\n"
        "Daniel;daniel@example.fi;de;\n"
    )
    with pytest.raises(RespondentImportError) as error:
        respondents_import(survey=survey, upload=csv_upload(text), actor=None)
    errors = error.value.errors
    assert len(errors) == 3
    # Listed by row (the UI language here is Finnish: "Rivi" is "Row").
    assert errors[0].startswith("Rivi 3") and "anna@example.fi" in errors[0]
    assert errors[1].startswith("Rivi 4") and "ei-osoite" in errors[1]
    assert errors[2].startswith("Rivi 5") and "de" in errors[2]
    assert not Respondent.objects.filter(survey=survey).exists()


def test_an_xlsx_import_adds_everyone_and_a_second_import_of_the_same_address_is_refused():
    survey = make_anonymous_survey(audience="respondents")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "E-mail", "Language", "Group"])
    sheet.append(["Anna Esimerkki", "anna@example.fi", "suomi", "Ikäihmiset"])
    sheet.append(["Bo Exempel", "bo@example.fi", "svenska", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("list.xlsx", buffer.getvalue())
    added = respondents_import(survey=survey, upload=upload, actor=None)
    assert [(r.name, r.language, r.group) for r in added] == [
        ("Anna Esimerkki", "fi", "Ikäihmiset"),
        ("Bo Exempel", "sv", ""),
    ]
    again = csv_upload("name,email,language\nUusi,uusi@example.fi,fi\nBo,BO@example.fi,sv\n")
    with pytest.raises(RespondentImportError) as error:
        respondents_import(survey=survey, upload=again, actor=None)
    assert len(error.value.errors) == 1 and error.value.errors[0].startswith("Rivi 3")
    assert Respondent.objects.filter(survey=survey).count() == 2


def test_an_import_renews_the_cached_pages_the_response_rate_is_on():
    from luvn.content_generation import content_generation

    survey = make_anonymous_survey(audience="respondents")  # of the published round 2024
    before = content_generation()
    respondents_import(
        survey=survey,
        upload=csv_upload("name,email,language\nAnna,anna@example.fi,fi\n"),
        actor=None,
    )
    assert content_generation() != before  # bulk_create sends no signals: renewed by hand


def test_an_xlsx_import_goes_through_the_shared_checks_a_formula_is_a_row_error():
    survey = make_anonymous_survey(audience="respondents")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "E-mail", "Language"])
    sheet.append(["Anna Esimerkki", "anna@example.fi", "suomi"])
    sheet.append(["Bo Exempel", '=HYPERLINK("http://example.com")', "svenska"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(RespondentImportError) as error:
        respondents_import(
            survey=survey, upload=SimpleUploadedFile("l.xlsx", buffer.getvalue()), actor=None
        )
    assert len(error.value.errors) == 1 and error.value.errors[0].startswith("Rivi 3")
    assert "B" in error.value.errors[0]  # the column holding the formula is named
    assert not Respondent.objects.filter(survey=survey).exists()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("list.xlsx", b"not a workbook"),
        SimpleUploadedFile("list.pdf", b"%PDF"),
        SimpleUploadedFile("list.csv", b"nimi;kieli\nA;fi\n"),
    ],
    ids=["broken-xlsx", "pdf", "no-email-column"],
)
def test_an_unreadable_file_is_refused_as_a_whole(upload):
    survey = make_anonymous_survey(audience="respondents")
    with pytest.raises(RespondentImportError):
        respondents_import(survey=survey, upload=upload, actor=None)
    assert not Respondent.objects.filter(survey=survey).exists()


def test_the_admin_imports_respondents_from_a_file(admin_client):
    survey = make_anonymous_survey(audience="respondents")
    url = "/fi/admin/municipalities/survey/"
    data = {"action": "import_respondents", "_selected_action": [survey.pk]}
    assert admin_client.post(url, data).status_code == 200
    bad = admin_client.post(
        url, {**data, "apply": "1", "file": csv_upload("nimi,sähköposti,kieli\nA,x,fi\n")}
    )
    assert (bad.status_code == 200 and "Row 2" in bad.content.decode()) or "Rivi 2" in (
        bad.content.decode()
    )
    assert not Respondent.objects.filter(survey=survey).exists()
    good = admin_client.post(
        url,
        {**data, "apply": "1", "file": csv_upload("nimi,sähköposti,kieli\nA,a@example.fi,fi\n")},
    )
    assert good.status_code == 302
    assert Respondent.objects.filter(survey=survey).count() == 1


# Sending ---------------------------------------------------------------------------------------


def test_reminders_go_only_to_those_who_have_not_answered_in_their_language(client):
    survey = make_anonymous_survey(audience="respondents")
    answered = add_respondent(survey, 1)
    finnish = add_respondent(survey, 2)
    swedish = add_respondent(survey, 3, language="sv")
    answer_as(client, survey, answered)
    report = services.reminders_send(
        survey=survey, base_url="https://strategia.example.fi", actor=None
    )
    assert sorted(r.pk for r in report.sent) == [finnish.pk, swedish.pk]
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {finnish.email, swedish.email}
    assert "/fi/kyselyt/vastaa/" in by_address[finnish.email].body
    assert "/sv/enkater/svara/" in by_address[swedish.email].body
    # Nothing is sent once the survey has closed.
    mail.outbox.clear()
    Survey.objects.filter(pk=survey.pk).update(
        closes_on=timezone.localdate() - timezone.timedelta(1)
    )
    survey.refresh_from_db()
    assert (
        services.reminders_send(survey=survey, base_url="https://x.example", actor=None).sent == []
    )
    assert mail.outbox == []


def test_invitations_of_an_open_link_survey_go_to_nobody():
    survey = make_anonymous_survey(audience="open_link")
    assert (
        services.invitations_send(survey=survey, base_url="https://x.example", actor=None).sent
        == []
    )
    assert mail.outbox == []


# The open link ---------------------------------------------------------------------------------


def test_the_open_link_takes_a_whole_response_or_nothing(client):
    survey = make_anonymous_survey(audience="open_link")
    assert client.get(open_url(survey, "sv")).status_code == 200
    incomplete = client.post(open_url(survey), {"answer-s1": "4", "answer-party": "vpk"})
    assert incomplete.status_code == 400
    assert "#question-nps" in incomplete.content.decode()
    tampered = client.post(open_url(survey), answers(party="vpk", nps="11"))
    assert tampered.status_code == 400
    assert not SurveyResponse.objects.filter(survey=survey).exists()
    done = client.post(open_url(survey), answers(party="town", text="<b>Kiitos</b>"))
    assert done.status_code == 302 and done["Location"].endswith("?sent=1")
    response = SurveyResponse.objects.get(survey=survey)
    assert (response.status, response.group, response.municipality_id) == (
        "submitted",
        "town",
        None,
    )
    assert client.get(done["Location"]).status_code == 200


def test_the_open_link_past_its_cap_says_so_and_saves_nothing(client):
    survey = make_anonymous_survey(audience="open_link", response_cap=1)
    assert client.post(open_url(survey), answers(party="vpk")).status_code == 302
    page = client.get(open_url(survey))
    assert page.status_code == 410
    refused = client.post(open_url(survey), answers(party="vpk"))
    assert refused.status_code == 410
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_the_open_link_past_its_deadline_or_before_it_opens_saves_nothing(client):
    today = timezone.localdate()
    closed = make_anonymous_survey(
        audience="open_link",
        opens_on=today - timezone.timedelta(10),
        closes_on=today - timezone.timedelta(1),
    )
    assert client.get(open_url(closed)).status_code == 410
    assert client.post(open_url(closed), answers(party="vpk")).status_code == 410
    future = make_anonymous_survey(audience="open_link", opens_on=today + timezone.timedelta(1))
    assert client.post(open_url(future), answers(party="vpk")).status_code == 403
    assert not SurveyResponse.objects.filter(survey__in=[closed, future]).exists()


def test_the_open_link_limits_responses_per_address(client, settings):
    settings.SURVEY_OPEN_LINK_RATE = (2, 3600)
    survey = make_anonymous_survey(audience="open_link")
    for _ in range(2):
        assert client.post(open_url(survey), answers(party="vpk")).status_code == 302
    limited = client.post(open_url(survey), answers(party="vpk"))
    assert limited.status_code == 429
    assert SurveyResponse.objects.filter(survey=survey).count() == 2
    other = client.post(open_url(survey), answers(party="vpk"), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302
    assert not open_link.budget_take(survey, "127.0.0.1")


def test_only_an_open_link_survey_has_an_open_link(client):
    survey = make_anonymous_survey(audience="respondents")
    assert client.get(open_url(survey)).status_code == 404


# Demo data: practice surveys, published figures ------------------------------------------------


def test_the_practice_surveys_are_public_and_labelled_as_practice(client):
    for key in ("supervisors-survey-2025-practice", "rescue-stakeholder-survey-2025-practice"):
        survey = Survey.objects.get(key=key)
        assert survey.is_practice and survey.round.key == "eval-2025"
        assert survey.round.state != "published"
        for lang in ("fi", "sv"):
            page = client.get(localized_path(lang, f"/kyselyt/{key}/"))
            assert page.status_code == 200
            assert 'class="practice-banner"' in page.content.decode()
        rows = json.loads(client.get(f"/fi/kyselyt/{key}/tulokset.json").content)["rows"]
        assert rows and all(row["practice"] is True for row in rows)
    supervisors = selectors.survey_results(
        survey=Survey.objects.get(key="supervisors-survey-2025-practice")
    )
    # The demo's smallest group (3 answers) is not shown apart, nor the next smallest: the
    # totals minus the one group shown would otherwise give the three away.
    assert [(g.n, g.shown) for g in supervisors.groups] == [(6, True), (5, False), (3, False)]
    assert supervisors.invited == 20 and supervisors.responded == 14


def test_the_2024_published_figures_stay_marked_as_published(client):
    survey = Survey.objects.get(key="rescue-stakeholder-survey-2024")
    assert (survey.published_nps, survey.published_respondents, survey.is_practice) == (
        22,
        35,
        False,
    )
    page = client.get(f"/fi/kyselyt/{survey.key}/").content.decode()
    assert "practice-banner" not in page and 'class="published-marker"' in page


def test_a_survey_of_an_unpublished_round_is_not_public_unless_opened(client):
    survey = make_anonymous_survey(
        audience="open_link", round=EvaluationRound.objects.get(key="eval-2025")
    )
    assert client.get(f"/fi/kyselyt/{survey.key}/").status_code == 404
    Survey.objects.filter(pk=survey.pk).update(results_public=True)
    assert client.get(f"/fi/kyselyt/{survey.key}/").status_code == 200


def test_the_commands_invite_and_remind_named_respondents():
    survey = make_anonymous_survey(audience="respondents")
    first, second = add_respondent(survey, 1), add_respondent(survey, 2, language="sv")
    out = io.StringIO()
    call_command(
        "send_survey_invitations", survey.key, "--base-url", "https://x.example", stdout=out
    )
    assert "(2)" in out.getvalue() and first.name in out.getvalue()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])
    swedish = next(m for m in mail.outbox if m.to[0] == second.email)
    assert "/sv/enkater/svara/" in swedish.body and first.name not in swedish.body
    Respondent.objects.filter(pk=first.pk).update(answered=True)
    mail.outbox.clear()
    call_command("send_survey_reminders", survey.key, "--base-url", "https://x.example", stdout=out)
    assert [m.to[0] for m in mail.outbox] == [second.email]


def test_the_admin_pages_of_respondents_options_and_anonymous_responses(admin_client, client):
    survey = make_anonymous_survey(audience="respondents")
    person = add_respondent(survey, 1)
    answer_as(client, survey, person)
    question = survey.questions.get(key="used")
    for url in (
        "/fi/admin/municipalities/respondent/",
        f"/fi/admin/municipalities/respondent/{person.pk}/change/",
        localized_path("sv", f"/admin/municipalities/question/{question.pk}/change/"),
        f"/fi/admin/municipalities/survey/{survey.pk}/change/",
        "/fi/admin/municipalities/invitation/",
    ):
        assert admin_client.get(url).status_code == 200, url
    page = admin_client.get(
        localized_path("sv", f"/admin/municipalities/question/{question.pk}/change/")
    )
    assert "Servicestrategin" in page.content.decode()


def test_a_copy_keeps_the_audience_the_question_kinds_and_the_options():
    survey = make_anonymous_survey(audience="open_link", response_cap=50, min_group_size=7)
    copy = services.survey_copy(survey=survey, key=services.survey_copy_key(survey), actor=None)
    assert (copy.audience, copy.response_cap, copy.min_group_size) == ("open_link", 50, 7)
    party = copy.questions.get(key="party")
    assert party.is_group_question and party.kind == "single"
    assert [o.text_sv for o in party.options.all()] == ["Avtalsbrandkår", "Kommun"]
    assert not copy.responses.exists()


def test_the_results_page_of_an_anonymous_survey_makes_the_same_queries_for_more_answers(
    client, django_assert_max_num_queries
):
    counts = []
    for responses in (5, 15):
        survey = make_anonymous_survey(audience="open_link", results_public=True)
        for n in range(responses):
            data = answers(party="vpk" if n % 2 else "town", used=("county", "service"))
            assert client.post(open_url(survey), {**data, "answer-open1": f"T{n}"}).status_code
        url = f"/fi/kyselyt/{survey.key}/"
        with django_assert_max_num_queries(20) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_front_page_links_the_practice_surveys(client):
    page = client.get(localized_path("sv", "/")).content.decode()
    for key in ("supervisors-survey-2025-practice", "rescue-stakeholder-survey-2025-practice"):
        assert localized_path("sv", f"/kyselyt/{key}/") in page


@pytest.mark.parametrize(
    "sizes",
    [(5, 4), (6, 4, 1), (5, 5, 4), (9, 3, 2), (7, 6, 1), (4,), (3, 1), (12, 8, 5), (5, 5)],
)
def test_no_difference_of_published_figures_recovers_a_group_under_the_minimum(sizes):
    """Every figure the open data publishes (totals and groups shown), and every difference of
    the totals and any set of groups shown, counts either nobody or at least the minimum."""
    survey = make_anonymous_survey(audience="open_link", results_public=True)
    party = Question.objects.get(survey=survey, key="party")
    for extra in ("c", "d"):
        QuestionOption.objects.create(question=party, key=extra, order=9, text_fi=extra)
    options = {o.key: o for o in party.options.all()}
    questions = {q.key: q for q in Question.objects.filter(survey=survey)}
    for key, size in zip(("vpk", "town", "c"), sizes, strict=False):
        for n in range(size):
            services.open_response_submit(
                survey=survey,
                inputs=[
                    services.AnswerInput(question=party, options=(options[key],)),
                    services.AnswerInput(question=questions["s1"], score=1 + n % 5),
                    services.AnswerInput(question=questions["nps"], score=n % 11),
                ],
                language="fi",
                client=f"192.0.2.{n}",
            )
    minimum = survey.min_group_size
    rows = list(open_data.survey_rows(survey=survey))

    def counts(group: str) -> dict:
        """Per question its n and score counts as published for ``group`` ("" = totals)."""
        published = {}
        for row in rows:
            if row["group"] != group or row["question"] not in ("s1", "nps"):
                continue
            if row["row"] == "question":
                published[(row["question"], "n")] = row["n"] or 0
            elif row["row"] == "score":
                published[(row["question"], row["score"])] = row["count"]
        return published

    totals = counts("")
    shown = sorted({row["group"] for row in rows if row["group"]})
    for size in range(len(shown) + 1):
        for subset in itertools.combinations(shown, size):
            rest = dict(totals)
            for group in subset:
                for cell, count in counts(group).items():
                    rest[cell] = rest.get(cell, 0) - count
            for (question, cell), count in rest.items():
                assert count >= 0
                if cell == "n":
                    assert count == 0 or count >= minimum, (sizes, subset, question, count)
    # A group under the minimum is never published apart, and what is left always reaches it.
    published_sizes = [g.n for g in selectors.survey_results(survey=survey).shown_groups]
    assert all(n >= minimum for n in published_sizes)
    rest = sum(sizes) - sum(published_sizes)
    if totals.get(("s1", "n")):
        assert rest == 0 or rest >= minimum
    else:  # withheld: all together are under the minimum
        assert sum(sizes) < minimum
