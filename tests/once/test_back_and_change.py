"""Pressing Back, changing a create form and sending it again (portal/once.py).

The page comes back from the browser's cache with the same one-time token. The same
token with the same answers is a double submit: one record. The same token with changed
answers is a new record the person meant to send: it is saved too.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from portal.models import OnceToken
from portal.once import ALREADY_SENT, FIELD, claim_key
from portal.templatetags.once import new_token
from surveys.models import Need

NEED = {"title": "Hydration ideas", "description": "Residents drink too little", "urgency": "soon"}
URL = "surveys:need_create"


def test_the_same_answers_sent_again_store_one_need(client, cast):
    client.force_login(cast.mona)
    data = {**NEED, FIELD: new_token()}
    first = client.post(reverse(URL), data)
    page = client.post(reverse(URL), data, follow=True)
    assert first.status_code == 302
    assert page.redirect_chain[0][0] == first.url
    assert ALREADY_SENT in page.content.decode()
    assert Need.objects.filter(title=NEED["title"]).count() == 1


def test_back_then_a_changed_answer_stores_a_second_need(client, cast):
    client.force_login(cast.mona)
    token = new_token()
    client.post(reverse(URL), {**NEED, FIELD: token})
    changed = {**NEED, "title": "Hydration ideas for night staff", FIELD: token}
    page = client.post(reverse(URL), changed, follow=True)
    assert ALREADY_SENT not in page.content.decode()
    assert Need.objects.filter(title=NEED["title"]).count() == 1
    assert Need.objects.filter(title=changed["title"]).count() == 1
    assert OnceToken.objects.count() == 2


def test_the_changed_form_sent_twice_still_stores_it_once(client, cast):
    client.force_login(cast.mona)
    token = new_token()
    client.post(reverse(URL), {**NEED, FIELD: token})
    changed = {**NEED, "urgency": "urgent", FIELD: token}
    client.post(reverse(URL), changed)
    page = client.post(reverse(URL), changed, follow=True)
    assert ALREADY_SENT in page.content.decode()
    assert Need.objects.count() == 2


def test_the_fingerprint_ignores_the_security_fields_and_the_order_of_fields(cast):
    token = new_token()
    factory = RequestFactory()

    def key(data, **files):
        request = factory.post("/", {**data, **files})
        return claim_key(request, token)

    plain = key({"a": "1", "b": "2"})
    assert plain == key({"b": "2", "a": "1", "csrfmiddlewaretoken": "x" * 64})
    assert plain != key({"a": "1", "b": "3"})
    assert plain != key({"a": "1", "b": "2", "c": ""})
    assert len(plain) <= OnceToken._meta.get_field("token").max_length

    def pdf(content):
        return SimpleUploadedFile("plan.pdf", content, content_type="application/pdf")

    assert key({"a": "1"}, file=pdf(b"12345")) == key({"a": "1"}, file=pdf(b"54321"))
    assert key({"a": "1"}, file=pdf(b"12345")) != key({"a": "1"}, file=pdf(b"123456"))
