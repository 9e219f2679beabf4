"""Events, series, registrations, feedback and meeting actions (in the `network` namespace)."""

from django.urls import path

from network.views import actions, events

urlpatterns = [
    path("events/", events.event_list, name="event_list"),
    path("events/new/", events.event_create, name="event_create"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", events.event_edit, name="event_edit"),
    path("events/<int:pk>/cancel/", events.event_cancel, name="event_cancel"),
    path("events/<int:pk>/register/", events.event_register, name="event_register"),
    path(
        "events/<int:pk>/cancel-registration/",
        events.event_cancel_registration,
        name="event_cancel_registration",
    ),
    path("events/<int:pk>/calendar.ics", events.event_ics, name="event_ics"),
    path("events/<int:pk>/attendance/", events.event_attendance, name="event_attendance"),
    path("events/<int:pk>/feedback/", events.event_feedback, name="event_feedback"),
    path(
        "events/<int:pk>/feedback/summary/",
        events.event_feedback_summary,
        name="event_feedback_summary",
    ),
    path("events/<int:pk>/actions/new/", actions.action_create, name="action_create"),
    path("events/series/new/", events.series_create, name="series_create"),
    path("events/series/<int:pk>/", events.series_detail, name="series_detail"),
    path(
        "events/series/<int:pk>/feedback/",
        events.series_feedback_summary,
        name="series_feedback_summary",
    ),
    path("actions/<int:pk>/edit/", actions.action_edit, name="action_edit"),
]
