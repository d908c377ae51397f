from django.urls import path
from django.utils.translation import pgettext_lazy

from strategy import progress_views, views

app_name = "strategy"
urlpatterns = [
    path("", views.home, name="home"),
    path(pgettext_lazy("URL", "strategies/<slug:key>/"), views.strategy_detail, name="detail"),
    path(pgettext_lazy("URL", "goals/"), views.goal_list, name="goal_list"),
    path(pgettext_lazy("URL", "goals/<int:pk>/"), views.goal_detail, name="goal"),
    path(
        pgettext_lazy("URL", "strategies/<slug:key>/progress/"),
        progress_views.progress_dashboard,
        name="progress",
    ),
    path(
        pgettext_lazy("URL", "indicators/<slug:key>/"),
        progress_views.indicator_detail,
        name="indicator",
    ),
]
