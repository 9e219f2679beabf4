"""Needs surveys (in the `surveys` namespace)."""

from django.urls import path

from surveys.views import surveys

urlpatterns = [
    path("surveys/", surveys.survey_list, name="survey_list"),
    path("surveys/new/", surveys.survey_create, name="survey_create"),
    path("surveys/<int:pk>/edit/", surveys.survey_edit, name="survey_edit"),
    path("surveys/<int:pk>/publish/", surveys.survey_publish, name="survey_publish"),
    path("surveys/<int:pk>/new-round/", surveys.survey_copy, name="survey_copy"),
    path("surveys/<int:pk>/questions/new/", surveys.question_add, name="question_add"),
    path("surveys/questions/<int:pk>/edit/", surveys.question_edit, name="question_edit"),
    path("surveys/questions/<int:pk>/delete/", surveys.question_delete, name="question_delete"),
    path("surveys/questions/<int:pk>/hide/", surveys.question_hide, name="question_hide"),
    path("surveys/questions/<int:pk>/move/", surveys.question_move, name="question_move"),
    path("surveys/<int:pk>/", surveys.survey_answer, name="survey_answer"),
    path("surveys/<int:pk>/results/", surveys.survey_results_view, name="survey_results"),
    path("surveys/<int:pk>/results.csv", surveys.survey_export, name="survey_export"),
]
