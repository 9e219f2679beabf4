"""Improvement projects: the list, a project's pages and its driver diagram (in the `qi`
namespace, under /improvement/)."""

from django.urls import path

from qi_cycles.views import projects

urlpatterns = [
    path("", projects.project_list, name="project_list"),
    path("new/", projects.project_create, name="project_create"),
    path("<int:pk>/", projects.project_detail, name="project_detail"),
    path("<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("<int:pk>/delete/", projects.project_delete, name="project_delete"),
    path("<int:pk>/drivers/", projects.drivers, name="drivers"),
    path("<int:pk>/drivers/add/", projects.driver_add, name="driver_add"),
    path("drivers/<int:driver_pk>/edit/", projects.driver_edit, name="driver_edit"),
    path("drivers/<int:driver_pk>/delete/", projects.driver_delete, name="driver_delete"),
    path("drivers/<int:driver_pk>/move/", projects.driver_move, name="driver_move"),
    path("<int:pk>/ideas/add/", projects.idea_add, name="idea_add"),
    path("ideas/<int:idea_pk>/edit/", projects.idea_edit, name="idea_edit"),
    path("ideas/<int:idea_pk>/delete/", projects.idea_delete, name="idea_delete"),
    path("ideas/<int:idea_pk>/move/", projects.idea_move, name="idea_move"),
]
