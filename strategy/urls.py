from django.urls import path

from strategy import views

app_name = "strategy"
urlpatterns = [
    path("", views.home, name="home"),
    path("strategiat/<slug:key>/", views.strategy_detail, name="detail"),
    path("tavoitteet/", views.goal_list, name="goal_list"),
    path("tavoitteet/<int:pk>/", views.goal_detail, name="goal"),
]
