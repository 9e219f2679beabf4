from training import urls_authoring, urls_impact, urls_learning, urls_library

app_name = "training"

# The library and watching (library), project workers' editing and publishing (authoring),
# each person's learning record, self-assessment and certificate (learning), and
# train-the-trainer records and analytics (impact). Every URL lives under /training/.
urlpatterns = (
    urls_library.urlpatterns
    + urls_authoring.urlpatterns
    + urls_learning.urlpatterns
    + urls_impact.urlpatterns
)
