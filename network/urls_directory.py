from django.urls import path

from network.views import agreement, directory, profiles, themes

urlpatterns = [
    path("directory/", directory.people, name="directory"),
    path("directory/organisations/", directory.organisations, name="directory_organisations"),
    path("organisations/<int:pk>/", profiles.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", profiles.organisation_edit, name="organisation_edit"),
    path("themes/", themes.theme_list, name="theme_list"),
    path("themes/add/", themes.theme_add, name="theme_add"),
    path("themes/<int:pk>/edit/", themes.theme_edit, name="theme_edit"),
    path("themes/<int:pk>/active/", themes.theme_set_active, name="theme_set_active"),
    path("agreement/", agreement.agreement, name="agreement"),
    path("agreement/sign/", agreement.agreement_sign, name="agreement_sign"),
    path("agreement/publish/", agreement.agreement_publish, name="agreement_publish"),
    path("agreement/signatures/", agreement.agreement_signatures, name="agreement_signatures"),
]
