from django.shortcuts import get_object_or_404, render

from luvn.page_cache import cache_public_page
from municipalities import selectors


@cache_public_page
def survey_results(request, key):
    survey = get_object_or_404(selectors.survey_list_published(), key=key)
    return render(
        request,
        "municipalities/survey_results.html",
        {
            "results": selectors.survey_results(survey=survey),
            "findings": selectors.survey_findings(survey=survey),
        },
    )
