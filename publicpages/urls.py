"""Public learning pages (namespace `public`, under /learn/): readable without an account.
The manage/ pages are for project workers and need signing in like the rest of the portal.
/sitemap.xml and /robots.txt are in portal/urls.py."""

from django.urls import path

from publicpages.views import manage, media, pages

app_name = "public"

urlpatterns = [
    path("", pages.index, name="index"),
    path("training/<int:pk>-<slug:slug>/", pages.session_detail, name="session"),
    path("training/<int:pk>/video", media.session_video, name="session_video"),
    path("training/<int:pk>/captions.vtt", media.session_captions, name="session_captions"),
    path("handouts/<int:pk>/", media.handout, name="handout"),
    path("collections/<int:pk>-<slug:slug>/", pages.collection_detail, name="collection"),
    path("case-studies/<int:pk>-<slug:slug>/", pages.case_study_detail, name="case_study"),
    path("manage/training/<int:pk>/", manage.session_visibility, name="manage_session"),
    path("manage/collections/<int:pk>/", manage.collection_visibility, name="manage_collection"),
    path("manage/case-studies/<int:pk>/", manage.case_study_visibility, name="manage_case_study"),
]
