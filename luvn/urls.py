from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from luvn.forms import LoginForm
from luvn.views import health

# The admin carries the app's name in both languages, whichever language it is used in.
admin.site.site_header = "Strategioiden arviointi – Utvärdering av strategierna"
admin.site.site_title = admin.site.site_header
admin.site.index_title = _("Administration")

urlpatterns = [path("healthz", health, name="health")]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path(
        pgettext_lazy("URL", "login/"),
        auth_views.LoginView.as_view(form_class=LoginForm),
        name="login",
    ),
    path(pgettext_lazy("URL", "logout/"), auth_views.LogoutView.as_view(), name="logout"),
    path("", include("luvn.password_reset")),
    path(pgettext_lazy("URL", "work/"), include("evaluations.work_urls")),
    path("", include("evaluations.urls")),
    path("", include("municipalities.urls")),
    path("", include("strategy.urls")),
)
