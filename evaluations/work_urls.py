from django.urls import path

from evaluations import coordinator_views, work_views

app_name = "work"
urlpatterns = [
    path("", work_views.my_work, name="my_work"),
    path("<int:pk>/", work_views.rate, name="rate"),
    path("<int:pk>/taulukko.xlsx", work_views.sheet_download, name="sheet_download"),
    path("<int:pk>/tuonti/", work_views.sheet_upload, name="sheet_upload"),
    path("koordinointi/", coordinator_views.dashboard, name="coordinator"),
    path("koordinointi/tilanne.xlsx", coordinator_views.dashboard_export, name="coordinator_xlsx"),
]
