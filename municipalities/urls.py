from django.urls import path

from municipalities import answer_views, views

app_name = "municipalities"
urlpatterns = [
    path("kyselyt/<slug:key>/", views.survey_results, name="survey_results"),
    path("kunnat/vastaa/<str:token>/", answer_views.answer, name="answer"),
    path("kunnat/vastaa/<str:token>/vahvista/", answer_views.answer_confirm, name="answer_confirm"),
]
