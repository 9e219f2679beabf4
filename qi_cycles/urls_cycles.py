"""Improvement projects: cycles (in the `qi` namespace)."""

urlpatterns: list = []
