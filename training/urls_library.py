"""Training: the library, collections, a session's page and its files."""

from django.urls import path

from training.views import library

urlpatterns: list = [
    path("", library.library, name="library"),
    path("collections/", library.collection_list, name="collection_list"),
    path("collections/<int:pk>/", library.collection_detail, name="collection_detail"),
    path("sessions/<int:pk>/", library.session_detail, name="session_detail"),
    path("sessions/<int:pk>/video", library.session_video, name="session_video"),
    path("sessions/<int:pk>/captions.vtt", library.session_captions, name="session_captions"),
    path("handouts/<int:pk>/", library.handout, name="handout"),
]
