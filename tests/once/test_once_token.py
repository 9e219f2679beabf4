"""How the one-time token behaves around the edges (portal/once.py)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import OnceToken
from portal.once import ALREADY_SENT, FIELD, forget_old_tokens
from portal.tasks import clear_expired_sessions
from portal.templatetags.once import new_token
from surveys.models import Need

NEED = {"title": "Hydration ideas", "description": "Residents drink too little", "urgency": "soon"}


def test_a_form_with_errors_can_be_corrected_and_sent_with_the_same_token(client, cast):
    client.force_login(cast.mona)
    token = new_token()
    url = reverse("surveys:need_create")
    response = client.post(url, {**NEED, "title": "", FIELD: token})
    assert response.status_code == 200
    assert "Enter" in response.content.decode()  # the form's own error
    assert not OnceToken.objects.exists()
    response = client.post(url, {**NEED, FIELD: token})
    assert response.status_code == 302
    assert Need.objects.filter(title=NEED["title"]).count() == 1
    assert OnceToken.objects.get().redirect_to == response.url


def test_a_refused_send_keeps_no_token(client, cast):
    client.force_login(cast.pat)  # partners do not post needs
    response = client.post(reverse("surveys:need_create"), {**NEED, FIELD: new_token()})
    assert response.status_code == 403
    assert not OnceToken.objects.exists()
    assert not Need.objects.exists()


def test_the_token_is_per_person(client, cast):
    token = new_token()
    url = reverse("surveys:need_create")
    client.force_login(cast.mona)
    client.post(url, {**NEED, FIELD: token})
    other = Client()
    other.force_login(cast.sid)
    response = other.post(url, {**NEED, FIELD: token})
    assert response.status_code == 302
    assert Need.objects.filter(title=NEED["title"]).count() == 2


def test_a_malformed_token_is_ignored(client, cast):
    client.force_login(cast.mona)
    url = reverse("surveys:need_create")
    for _ in range(2):
        assert client.post(url, {**NEED, FIELD: "short"}).status_code == 302
    assert Need.objects.count() == 2
    assert not OnceToken.objects.exists()


def test_the_second_send_says_it_was_saved_once(client, cast):
    client.force_login(cast.mona)
    data = {**NEED, FIELD: new_token()}
    first = client.post(reverse("surveys:need_create"), data)
    page = client.post(reverse("surveys:need_create"), data, follow=True)
    assert page.redirect_chain[0][0] == first.url
    assert ALREADY_SENT in page.content.decode()
    assert Need.objects.count() == 1


def test_tokens_are_forgotten_after_a_day(cast):
    now = timezone.now()
    old = OnceToken.objects.create(
        token=new_token(), user=cast.mona, path="/", created_at=now - timedelta(hours=25)
    )
    fresh = OnceToken.objects.create(
        token=new_token(), user=cast.mona, path="/", created_at=now - timedelta(hours=23)
    )
    clear_expired_sessions()
    assert list(OnceToken.objects.all()) == [fresh]
    assert not OnceToken.objects.filter(pk=old.pk).exists()
    assert forget_old_tokens(now + timedelta(hours=2)) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_two_sends_at_the_same_moment_store_one_need(cast):
    """Two requests with one token race: the second waits on the unique index until the
    first commits, then finds its token and is sent where the first went."""
    token = new_token()
    url = reverse("surveys:need_create")
    start = threading.Barrier(2)
    results = []

    def send():
        browser = Client()
        browser.force_login(cast.mona)
        start.wait()
        try:
            results.append(browser.post(url, {**NEED, FIELD: token}))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in results] == [302, 302]
    assert results[0].url == results[1].url
    assert Need.objects.filter(title=NEED["title"]).count() == 1
    assert OnceToken.objects.count() == 1
