"""Network measures: the list, results, CSV, defining measures and the reporting window."""

from django.urls import path

from outcomes.views import measures, results

urlpatterns: list = [
    path("", measures.index, name="index"),
    path("measures/new/", measures.measure_create, name="measure_create"),
    path("measures/<int:pk>/", results.measure_detail, name="measure_detail"),
    path("measures/<int:pk>/figures.csv", results.measure_csv, name="measure_csv"),
    path("measures/<int:pk>/edit/", measures.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/retire/", measures.measure_retire, name="measure_retire"),
    path("measures/<int:pk>/reinstate/", measures.measure_reinstate, name="measure_reinstate"),
    path("reporting-window/", measures.window_edit, name="window"),
]
