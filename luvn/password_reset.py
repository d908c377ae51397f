"""Forgotten passwords: Django's password-reset views, the e-mail in the user's own language.

The e-mail goes only to an active account with a usable password and that address; the page
says the same whether or not an account exists. What was sent is logged like the workflow's
e-mails (admin: *Sent e-mails*).
"""

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.utils import translation
from django.utils.translation import pgettext_lazy

from evaluations.models import NotificationKind, NotificationLog
from evaluations.notifications import user_language


class PasswordResetForm(auth_forms.PasswordResetForm):
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
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )
        NotificationLog.objects.create(
            kind=NotificationKind.PASSWORD_RESET,
            recipient=user,
            email=to_email,
            language=language,
            subject="",
        )


urlpatterns = [
    path(
        pgettext_lazy("URL", "password/"),
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm, success_url=reverse_lazy("password_reset_done")
        ),
        name="password_reset",
    ),
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
