from django.urls import path

from strategy import progress_views, views

app_name = "strategy"
urlpatterns = [
    path("", views.home, name="home"),
    path("strategiat/<slug:key>/", views.strategy_detail, name="detail"),
    path("tavoitteet/", views.goal_list, name="goal_list"),
    path("tavoitteet/<int:pk>/", views.goal_detail, name="goal"),
    path("strategiat/<slug:key>/eteneminen/", progress_views.progress_dashboard, name="progress"),
    path("mittarit/<slug:key>/", progress_views.indicator_detail, name="indicator"),
]
