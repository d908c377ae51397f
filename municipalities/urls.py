from django.urls import path
from django.utils.translation import pgettext_lazy

from municipalities import answer_views, open_views, views

app_name = "municipalities"
urlpatterns = [
    path(pgettext_lazy("URL", "surveys/<slug:key>/"), views.survey_results, name="survey_results"),
    path(
        pgettext_lazy("URL", "municipalities/answer/<str:token>/"),
        answer_views.answer,
        name="answer",
    ),
    path(
        pgettext_lazy("URL", "municipalities/answer/<str:token>/confirm/"),
        answer_views.answer_confirm,
        name="answer_confirm",
    ),
    # Named respondents' single-use links and the open link (audiences of municipalities/models.py).
    path(pgettext_lazy("URL", "surveys/answer/<str:token>/"), answer_views.answer, name="respond"),
    path(
        pgettext_lazy("URL", "surveys/answer/<str:token>/confirm/"),
        answer_views.answer_confirm,
        name="respond_confirm",
    ),
    path(
        pgettext_lazy("URL", "surveys/<slug:key>/answer/"),
        open_views.open_answer,
        name="open_answer",
    ),
    path(
        pgettext_lazy("URL", "surveys/<slug:key>/results.<str:export_format>"),
        views.survey_results_file,
        name="survey_results_file",
    ),
]
