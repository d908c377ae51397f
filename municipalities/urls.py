from django.urls import path

from municipalities import views

app_name = "municipalities"
urlpatterns = [
    path("kyselyt/<slug:key>/", views.survey_results, name="survey_results"),
]
