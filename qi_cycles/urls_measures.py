"""Improvement projects: measures, their values, notes and charts (in the `qi` namespace,
under /improvement/)."""

from django.urls import path

from qi_cycles.views import measures

urlpatterns = [
    path("<int:pk>/measures/new/", measures.measure_create, name="measure_create"),
    path("measures/<int:measure_pk>/", measures.measure_detail, name="measure_detail"),
    path("measures/<int:measure_pk>/edit/", measures.measure_edit, name="measure_edit"),
    path("measures/<int:measure_pk>/data.csv", measures.measure_csv, name="measure_csv"),
    path("measures/<int:measure_pk>/import/", measures.measure_import, name="measure_import"),
    path("measures/<int:measure_pk>/values/add/", measures.value_add, name="value_add"),
    path("measures/values/<int:value_pk>/delete/", measures.value_delete, name="value_delete"),
    path("measures/<int:measure_pk>/notes/add/", measures.annotation_add, name="annotation_add"),
    path(
        "measures/notes/<int:annotation_pk>/delete/",
        measures.annotation_delete,
        name="annotation_delete",
    ),
]
