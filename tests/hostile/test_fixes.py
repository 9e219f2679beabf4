"""Server errors the form fuzzing found, each now a form error (these failed before)."""

from django.urls import reverse

from qi_cycles.models import MeasureValue
from surveys.models import Need
from tests.access import qi

TOO_BIG = "9223372036854775808"  # one past the largest id a database integer holds


def test_saving_an_import_that_no_longer_reads_shows_the_form_again(client, cast):
    """The confirm step re-reads the values; if nothing in them is a date and a value it
    said so with a server error (an unbound form was given the error)."""
    measure = qi.objects(cast)["qi_measure"]
    count = MeasureValue.objects.count()
    client.force_login(cast.mona)
    url = reverse("qi:measure_import", args=[measure.pk])
    response = client.post(url, {"confirm": "1", "data": "<script>x</script>"})
    assert response.status_code == 200
    assert b"nhsuk-error-summary" in response.content
    assert b"We could not find any dates and values" in response.content
    assert MeasureValue.objects.count() == count


def test_a_theme_id_too_big_for_the_database_is_a_form_error(client, cast):
    client.force_login(cast.mona)
    data = {"title": "Hydration", "description": "Drinks", "urgency": "soon", "themes": TOO_BIG}
    response = client.post(reverse("surveys:need_create"), data)
    assert response.status_code == 200
    assert b"nhsuk-error-summary" in response.content
    assert not Need.objects.exists()


def test_a_training_theme_id_too_big_is_a_form_error(client, cast):
    client.force_login(cast.will)
    data = {"title": "Hydration basics", "source": "link", "themes": [TOO_BIG, "-" + TOO_BIG]}
    response = client.post(reverse("training:session_create"), data)
    assert response.status_code == 200
    assert b"nhsuk-error-summary" in response.content


def test_a_survey_choice_id_too_big_is_a_form_error(client, cast):
    from surveys.models import Choice, Question, Response
    from tests.access import surveys

    survey = surveys.objects(cast)["staff_survey"]
    question = Question.objects.create(survey=survey, order=2, kind="multiple", text="Which?")
    Choice.objects.create(question=question, order=0, label="Falls")
    client.force_login(cast.sid)
    response = client.post(
        reverse("surveys:survey_answer", args=[survey.pk]),
        {f"q{question.pk}": TOO_BIG, "send": "1"},
    )
    assert response.status_code == 200
    assert b"nhsuk-error-summary" in response.content
    assert not Response.objects.filter(submitted_at__isnull=False).exists()


def test_a_day_or_month_too_big_for_a_date_is_a_form_error(client, cast):
    """date() raised OverflowError, not ValueError, for 2147483648: a server error."""
    from tests.access import training_authoring

    client.force_login(cast.will)
    data = training_authoring._session_data(cast, {}, cast.will)
    for part in ("recorded_on_day", "recorded_on_month"):
        response = client.post(reverse("training:session_create"), {**data, part: "2147483648"})
        assert response.status_code == 200
        assert b"nhsuk-error-summary" in response.content


def test_a_next_that_is_not_a_path_is_not_read_as_a_page_name(client, cast):
    """redirect() read next=home (or any word) as a view name: NoReverseMatch, a server
    error, or a page the form did not mean. Now it is only ever an address."""
    from tests.access import directory

    objs = directory.objects(cast)
    client.force_login(cast.mona)
    membership = cast.mona.memberships.first()
    response = client.post(
        reverse("switch_membership"), {"membership": membership.pk, "next": "xyz"}
    )
    assert response.status_code == 302
    assert response.url == "xyz"
    version = objs["agreement_version"].version
    response = client.post(reverse("network:agreement_sign"), {"version": version, "next": "xyz"})
    assert response.status_code == 302
    assert response.url == "xyz"
