"""Training: passing sessions on (cascade) and the analytics (in the `training` namespace)."""

from django.urls import path

from training.views import impact

urlpatterns: list = [
    path("passed-on/", impact.cascade_list, name="cascade_list"),
    path("passed-on/new/", impact.cascade_create, name="cascade_create"),
    path("analytics/", impact.analytics, name="analytics"),
    path("analytics/figures.csv", impact.analytics_csv, name="analytics_csv"),
]
