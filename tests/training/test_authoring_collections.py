"""Project workers make collections and put sessions in order: add, move up, move down,
remove; and add a session to a collection from the session's own page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_session
from training.models import Collection, CollectionItem, Session


@pytest.fixture
def will_client(client, cast):
    client.force_login(cast.will)
    return client


def items_url(collection):
    return reverse("training:collection_items", args=[collection.pk])


def order(collection) -> list[str]:
    return list(
        CollectionItem.objects.filter(collection=collection)
        .order_by("position", "pk")
        .values_list("session__title", flat=True)
    )


def _collection_with(*titles) -> Collection:
    collection = Collection.objects.create(title="Introduction to QI methods")
    for position, title in enumerate(titles, start=1):
        CollectionItem.objects.create(
            collection=collection, session=make_session(title=title), position=position
        )
    return collection


def test_making_a_collection_then_changing_it(will_client, cast):
    response = will_client.post(
        reverse("training:collection_create"),
        {"title": "Falls prevention", "summary": "Three short sessions."},
    )
    collection = Collection.objects.get()
    assert response.url == items_url(collection)
    assert (collection.title, collection.created_by) == ("Falls prevention", cast.will)
    page = will_client.get(response.url).content.decode()
    assert "Now add sessions" in page
    assert "There are no sessions in this collection yet." in page
    will_client.post(
        reverse("training:collection_edit", args=[collection.pk]),
        {"title": "Falls prevention at night", "summary": ""},
    )
    collection.refresh_from_db()
    assert (collection.title, collection.summary) == ("Falls prevention at night", "")


def test_a_collection_needs_a_title(will_client):
    response = will_client.post(reverse("training:collection_create"), {"title": " "})
    assert response.context["form"].errors["title"] == ["Enter a title for the collection"]
    assert not Collection.objects.exists()


def test_adding_puts_the_session_at_the_end(will_client):
    collection = _collection_with("What is a PDSA cycle?")
    draft = make_session(title="Run charts", status="draft")
    make_session(title="Old talk", status="archived")
    page = will_client.get(items_url(collection)).content.decode()
    assert "Run charts (Draft)" in page
    assert "Old talk" not in page  # archived sessions are not offered
    assert ">What is a PDSA cycle?</option>" not in page  # nor ones already in it
    response = will_client.post(items_url(collection), {"action": "add", "add-session": draft.pk})
    assert response.status_code == 302
    assert order(collection) == ["What is a PDSA cycle?", "Run charts"]


def test_adding_nothing_or_an_archived_session_says_so(will_client):
    collection = _collection_with("One")
    archived = make_session(title="Old talk", status="archived")
    response = will_client.post(items_url(collection), {"action": "add"})
    assert response.status_code == 200
    assert "Choose a session to add" in response.content.decode()
    response = will_client.post(
        items_url(collection), {"action": "add", "add-session": archived.pk}
    )
    assert "Choose a session from the list" in response.content.decode()
    assert order(collection) == ["One"]


def test_moving_up_and_down(will_client):
    collection = _collection_with("One", "Two", "Three")
    two = CollectionItem.objects.get(session__title="Two")
    will_client.post(items_url(collection), {"action": "up", "item": two.pk})
    assert order(collection) == ["Two", "One", "Three"]
    will_client.post(items_url(collection), {"action": "down", "item": two.pk})
    will_client.post(items_url(collection), {"action": "down", "item": two.pk})
    assert order(collection) == ["One", "Three", "Two"]
    # At the end already: nothing moves.
    will_client.post(items_url(collection), {"action": "down", "item": two.pk})
    assert order(collection) == ["One", "Three", "Two"]
    assert list(
        CollectionItem.objects.filter(collection=collection)
        .order_by("position")
        .values_list("position", flat=True)
    ) == [1, 2, 3]


def test_the_page_shows_the_order_with_buttons(will_client):
    collection = _collection_with("One", "Two", "Three")
    page = will_client.get(items_url(collection)).content.decode()
    assert page.index(">One<") < page.index(">Two<") < page.index(">Three<")
    # The first cannot move up and the last cannot move down.
    assert page.count('value="up">Move up') == 2
    assert page.count('value="down">Move down') == 2
    assert page.count("Remove from the collection") == 3


def test_removing_keeps_the_session(will_client):
    collection = _collection_with("One", "Two", "Three")
    one = CollectionItem.objects.get(session__title="One")
    response = will_client.post(items_url(collection), {"action": "remove", "item": one.pk})
    assert order(collection) == ["Two", "Three"]
    assert Session.objects.filter(title="One").exists()
    assert (
        "The session itself has not been deleted" in will_client.get(response.url).content.decode()
    )
    assert list(
        CollectionItem.objects.filter(collection=collection).values_list("position", flat=True)
    ) == [1, 2]


def test_an_item_from_another_collection_is_not_found(will_client):
    ours = _collection_with("One", "Two")
    theirs = _collection_with("Three")
    item = theirs.items.get()
    response = will_client.post(items_url(ours), {"action": "remove", "item": item.pk})
    assert response.status_code == 404
    assert order(theirs) == ["Three"]
    assert will_client.post(items_url(ours), {"action": "up", "item": "x"}).status_code == 404


def test_adding_from_the_session_page(will_client):
    collection = _collection_with("One")
    session = make_session(title="Two", status="draft")
    edit = reverse("training:session_edit", args=[session.pk])
    page = will_client.get(edit).content.decode()
    assert "This session is not in a collection." in page
    assert "Add this session to a collection" in page
    url = reverse("training:session_add_to_collection", args=[session.pk])
    response = will_client.post(url, {"collection": collection.pk})
    assert response.url == f"{edit}#collections"
    assert order(collection) == ["One", "Two"]
    page = will_client.get(edit).content.decode()
    assert "The session has been added to ‘Introduction to QI methods’." in page
    assert "This session is in:" in page
    # Nothing to choose: the page says so and nothing changes.
    response = will_client.post(url, {})
    assert "Choose a collection" in will_client.get(response.url).content.decode()
    assert order(collection) == ["One", "Two"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_order_page_queries_stay_flat(will_client):
    collection = _collection_with(*[f"Session {i}" for i in range(3)])
    for i in range(3):
        make_session(title=f"Spare {i}", status="draft")
    few = _queries(will_client, items_url(collection))
    for i in range(3, 30):
        CollectionItem.objects.create(
            collection=collection, session=make_session(title=f"Session {i}"), position=i + 1
        )
        make_session(title=f"Spare {i}", status="draft")
    assert _queries(will_client, items_url(collection)) == few
