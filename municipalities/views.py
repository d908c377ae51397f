from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from evaluations.models import RoundState
from evaluations.open_data import evaluation as evaluation_open_data
from luvn.page_cache import cached_page
from municipalities import open_data, selectors


def _published_survey(key):
    return get_object_or_404(selectors.survey_list_published(), key=key)


def survey_results(request, key):
    survey = _published_survey(key)

    def page():
        return render(
            request,
            "municipalities/survey_results.html",
            {
                "results": selectors.survey_results(survey=survey, public=True),
                "findings": selectors.survey_findings(survey=survey),
                "file_links": [
                    (export_format, f"{request.path}tulokset.{export_format}")
                    for export_format in evaluation_open_data.FORMATS
                ],
            },
        )

    # Answers in a round not yet published (a practice survey shown to the public) do not
    # renew the content generation: such a page is rendered afresh each time. Nor does a
    # survey's closing, which makes its means public: an open survey's page is not cached.
    if survey.round.state != RoundState.PUBLISHED or survey.is_still_answered_on(
        timezone.localdate()
    ):
        return page()
    return cached_page(request, page)


def survey_results_file(request, key, export_format):
    """The survey's results as open data (``tulokset.csv``, ``tulokset.json``)."""
    survey = _published_survey(key)
    if export_format not in evaluation_open_data.FORMATS:
        raise Http404
    rows = open_data.survey_rows(survey=survey, request=request)
    if export_format == "csv":
        content = evaluation_open_data.render_csv(open_data.DATASET, rows)
    else:
        content = evaluation_open_data.render_json(open_data.DATASET, rows, round=survey.round)
    response = HttpResponse(content, content_type=evaluation_open_data.FORMATS[export_format])
    filename = f"{survey.key}-{open_data.DATASET.slug}.{export_format}"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
