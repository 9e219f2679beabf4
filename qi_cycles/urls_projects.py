"""Improvement projects: projects (in the `qi` namespace)."""

urlpatterns: list = []
