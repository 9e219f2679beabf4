"""Choosing how often digest emails come (digests:preferences)."""

import re

import pytest
from django.urls import reverse

from digests.models import DigestPreference

URL = reverse("digests:preferences")


def checked(html: str) -> list[str]:
    """The values of the radios that are ticked."""
    tags = re.findall(r"<input [^>]*>", html)
    return [
        re.search(r'value="(\w+)"', tag).group(1)
        for tag in tags
        if 'name="frequency"' in tag and " checked" in tag
    ]


@pytest.mark.parametrize("role", ["sid", "mona", "pat", "will"])
def test_everyone_signed_in_sees_weekly_chosen_by_default(client, cast, role):
    client.force_login(getattr(cast, role))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<legend" in html and "How often do you want a digest email?" in html
    assert checked(html) == ["weekly"]
    for label in ("Once a week", "Every day", "Never"):
        assert label in html


def test_choosing_daily_is_saved_and_confirmed(client, cast):
    client.force_login(cast.sid)
    response = client.post(URL, {"frequency": "daily"}, follow=True)
    assert DigestPreference.objects.get(user=cast.sid).frequency == "daily"
    assert "You will get a digest email each day there is something new." in (
        response.content.decode()
    )
    assert checked(response.content.decode()) == ["daily"]


def test_choosing_again_changes_the_one_row(client, cast):
    client.force_login(cast.sid)
    client.post(URL, {"frequency": "daily"})
    client.post(URL, {"frequency": "none"})
    assert list(DigestPreference.objects.values_list("user_id", "frequency")) == [
        (cast.sid.pk, "none")
    ]


@pytest.mark.parametrize("data", [{}, {"frequency": "hourly"}])
def test_no_choice_or_a_made_up_one_is_refused_with_a_clear_error(client, cast, data):
    client.force_login(cast.mona)
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Digest emails" in html
    assert "nhsuk-error-summary" in html
    assert "Choose how often you want digest emails" in html
    assert not DigestPreference.objects.exists()


def test_signed_out_people_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_account_page_links_to_digest_emails(client, cast):
    DigestPreference.objects.create(user=cast.mona, frequency="daily")
    client.force_login(cast.mona)
    html = client.get(reverse("account")).content.decode()
    assert f'href="{URL}"' in html
    assert "Every day" in html
