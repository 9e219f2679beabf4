from django.urls import path

from network import urls_directory, urls_events
from network.views import invitations, members

app_name = "network"

urlpatterns = [
    path("organisations/", members.organisation_list, name="organisation_list"),
    path("organisations/<int:pk>/members/", members.member_list, name="member_list"),
    path("organisations/<int:pk>/members/invite/", members.invite, name="invite"),
    path(
        "organisations/<int:pk>/members/<int:membership_pk>/champion/",
        members.set_champion,
        name="set_champion",
    ),
    path(
        "organisations/<int:pk>/members/<int:membership_pk>/remove/",
        members.remove_member,
        name="remove_member",
    ),
    path(
        "organisations/<int:pk>/invitations/<int:invitation_pk>/cancel/",
        members.cancel_invitation,
        name="cancel_invitation",
    ),
    path("invitations/<str:token>/", invitations.accept_invitation, name="accept_invitation"),
]

# Events, feedback and meeting actions; directory, profiles, themes and the agreement.
urlpatterns += urls_events.urlpatterns + urls_directory.urlpatterns
