from outcomes import urls_measures, urls_returns

app_name = "outcomes"

# Network measures under /network-measures/: the measures and their results (measures),
# and each home's monthly figures (returns).
urlpatterns = urls_measures.urlpatterns + urls_returns.urlpatterns
