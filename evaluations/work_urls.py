from django.urls import path

from evaluations import coordinator_views, followup_work_views, work_views

app_name = "work"
urlpatterns = [
    path("", work_views.my_work, name="my_work"),
    path("<int:pk>/", work_views.rate, name="rate"),
    path("<int:pk>/taulukko.xlsx", work_views.sheet_download, name="sheet_download"),
    path("<int:pk>/tuonti/", work_views.sheet_upload, name="sheet_upload"),
    path("seuranta/<int:pk>/", followup_work_views.follow_up, name="follow_up"),
    path(
        "seuranta/<int:pk>/taulukko.xlsx",
        followup_work_views.sheet_download,
        name="follow_up_sheet",
    ),
    path("seuranta/<int:pk>/tuonti/", followup_work_views.sheet_upload, name="follow_up_upload"),
    path("yksikot/<slug:key>/", followup_work_views.unit_actions, name="unit"),
    path("yksikot/<slug:key>/uusi/", followup_work_views.unit_action_add, name="unit_action_add"),
    path("koordinointi/", coordinator_views.dashboard, name="coordinator"),
    path("koordinointi/tilanne.xlsx", coordinator_views.dashboard_export, name="coordinator_xlsx"),
]
