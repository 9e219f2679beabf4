"""The needs board (in the `surveys` namespace)."""

from django.urls import path

from surveys.views import needs

urlpatterns = [
    path("needs/", needs.need_list, name="need_list"),
    path("needs/new/", needs.need_create, name="need_create"),
    path("needs/<int:pk>/", needs.need_detail, name="need_detail"),
    path("needs/<int:pk>/edit/", needs.need_edit, name="need_edit"),
    path("needs/<int:pk>/respond/", needs.need_respond, name="need_respond"),
    path("needs/<int:pk>/need-this-too/", needs.need_endorse, name="need_endorse"),
    path("needs/<int:pk>/status/", needs.need_status, name="need_status"),
]
