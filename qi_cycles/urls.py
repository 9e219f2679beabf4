from qi_cycles import urls_cycles, urls_measures, urls_projects, urls_sharing

app_name = "qi"

# Projects and driver diagrams, PDSA cycles, measures and charts, sharing (library, case
# studies, "try this in our home", PDF). Every URL lives under /improvement/.
urlpatterns = (
    urls_projects.urlpatterns
    + urls_cycles.urlpatterns
    + urls_measures.urlpatterns
    + urls_sharing.urlpatterns
)
