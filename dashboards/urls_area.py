"""The area dashboard (in the `dashboards` namespace, under /dashboards/)."""

from django.urls import path

from dashboards.views import area

urlpatterns: list = [
    path("", area.area, name="area"),
    path("area.csv", area.area_csv, name="area_csv"),
]
