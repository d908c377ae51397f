from django.urls import path

from evaluations import open_data, views

app_name = "evaluations"
urlpatterns = [
    path("arvioinnit/<slug:key>/", views.round_detail, name="round"),
    path("arvioinnit/<slug:key>/raportti.pdf", views.round_report, name="round_report"),
    path("avoin-data/", views.open_data_index, name="open_data"),
]
# Stable addresses of the open data files, e.g. avoin-data/eval-2024/yhteenveto.csv.
urlpatterns += [
    path(
        f"avoin-data/<slug:key>/{dataset.slug}.{export_format}",
        views.open_data_file,
        {"dataset": dataset.key, "export_format": export_format},
        name=f"open_data_{dataset.key}_{export_format}",
    )
    for dataset in open_data.DATASETS.values()
    for export_format in open_data.FORMATS
]
