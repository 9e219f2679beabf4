"""Two project workers changing one network measure at once (optimistic locking): the
second save is refused with a clear error, their typed text stays in the form, and the
first person's change stands."""

from django.test import Client
from django.urls import reverse

from outcomes.models import NetworkMeasure
from tests.outcomes.factories import standard_measures
from tests.surveys.test_optimistic_locking import CONFLICT, load_form


def _browsers(cast):
    will, ada = Client(), Client()
    will.force_login(cast.will)
    ada.force_login(cast.ada)
    return will, ada


def test_the_second_save_is_refused_and_the_first_stands(cast):
    falls = standard_measures()["falls"]
    will, ada = _browsers(cast)
    url = reverse("outcomes:measure_edit", args=[falls.pk])
    wills, adas = load_form(will, url), load_form(ada, url)
    assert wills["version"] == adas["version"] == "1"
    assert will.post(url, {**wills, "target": "2"}).status_code == 302
    response = ada.post(url, {**adas, "definition": "Ada's new wording for falls"})
    assert response.status_code == 200
    html = response.content.decode()
    assert CONFLICT.format("measure") in html
    assert "There is a problem" in html
    assert "Ada&#x27;s new wording for falls" in html
    falls = NetworkMeasure.objects.get(pk=falls.pk)
    assert falls.target == 2 and falls.definition != "Ada's new wording for falls"
    assert falls.version == 2


def test_a_normal_edit_saves_and_bumps_the_version(cast):
    falls = standard_measures()["falls"]
    will, _ = _browsers(cast)
    url = reverse("outcomes:measure_edit", args=[falls.pk])
    for target in ("2", "1"):
        assert will.post(url, {**load_form(will, url), "target": target}).status_code == 302
    falls = NetworkMeasure.objects.get(pk=falls.pk)
    assert (falls.target, falls.version) == (1, 3)
