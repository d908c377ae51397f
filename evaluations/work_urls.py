from django.urls import path
from django.utils.translation import pgettext_lazy

from evaluations.coordination import views as coordinator_views
from evaluations.followup import views as followup_work_views
from evaluations.workflow import views as work_views

app_name = "work"
urlpatterns = [
    path("", work_views.my_work, name="my_work"),
    path("<int:pk>/", work_views.rate, name="rate"),
    path(
        pgettext_lazy("URL", "<int:pk>/sheet.xlsx"),
        work_views.sheet_download,
        name="sheet_download",
    ),
    path(pgettext_lazy("URL", "<int:pk>/upload/"), work_views.sheet_upload, name="sheet_upload"),
    path(
        pgettext_lazy("URL", "follow-up/<int:pk>/"), followup_work_views.follow_up, name="follow_up"
    ),
    path(
        pgettext_lazy("URL", "follow-up/<int:pk>/sheet.xlsx"),
        followup_work_views.sheet_download,
        name="follow_up_sheet",
    ),
    path(
        pgettext_lazy("URL", "follow-up/<int:pk>/upload/"),
        followup_work_views.sheet_upload,
        name="follow_up_upload",
    ),
    path(pgettext_lazy("URL", "units/<slug:key>/"), followup_work_views.unit_actions, name="unit"),
    path(
        pgettext_lazy("URL", "units/<slug:key>/new/"),
        followup_work_views.unit_action_add,
        name="unit_action_add",
    ),
    path(pgettext_lazy("URL", "coordination/"), coordinator_views.dashboard, name="coordinator"),
    path(
        pgettext_lazy("URL", "coordination/status.xlsx"),
        coordinator_views.dashboard_export,
        name="coordinator_xlsx",
    ),
]
