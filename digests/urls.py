from django.urls import path

from digests import views

app_name = "digests"

# Digest preferences and the one-click unsubscribe link. Every URL lives under /digests/.
urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
