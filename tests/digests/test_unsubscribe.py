"""The unsubscribe link in every digest: signed, works signed out, and one-click from a
mail client (RFC 8058) without a CSRF token."""

from unittest import mock

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from digests.models import DigestPreference
from digests.tokens import MAX_AGE, make_token
from tests.digests.test_content import digest_for, need, respond


def url_for(user) -> str:
    return reverse("digests:unsubscribe", args=[make_token(user)])


def frequency(user) -> str | None:
    return DigestPreference.objects.filter(user=user).values_list("frequency", flat=True).first()


def test_the_link_shows_a_page_with_one_button_and_changes_nothing(client, cast):
    response = client.get(url_for(cast.mona))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Unsubscribe from digest emails</h1>" in html
    assert "mona@example.org" in html
    assert html.count('<button class="nhsuk-button"') == 1
    assert frequency(cast.mona) is None


def test_pressing_the_button_unsubscribes_and_says_so(client, cast):
    response = client.post(url_for(cast.mona))
    assert response.status_code == 200
    assert "You have unsubscribed" in response.content.decode()
    assert frequency(cast.mona) == "none"
    assert frequency(cast.sid) is None


def test_a_mail_clients_one_click_post_works_without_a_csrf_token(cast):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        url_for(cast.sid),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert frequency(cast.sid) == "none"


def test_after_unsubscribing_no_digest_is_built(client, cast):
    respond(need(cast.home_a), cast.pat)
    assert digest_for(cast.mona) is not None
    client.post(url_for(cast.mona))
    cast.mona.__dict__.pop("_digest_frequency", None)
    assert digest_for(cast.mona) is None


def test_someone_signed_in_as_another_person_unsubscribes_the_links_owner(client, cast):
    client.force_login(cast.bea)
    client.post(url_for(cast.mona))
    assert frequency(cast.mona) == "none"
    assert frequency(cast.bea) is None


def tampered(token: str) -> str:
    return token[:-2] + ("BB" if token.endswith("AA") else "AA")


@pytest.mark.parametrize(
    "make",
    [
        lambda user: "abc",
        lambda user: tampered(make_token(user)),
        lambda user: signing.dumps(user.pk),  # signed by us, but not for this
        lambda user: signing.dumps("everyone", salt="digests.unsubscribe"),
    ],
    ids=["not-a-token", "tampered", "other-salt", "not-an-id"],
)
def test_a_changed_or_foreign_token_does_nothing(client, cast, make):
    url = reverse("digests:unsubscribe", args=[make(cast.mona)])
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 400
        assert "This unsubscribe link does not work" in response.content.decode()
    assert not DigestPreference.objects.exists()


def test_an_old_link_has_expired(client, cast):
    made = signing.time.time() - MAX_AGE.total_seconds() - 60
    with mock.patch("django.core.signing.time.time", return_value=made):
        token = make_token(cast.mona)
    response = client.post(reverse("digests:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert "The link is too old" in response.content.decode()
    assert frequency(cast.mona) is None


def test_a_link_for_a_closed_account_is_not_found(client, cast):
    url = url_for(cast.sid)
    cast.sid.delete()
    response = client.post(url)
    assert response.status_code == 404
    assert "could not find the account" in response.content.decode()


def test_the_link_says_so_when_the_person_has_already_unsubscribed(client, cast):
    DigestPreference.objects.create(user=cast.mona, frequency="none")
    html = client.get(url_for(cast.mona)).content.decode()
    assert "You have already unsubscribed." in html
    assert '<button class="nhsuk-button"' not in html
