from django.urls import path

from dashboards.views import home

urlpatterns = [
    path("homes/<int:pk>/", home.home_dashboard, name="home"),
]
