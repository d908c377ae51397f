from django.urls import path

from municipalities import answer_views, open_views, views

app_name = "municipalities"
urlpatterns = [
    path("kyselyt/<slug:key>/", views.survey_results, name="survey_results"),
    path("kunnat/vastaa/<str:token>/", answer_views.answer, name="answer"),
    path("kunnat/vastaa/<str:token>/vahvista/", answer_views.answer_confirm, name="answer_confirm"),
    # Named respondents' single-use links and the open link (audiences of municipalities/models.py).
    path("kyselyt/vastaa/<str:token>/", answer_views.answer, name="respond"),
    path(
        "kyselyt/vastaa/<str:token>/vahvista/", answer_views.answer_confirm, name="respond_confirm"
    ),
    path("kyselyt/<slug:key>/vastaa/", open_views.open_answer, name="open_answer"),
    path(
        "kyselyt/<slug:key>/tulokset.<str:export_format>",
        views.survey_results_file,
        name="survey_results_file",
    ),
]
