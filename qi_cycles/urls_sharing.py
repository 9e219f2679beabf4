"""Improvement projects: sharing (in the `qi` namespace)."""

urlpatterns: list = []
