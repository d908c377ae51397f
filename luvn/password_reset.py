"""Forgotten passwords: Django's password-reset views, the e-mail in the user's own language.

The e-mail goes only to an active account with a usable password and that address; the page
says the same whether or not an account exists. What was sent is logged like the workflow's
e-mails (admin: *Sent e-mails*).
"""

import logging

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import path, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from evaluations.models import NotificationKind, NotificationLog, user_language
from luvn.client_ip import client_ip
from luvn.throttle import Throttle

logger = logging.getLogger(__name__)

# Requests per client address and per e-mail address an hour: enough for a typo and a retry,
# too few to flood someone's mailbox or to make the app a mail cannon (``luvn.throttle``).
PER_ADDRESS = Throttle("password-reset-client", 10, 3600)
PER_ACCOUNT = Throttle("password-reset-account", 3, 3600)


class PasswordResetForm(auth_forms.PasswordResetForm):
    def get_users(self, email):
        # Past the account's limit nothing more is sent, and the page says the same as always:
        # nothing tells whether the address has an account.
        if not PER_ACCOUNT.take(email.strip().lower()):
            return iter(())
        return super().get_users(email)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context["user"]
        language = user_language(user)
        with translation.override(language):
            # Django's own send_mail logs a failure and hides it; built here to record it too.
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
            message = EmailMultiAlternatives(subject, body, from_email, [to_email])
            if html_email_template_name is not None:
                message.attach_alternative(
                    render_to_string(html_email_template_name, context), "text/html"
                )
        try:
            message.send()
        except OSError:  # smtplib's errors too: the page stays the same, the log says it
            logger.exception("password-reset e-mail to user %s failed", user.pk)
            failed = True
        else:
            failed = False
        NotificationLog.objects.create(
            kind=NotificationKind.PASSWORD_RESET,
            recipient=user,
            email=to_email,
            language=language,
            subject="",
            failed=failed,
        )


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        if not PER_ADDRESS.take(client_ip(self.request)):
            form.add_error(
                None,
                ValidationError(
                    _("Too many requests from your network. Try again in an hour."),
                    code="throttled",
                ),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


urlpatterns = [
    path(pgettext_lazy("URL", "password/"), PasswordResetView.as_view(), name="password_reset"),
    path(
        pgettext_lazy("URL", "password/sent/"),
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        pgettext_lazy("URL", "password/new/<uidb64>/<token>/"),
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        pgettext_lazy("URL", "password/done/"),
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
