from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.your_data, name="your_data"),
    path("download.json", views.download, {"kind": "json"}, name="download_json"),
    path("download.csv", views.download, {"kind": "csv"}, name="download_csv"),
    path("erase/", views.request_erasure, name="request_erasure"),
    path("erase/<int:pk>/withdraw/", views.withdraw_request, name="withdraw_request"),
    path("requests/", views.erasure_requests, name="erasure_requests"),
    path("requests/<int:pk>/decline/", views.decline_request, name="decline_request"),
    path("people/<int:user_id>/erase/", views.erase_person, name="erase_person"),
    path("retention/", views.retention, name="retention"),
]
