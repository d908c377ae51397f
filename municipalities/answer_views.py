"""A municipality's contact answers a survey through the personal link of an invitation.

No account: the token in the address is the key. Every page of a token (also its error pages)
is kept out of search engines and shared caches and sends no Referer, so the token does not
leak; nothing tells whether some other token exists.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from luvn.client_ip import client_ip
from luvn.throttle import Throttle
from municipalities import selectors, services
from municipalities.forms import AnswerForm
from municipalities.models import Invitation, InvitationState
from municipalities.selectors import AnsweringState, sheet_items

LINK_ERRORS = {
    "invalid": (
        404,
        gettext_lazy("This link does not work"),
        gettext_lazy(
            "The address is not a valid survey link. Check that you copied the whole address "
            "from the e-mail."
        ),
    ),
    InvitationState.EXPIRED: (
        410,
        gettext_lazy("This link has expired"),
        gettext_lazy("The survey link is no longer in use."),
    ),
    InvitationState.REVOKED: (
        410,
        gettext_lazy("This link is no longer valid"),
        gettext_lazy(
            "The link has been replaced by a newer one or cancelled. Use the link in the latest "
            "e-mail you have received about the survey."
        ),
    ),
    "guesses": (
        429,
        gettext_lazy("Too many addresses that do not work"),
        gettext_lazy(
            "Too many survey addresses that do not work were tried from your network. Try "
            "again in an hour, with the address copied whole from the e-mail."
        ),
    ),
}

# Addresses that are no link, per client an hour: a few mistyped copies, not a search.
TOKEN_GUESSES = Throttle("token-guess", 20, 3600)


def token_page(view):
    """Headers for every response of a page whose address holds a token.

    Not indexed, not cached, and the address (with its token) is never sent to another site
    as a referrer. ``same-origin`` rather than ``no-referrer``: with the latter, browsers post
    the form with ``Origin: null``, which Django's CSRF check rightly refuses.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "no-store, private"
        response["Referrer-Policy"] = "same-origin"
        return response

    return wrapped


def _url(invitation, page: str, token: str) -> str:
    """The answering (or confirming) page of the link: a named respondent's has its own address."""
    names = {
        ("answer", False): "municipalities:answer",
        ("confirm", False): "municipalities:answer_confirm",
        ("answer", True): "municipalities:respond",
        ("confirm", True): "municipalities:respond_confirm",
    }
    return reverse(names[page, invitation.respondent_id is not None], kwargs={"token": token})


def _link_error(request, reason):
    status, title, text = LINK_ERRORS[reason]
    return render(
        request,
        "municipalities/answer_error.html",
        {"title": title, "text": text},
        status=status,
    )


def _valid_invitation(request, token) -> tuple[Invitation | None, object]:
    """The token's valid invitation, or the error page to answer with."""
    client = client_ip(request)
    if TOKEN_GUESSES.used_up(client):
        return None, _link_error(request, "guesses")
    invitation = selectors.invitation_get_by_token(token=token)
    if invitation is None:
        TOKEN_GUESSES.take(client)
        return None, _link_error(request, "invalid")
    state = invitation.state()
    if state != InvitationState.VALID:
        return None, _link_error(request, state)
    return invitation, None


REFUSALS = {
    services.AlreadySubmitted: gettext_lazy(
        "The answers have already been submitted and can no longer be changed."
    ),
    services.AnsweringClosed: gettext_lazy(
        "The answering time has ended: the answers can no longer be changed. Nothing was saved."
    ),
}


def _render_answer(
    request, invitation, *, form=None, sheet=None, notice="", incomplete=(), status=200
):
    """The answering page in whatever state the response is in."""
    survey = invitation.survey
    response = selectors.response_for_invitation(invitation=invitation)
    answering = selectors.invitation_answering_state(invitation=invitation, response=response)
    if sheet is None:
        sheet = selectors.answer_sheet(
            survey=survey,
            response=response,
            with_results=answering == AnsweringState.SUBMITTED and not invitation.respondent_id,
        )
    items = sheet_items(sheet)
    if form is None:
        form = AnswerForm(items=items)
    form.bind_fields()
    unanswered = form.unanswered()
    # On an untouched form every question is unanswered: marking them all would only be noise.
    started = form.is_bound or any(item.answered for item in items)
    for item in unanswered if started else ():
        item.missing = True
    personal_deadline = response.reopened_until if response else None
    if personal_deadline and survey.closes_on and personal_deadline <= survey.closes_on:
        personal_deadline = None  # within the survey's own window: nothing to add
    return render(
        request,
        "municipalities/answer.html",
        {
            "invitation": invitation,
            "survey": survey,
            "municipality": invitation.municipality,
            "anonymous": invitation.respondent_id is not None,
            "response": response,
            "answering": answering.value,
            "personal_deadline": personal_deadline,
            "closed_on": max(filter(None, [survey.closes_on, personal_deadline]), default=None),
            "sheet": sheet,
            "items": items,
            "form": form,
            "unanswered": unanswered,
            "started": started,
            "notice": notice,
            "incomplete": incomplete,
        },
        status=status,
    )


def _refused(request, invitation, refusal: services.AnsweringRefused):
    if isinstance(refusal, services.LinkNotValid):
        return _link_error(request, InvitationState.REVOKED)
    return _render_answer(
        request, invitation, notice=REFUSALS[type(refusal)], status=refusal.status
    )


@token_page
@require_http_methods(["GET", "POST"])
def answer(request, token):
    invitation, error = _valid_invitation(request, token)
    if error:
        return error
    if request.method == "GET":
        return _render_answer(request, invitation)

    survey = invitation.survey
    response = selectors.response_for_invitation(invitation=invitation)
    answering = selectors.invitation_answering_state(invitation=invitation, response=response)
    if answering == AnsweringState.SUBMITTED:
        return _refused(request, invitation, services.AlreadySubmitted())
    if answering != AnsweringState.OPEN:
        return _refused(request, invitation, services.AnsweringClosed())

    action = request.POST.get("action")
    # Without the saved answers: the posted form carries its own starting values (what it
    # shows and what changed), and the save reads the answers again, locked.
    sheet = selectors.answer_sheet(survey=survey, response=None)
    form = AnswerForm(request.POST, items=sheet_items(sheet))
    if action not in {"save", "submit"}:
        return _render_answer(
            request, invitation, sheet=sheet, form=form, notice=_("Unknown action."), status=400
        )
    if not form.is_valid():
        return _render_answer(request, invitation, sheet=sheet, form=form, status=400)
    try:
        response = services.response_save(
            invitation=invitation, inputs=form.inputs(), language=get_language()
        )
    except services.AnsweringRefused as refusal:
        return _refused(request, invitation, refusal)
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _render_answer(request, invitation, sheet=sheet, form=form, status=400)

    if action == "submit":
        questions = [item.question for item in sheet_items(sheet)]
        missing = services.response_missing(response=response, questions=questions)
        if missing:
            # The draft is saved; the page shows what is still needed before submitting.
            return _render_answer(request, invitation, incomplete=missing, status=400)
        return redirect(_url(invitation, "confirm", token))
    messages.success(request, _("Your answers were saved."))
    return redirect(request.path)


@token_page
@require_http_methods(["GET", "POST"])
def answer_confirm(request, token):
    """Submitting, after a last look at the answers: it cannot be undone."""
    invitation, error = _valid_invitation(request, token)
    if error:
        return error
    answer_url = _url(invitation, "answer", token)
    survey = invitation.survey
    response = selectors.response_for_invitation(invitation=invitation)
    answering = selectors.invitation_answering_state(invitation=invitation, response=response)
    if request.method == "POST":
        try:
            services.response_submit(invitation=invitation)
        except services.AnsweringRefused as refusal:
            return _refused(request, invitation, refusal)
        except services.ResponseIncomplete as incomplete:
            return _render_answer(request, invitation, incomplete=incomplete.questions, status=400)
        messages.success(request, _("Thank you! Your answers were submitted."))
        return redirect(answer_url)

    if answering != AnsweringState.OPEN:
        return redirect(answer_url)
    sheet = selectors.answer_sheet(survey=survey, response=response)
    if any(item.required and not item.answered for item in sheet_items(sheet)):
        return redirect(answer_url)
    return render(
        request,
        "municipalities/answer_confirm.html",
        {
            "invitation": invitation,
            "survey": survey,
            "municipality": invitation.municipality,
            "anonymous": invitation.respondent_id is not None,
            "sheet": sheet,
            "answer_url": answer_url,
        },
    )
