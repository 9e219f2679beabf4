"""Improvement projects: PDSA cycles (in the `qi` namespace, under /improvement/)."""

from django.urls import path

from qi_cycles.views import cycles

urlpatterns = [
    path("<int:pk>/cycles/", cycles.cycle_list, name="cycle_list"),
    path("<int:pk>/cycles/new/", cycles.cycle_create, name="cycle_create"),
    path("cycles/<int:cycle_pk>/", cycles.cycle_detail, name="cycle_detail"),
    path("cycles/<int:cycle_pk>/edit/", cycles.cycle_edit, name="cycle_edit"),
    path("cycles/<int:cycle_pk>/comment/", cycles.cycle_comment, name="cycle_comment"),
    path("cycles/<int:cycle_pk>/delete/", cycles.cycle_delete, name="cycle_delete"),
]
