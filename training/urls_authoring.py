"""Training: project workers add, change, publish and collect sessions (in the `training`
namespace, under /training/manage/)."""

from django.urls import path

from training.views import authoring

urlpatterns = [
    path("manage/", authoring.manage, name="manage"),
    path("manage/sessions/new/", authoring.session_create, name="session_create"),
    path(
        "manage/sessions/from-event/<int:event_pk>/",
        authoring.session_from_event,
        name="session_from_event",
    ),
    path("manage/sessions/<int:pk>/", authoring.session_edit, name="session_edit"),
    path("manage/sessions/<int:pk>/status/", authoring.session_status, name="session_status"),
    path(
        "manage/sessions/<int:pk>/collections/add/",
        authoring.session_add_to_collection,
        name="session_add_to_collection",
    ),
    path("manage/sessions/<int:pk>/handouts/add/", authoring.handout_add, name="handout_add"),
    path("manage/handouts/<int:pk>/delete/", authoring.handout_delete, name="handout_delete"),
    path("manage/collections/new/", authoring.collection_create, name="collection_create"),
    path("manage/collections/<int:pk>/", authoring.collection_edit, name="collection_edit"),
    path(
        "manage/collections/<int:pk>/sessions/",
        authoring.collection_items,
        name="collection_items",
    ),
]
