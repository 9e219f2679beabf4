"""Improvement projects: measures (in the `qi` namespace)."""

urlpatterns: list = []
