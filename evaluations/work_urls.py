from django.urls import path
from django.utils.translation import pgettext_lazy

from evaluations import my_work
from evaluations.coordination import views as coordination_views
from evaluations.followup import views as followup_views
from evaluations.rating import views as rating_views
from evaluations.workflow import views as workflow_views

app_name = "work"
urlpatterns = [
    path("", my_work.my_work, name="my_work"),
    path("<int:pk>/", rating_views.rate, name="rate"),
    path(pgettext_lazy("URL", "<int:pk>/submit/"), rating_views.submit, name="submit"),
    path(
        pgettext_lazy("URL", "<int:pk>/sheet.xlsx"),
        rating_views.sheet_download,
        name="sheet_download",
    ),
    path(pgettext_lazy("URL", "<int:pk>/upload/"), rating_views.sheet_upload, name="sheet_upload"),
    # A decision on a section or a unit's update: one POST view each, for both kinds.
    path(
        pgettext_lazy("URL", "<int:pk>/approve/"), workflow_views.Approve.as_view(), name="approve"
    ),
    path(pgettext_lazy("URL", "<int:pk>/return/"), workflow_views.Return.as_view(), name="return"),
    path(pgettext_lazy("URL", "<int:pk>/reopen/"), workflow_views.Reopen.as_view(), name="reopen"),
    path(pgettext_lazy("URL", "follow-up/<int:pk>/"), followup_views.follow_up, name="follow_up"),
    path(
        pgettext_lazy("URL", "follow-up/<int:pk>/submit/"),
        followup_views.submit,
        name="follow_up_submit",
    ),
    path(
        pgettext_lazy("URL", "follow-up/<int:pk>/sheet.xlsx"),
        followup_views.sheet_download,
        name="follow_up_sheet",
    ),
    path(
        pgettext_lazy("URL", "follow-up/<int:pk>/upload/"),
        followup_views.sheet_upload,
        name="follow_up_upload",
    ),
    path(pgettext_lazy("URL", "units/<slug:key>/"), followup_views.unit_actions, name="unit"),
    path(
        pgettext_lazy("URL", "units/<slug:key>/new/"),
        followup_views.unit_action_add,
        name="unit_action_add",
    ),
    path(pgettext_lazy("URL", "coordination/"), coordination_views.dashboard, name="coordinator"),
    path(
        pgettext_lazy("URL", "coordination/status.xlsx"),
        coordination_views.dashboard_export,
        name="coordinator_xlsx",
    ),
]
