from dashboards import urls_area, urls_home, urls_reports

app_name = "dashboards"

# The partner (area) dashboard, the home dashboard and the one-page PDF reports. Every URL
# lives under /dashboards/.
urlpatterns = urls_area.urlpatterns + urls_home.urlpatterns + urls_reports.urlpatterns
