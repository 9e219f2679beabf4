from django.urls import path

from dashboards.views import reports

urlpatterns = [
    path("homes/<int:pk>/summary.pdf", reports.home_pdf, name="home_pdf"),
    path("projects/<int:pk>/poster.pdf", reports.poster, name="poster"),
]
