"""Emails about the local services directory (template triples in
templates/emails/localservices-*)."""

from django.conf import settings
from django.urls import reverse

from localservices.models import Suggestion
from portal.emails import send


def suggestion_decided(suggestion: Suggestion) -> None:
    """Tell the person who suggested a correction whether it was accepted or declined."""
    service = suggestion.service
    send(
        "localservices-suggestion-decided",
        suggestion.suggested_by.email,
        {
            "user": suggestion.suggested_by,
            "suggestion": suggestion,
            "service": service,
            "link": settings.SITE_URL + reverse("localservices:service_detail", args=[service.pk]),
            "mine": settings.SITE_URL + reverse("localservices:my_suggestions"),
        },
    )
