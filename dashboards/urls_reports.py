from django.urls import path

from dashboards.views import reports

urlpatterns = [
    path("area-summary.pdf", reports.area_pdf, name="area_pdf"),
    path("homes/<int:pk>/summary.pdf", reports.home_pdf, name="home_pdf"),
    path("projects/<int:pk>/poster.pdf", reports.poster, name="poster"),
]
