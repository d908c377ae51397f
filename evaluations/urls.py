from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

from evaluations import views
from evaluations.open_data import evaluation as open_data

app_name = "evaluations"
urlpatterns = [
    path(pgettext_lazy("URL", "evaluations/<slug:key>/"), views.round_detail, name="round"),
    path(
        pgettext_lazy("URL", "evaluations/<slug:key>/report.pdf"),
        views.round_report,
        name="round_report",
    ),
    path(pgettext_lazy("URL", "open-data/"), views.open_data_index, name="open_data"),
]
# Stable addresses of the open data files, e.g. avoin-data/eval-2024/yhteenveto.csv (fi) and
# oppna-data/eval-2024/sammanfattning.csv (sv).
urlpatterns += [
    path(
        format_lazy(
            "{}<slug:key>/{}.{}", pgettext_lazy("URL", "open-data/"), dataset.slug, export_format
        ),
        views.open_data_file,
        {"dataset": dataset.key, "export_format": export_format},
        name=f"open_data_{dataset.key}_{export_format}",
    )
    for dataset in open_data.DATASETS.values()
    for export_format in open_data.FORMATS
]
