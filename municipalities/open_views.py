"""Answering an anonymous survey through its open link (``/fi/kyselyt/<key>/vastaa/``).

One page, submitted whole: nothing is kept between visits and nothing ties the response to
the person (no session, no address stored). Floods are held back by a cap on responses, the
answering window and a limit per client address (``open_link.py``).
"""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from luvn.client_ip import client_ip
from municipalities import selectors, services
from municipalities.answer_views import token_page
from municipalities.forms import AnswerForm
from municipalities.models import Audience, Survey, SurveyResponse
from municipalities.selectors import sheet_items

STATUS_TEXTS = {
    "not_open": (
        403,
        gettext_lazy("The survey has not opened yet"),
    ),
    "closed": (410, gettext_lazy("The survey has closed")),
    "full": (410, gettext_lazy("The survey has received all the responses it takes")),
    "rate": (429, gettext_lazy("Too many responses from your network")),
}


def _status(survey: Survey) -> str:
    """Whether the link takes answers now: ``open``, ``not_open``, ``closed`` or ``full``."""
    today = timezone.localdate()
    if not survey.has_opened(today):
        return "not_open"
    if not survey.is_open_on(today):
        return "closed"
    if (
        survey.response_cap is not None
        and SurveyResponse.objects.filter(survey=survey).count() >= survey.response_cap
    ):
        return "full"
    return "open"


def _render(request, survey, *, status="open", form=None, sheet=None, incomplete=(), code=200):
    if status != "open":
        code, title = STATUS_TEXTS[status]
        return render(
            request,
            "municipalities/open_answer.html",
            {"survey": survey, "status": status, "status_title": title},
            status=code,
        )
    sheet = sheet if sheet is not None else selectors.answer_sheet(survey=survey, response=None)
    items = sheet_items(sheet)
    form = form or AnswerForm(items=items)
    form.bind_fields()
    missing = {question.pk for question in incomplete}
    for item in items:
        item.missing = item.question.pk in missing
    return render(
        request,
        "municipalities/open_answer.html",
        {
            "survey": survey,
            "status": status,
            "sheet": sheet,
            "items": items,
            "form": form,
            "incomplete": [item for item in items if item.missing],
            "sent": request.GET.get("sent") == "1",
        },
        status=code,
    )


@never_cache
@token_page
@require_http_methods(["GET", "POST"])
def open_answer(request, key):
    survey = get_object_or_404(Survey, key=key, audience=Audience.OPEN_LINK)
    status = _status(survey)
    if request.method == "GET" or status != "open":
        if request.GET.get("sent") == "1" and request.method == "GET":
            return _render(request, survey, sheet=[])
        return _render(request, survey, status=status)

    sheet = selectors.answer_sheet(survey=survey, response=None)
    form = AnswerForm(request.POST, items=sheet_items(sheet))
    if not form.is_valid():
        return _render(request, survey, sheet=sheet, form=form, code=400)
    try:
        services.open_response_submit(
            survey=survey,
            inputs=form.inputs(every=True),
            language=get_language(),
            client=client_ip(request),
        )
    except services.ResponseIncomplete as incomplete:
        return _render(
            request, survey, sheet=sheet, form=form, incomplete=incomplete.questions, code=400
        )
    except services.ResponseCapReached:
        return _render(request, survey, status="full")
    except services.TooManyResponses:
        return _render(request, survey, status="rate")
    except services.AnsweringRefused:
        # Closed (or no longer an open link) between the check above and the locked write.
        now = _status(survey)
        return _render(request, survey, status=now if now != "open" else "closed")
    return redirect(f"{request.path}?sent=1")
