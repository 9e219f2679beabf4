"""Odd numbers in query strings and posts are ignored or refused, never a server error."""

from django.test import Client
from django.urls import reverse

from tests.localservices.test_needs import falls_service, need  # noqa: F401  (fixtures)


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_the_need_page_ignores_an_odd_service_number(cast, need, falls_service):  # noqa: F811
    for odd in ("²", "9" * 5000, "-1"):
        response = _client(cast.pat).get(
            reverse("surveys:need_detail", args=[need.pk]), {"service": odd}
        )
        assert response.status_code == 200


def test_a_service_page_ignores_an_odd_need_number(cast, need, falls_service):  # noqa: F811
    for odd in ("²", "9" * 5000):
        response = _client(cast.mona).get(
            reverse("localservices:service_detail", args=[falls_service.pk]), {"need": odd}
        )
        assert response.status_code == 200


def test_adding_an_odd_person_as_a_contact_is_not_found(cast, falls_service):  # noqa: F811
    for odd in ("²", "9" * 5000):
        response = _client(cast.will).post(
            reverse("localservices:service_contacts", args=[falls_service.pk]), {"person": odd}
        )
        assert response.status_code == 404
    assert not falls_service.contacts.exists()
