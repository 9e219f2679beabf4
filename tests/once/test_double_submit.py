"""Double submits of any create form store one record (issue 9, item 7).

Every POST in the access matrix is sent twice by a role allowed to make it. When the first
send adds a record, the second must add nothing: either the form carries a one-time token
(portal/once.py) and is listed in FORM_PAGES with the page that draws it, or it is
idempotent by itself and listed in IDEMPOTENT with the reason. A new create form that is
in neither list fails here until it gets `{% once_token %}` or a reason.
"""

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from network.models import ServiceType, Theme
from network.reference_data import ensure_service_types, ensure_themes
from portal.once import ALREADY_SENT, FIELD
from portal.templatetags.once import new_token
from tests.once.harness import POSTS, allowed_role, counts, grew, post_id, prepare

# Create forms that carry a one-time token: URL name -> the page that draws the form
# (None: the form is on the create URL's own page), opened with the same URL arguments.
FORM_PAGES = {
    "localservices:service_add": None,
    "localservices:suggest": None,
    "network:action_create": None,
    "network:agreement_publish": None,
    "network:event_create": None,
    "network:invite": None,
    "network:series_create": None,
    "qi:annotation_add": "qi:measure_detail",
    "qi:cycle_comment": "qi:cycle_detail",
    "qi:driver_add": None,
    "qi:idea_add": None,
    "qi:measure_create": None,
    "qi:project_create": None,
    "qi:value_add": "qi:measure_detail",
    "surveys:need_create": None,
    "surveys:need_respond": "surveys:need_detail",
    # A toggle: a second tap would take back the first.
    "surveys:need_endorse": "surveys:need_detail",
    "surveys:question_add": None,
    "surveys:survey_copy": None,
    "surveys:survey_create": None,
}

# Create forms that store one record however often they are sent, and why.
IDEMPOTENT = {
    "digests:preferences": "one preference row per person (unique), updated in place",
    "network:agreement_sign": "one signature per person and version (unique)",
    "network:event_feedback": "one feedback per person and event (unique)",
    "network:event_register": "one registration per person and event (unique)",
    "network:theme_add": "theme names are unique: the second send is told the name is taken",
    "outcomes:measure_create": "measure names are unique: the second send gets a form error",
    "outcomes:return_correct": "a correction that changes nothing is refused",
    "outcomes:return_no_change": "one monthly return per home and month (unique)",
    "outcomes:return_send": "one monthly return per home and month (unique)",
    "privacy:erase_person": "erasing someone twice finds nothing left to erase",
    "privacy:request_erasure": "one open erasure request per person",
    "privacy:retention": "one retention setting, updated in place",
    "qi:cycle_create": "the same cycle from the same person within 10 minutes is reused",
    "qi:idea_try": "an idea is copied into a project once",
    "qi:measure_import": "one value per measure and date (unique): the second import is refused",
    "surveys:survey_answer": "one participation per person or home (unique)",
    "training:assessment": "one learning record per person and session (unique)",
    "training:cascade_create": "the same delivery from the same person is recorded once",
    "training:collection_create": "collection titles are unique",
    "training:collection_items": "a session is in a collection once (unique)",
    "training:handout_add": "a handout title is used once per session",
    "training:session_add_to_collection": "a session is in a collection once (unique)",
    "training:session_create": "the same session from the same person is recorded once",
    "training:session_from_event": "one recorded session per event (unique)",
}

CASES = [entry for entry in POSTS if allowed_role(entry)]


@pytest.mark.parametrize("entry", CASES, ids=[post_id(e) for e in CASES])
def test_sending_a_create_form_twice_stores_one_record(client, cast, entry):
    assert not (entry.name in FORM_PAGES and entry.name in IDEMPOTENT), entry.name
    user, objs, url, data = prepare(client, cast, entry)
    token = new_token()
    before = counts()
    first = client.post(url, {**data, FIELD: token})
    assert first.status_code == 302, first.status_code
    added = grew(before, counts())
    if not added:
        pytest.skip("saves changes, adds no record")
    if entry.name in IDEMPOTENT:
        again = client.post(url, data)  # no token: the form itself must not store twice
        assert again.status_code in (200, 302), again.status_code
        assert grew(before, counts()) == added, "sent twice, stored twice"
        return
    assert entry.name in FORM_PAGES, (
        f"{entry.name} adds {added} and can be stored twice: put {{% once_token %}} in its "
        "form and list it in FORM_PAGES, or list why it is idempotent in IDEMPOTENT"
    )
    again = client.post(url, {**data, FIELD: token})
    assert grew(before, counts()) == added, "sent twice, stored twice"
    assert again.status_code == 302
    assert again.url == first.url  # back where the first send went
    page = client.get(again.url, follow=True)
    assert ALREADY_SENT in page.content.decode()


def _forms(html: str) -> list[tuple[str, str]]:
    """(action, inside) of each POST form on a page."""
    found = []
    for match in re.finditer(r"<form\b([^>]*)>(.*?)</form>", html, re.S):
        attrs, inside = match.groups()
        if 'method="post"' not in attrs:
            continue
        action = re.search(r'action="([^"]*)"', attrs)
        found.append((action.group(1) if action else "", inside))
    return found


FORM_CASES = [e for e in CASES if e.name in FORM_PAGES]


@pytest.mark.parametrize("entry", FORM_CASES, ids=[post_id(e) for e in FORM_CASES])
def test_the_create_form_carries_a_one_time_token(client, cast, entry):
    user, objs, url, data = prepare(client, cast, entry)
    page_name = FORM_PAGES[entry.name]
    page_url = reverse(page_name, args=entry.args(cast, objs)) if page_name else url
    response = client.get(page_url)
    assert response.status_code == 200
    html = response.content.decode()
    forms = [inside for action, inside in _forms(html) if (action or page_url) == url]
    assert forms, f"no form on {page_url} sends to {url}"
    tokens = [re.findall(rf'name="{FIELD}" value="([\w-]+)"', inside) for inside in forms]
    assert all(len(found) == 1 for found in tokens), "each form needs one token"
    # A new token each time the page is drawn, so two forms never share one.
    assert tokens[0][0] not in client.get(page_url).content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("entry", FORM_CASES, ids=[post_id(e) for e in FORM_CASES])
def test_two_sends_at_the_same_moment_store_one_record(cast, entry):
    """Two requests with one token race (a double tap on a slow network): the second waits
    for the first, so only one reaches the form and the other is told it was saved once."""
    # An earlier transactional test in this process may have emptied the tables the
    # migrations fill (themes, service types): put them back.
    ensure_themes(Theme)
    ensure_service_types(ServiceType)
    user, objs, url, data = prepare(Client(), cast, entry)
    token = new_token()
    start = threading.Barrier(2)
    sent = []

    def send():
        browser = Client()
        browser.force_login(user)
        start.wait()
        try:
            sent.append((browser, browser.post(url, {**data, FIELD: token})))
        finally:
            connection.close()

    before = counts()
    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert grew(before, counts())
    assert [answer.status_code for _, answer in sent] == [302, 302]
    assert sent[0][1].url == sent[1][1].url
    told = [ALREADY_SENT in browser.get(answer.url).content.decode() for browser, answer in sent]
    assert sorted(told) == [False, True]  # one send was saved, the other refused
