"""Improvement projects: sharing (in the `qi` namespace)."""

from django.urls import path

from qi_cycles.views import sharing

urlpatterns: list = [
    path("library/", sharing.library, name="library"),
    path("<int:pk>/story/", sharing.case_study, name="case_study"),
    path("<int:pk>/story/edit/", sharing.story_edit, name="story_edit"),
    path("<int:pk>/share/", sharing.project_share, name="project_share"),
    path("<int:pk>/pdf/", sharing.project_pdf, name="project_pdf"),
    path("ideas/<int:idea_pk>/try/", sharing.idea_try, name="idea_try"),
]
