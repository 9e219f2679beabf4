from django.urls import path

from localservices.views import directory, manage, suggestions

app_name = "localservices"

# The local services directory, under /directory/services/.
urlpatterns = [
    path("", directory.service_list, name="service_list"),
    path("add/", manage.service_add, name="service_add"),
    path("<int:pk>/", directory.service_detail, name="service_detail"),
    path("<int:pk>/edit/", manage.service_edit, name="service_edit"),
    path("<int:pk>/contacts/", manage.service_contacts, name="service_contacts"),
    path("<int:pk>/checked/", manage.service_checked, name="service_checked"),
    path("<int:pk>/running/", manage.service_active, name="service_active"),
    path("<int:pk>/suggest/", suggestions.suggest, name="suggest"),
    path("suggestions/", suggestions.suggestion_list, name="suggestion_list"),
    path("suggestions/yours/", suggestions.my_suggestions, name="my_suggestions"),
    path("suggestions/<int:pk>/", suggestions.suggestion_detail, name="suggestion_detail"),
]
