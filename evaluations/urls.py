from django.urls import path

from evaluations import views

app_name = "evaluations"
urlpatterns = [
    path("arvioinnit/<slug:key>/", views.round_detail, name="round"),
]
