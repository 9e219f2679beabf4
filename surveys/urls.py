from surveys import urls_needs, urls_surveys

app_name = "surveys"

# The needs board (urls_needs) and needs surveys (urls_surveys).
urlpatterns = urls_needs.urlpatterns + urls_surveys.urlpatterns
