"""Two people editing one survey or question at once (optimistic locking): the second save
is refused with a clear error, their typed text stays in the form, and the first person's
changes stand. A normal save still works and moves the version on."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from surveys.models import Question, Survey
from tests.surveys.test_surveys_support import make_survey

CONFLICT = (
    "Someone else changed this {} while you were editing it. Your changes have not been "
    "saved. Copy anything you need, then reload the page to see their changes."
)


class _Form(HTMLParser):
    """What a browser would send from the page's last POST form without an action (the
    edit form): text inputs, hidden inputs, textareas, checked radios, selected options."""

    def __init__(self):
        super().__init__()
        self.data, self._in_form, self._textarea, self._select = {}, False, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._in_form = a.get("method") == "post" and "action" not in a
            if self._in_form:
                self.data = {}
        if not self._in_form or "name" not in a and tag != "option":
            return
        if tag == "input" and a.get("type") in ("radio", "checkbox"):
            if "checked" in a:
                self.data[a["name"]] = a.get("value", "on")
        elif tag == "input":
            self.data[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.removeprefix("\n")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def load_form(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    parser = _Form()
    parser.feed(response.content.decode())
    return parser.data


@pytest.fixture
def will_and_ada(cast):
    will, ada = Client(), Client()
    will.force_login(cast.will)
    ada.force_login(cast.ada)
    return will, ada


def test_survey_second_save_is_refused_and_the_first_stands(will_and_ada):
    will, ada = will_and_ada
    survey = make_survey(published=False)
    url = reverse("surveys:survey_edit", args=[survey.pk])
    wills, adas = load_form(will, url), load_form(ada, url)
    assert wills["version"] == adas["version"] == "1"
    first = will.post(url, {**wills, "title": "Winter needs survey (Will)"})
    assert first.status_code == 302
    response = ada.post(url, {**adas, "introduction": "Ada's careful introduction"})
    assert response.status_code == 200
    html = response.content.decode()
    assert CONFLICT.format("survey") in html
    assert "There is a problem" in html  # the error summary at the top
    assert "Ada&#x27;s careful introduction" in html  # what she typed is still there
    survey.refresh_from_db()
    assert survey.title == "Winter needs survey (Will)"
    assert survey.introduction != "Ada's careful introduction"
    assert survey.version == 2


def test_survey_normal_edits_save_and_bump_the_version(will_and_ada):
    will, _ = will_and_ada
    survey = make_survey(published=False)
    url = reverse("surveys:survey_edit", args=[survey.pk])
    for n in (1, 2):
        data = load_form(will, url)
        assert data["version"] == str(n)
        assert will.post(url, {**data, "title": f"Round {n}"}).status_code == 302
    survey.refresh_from_db()
    assert (survey.title, survey.version) == ("Round 2", 3)


def test_question_second_save_is_refused_and_the_first_stands(will_and_ada):
    will, ada = will_and_ada
    question = make_survey(published=False).questions.get(kind="multiple")
    url = reverse("surveys:question_edit", args=[question.pk])
    wills, adas = load_form(will, url), load_form(ada, url)
    assert wills["version"] == adas["version"] == "1"
    assert will.post(url, {**wills, "text": "Which training?"}).status_code == 302
    response = ada.post(url, {**adas, "choices": "Falls\nDementia\nOral care"})
    assert response.status_code == 200
    html = response.content.decode()
    assert CONFLICT.format("question") in html
    assert "Oral care" in html
    question.refresh_from_db()
    assert question.text == "Which training?" and question.version == 2
    assert list(question.choices.values_list("label", flat=True)) == [
        "Falls",
        "Dementia",
        "Medicines",
    ]


def test_question_normal_edit_saves_and_bumps_the_version(will_and_ada):
    will, _ = will_and_ada
    question = make_survey(published=False).questions.get(kind="multiple")
    url = reverse("surveys:question_edit", args=[question.pk])
    data = load_form(will, url)
    assert will.post(url, {**data, "choices": "Falls\nOral care"}).status_code == 302
    question.refresh_from_db()
    assert question.version == 2
    assert list(question.choices.values_list("label", flat=True)) == ["Falls", "Oral care"]


def test_a_form_with_errors_does_not_move_the_version(will_and_ada):
    will, _ = will_and_ada
    survey = make_survey(published=False)
    url = reverse("surveys:survey_edit", args=[survey.pk])
    response = will.post(url, {**load_form(will, url), "title": ""})
    assert response.status_code == 200
    assert Survey.objects.get(pk=survey.pk).version == 1
    assert Question.objects.filter(survey=survey, version=1).count() == 3
