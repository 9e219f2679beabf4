"""Survey pages: answering, the home page, the builder, results and the export."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from surveys.models import Response, Survey, SurveyParticipation
from tests.factories import MembershipFactory, with_mfa
from tests.surveys.test_surveys_support import make_survey, questions, submit

VALID_NHS_NUMBER = "943 476 5919"


def answer_url(survey):
    return reverse("surveys:survey_answer", args=[survey.pk])


def post_answers(client, survey, *, rating="4", topics=("Falls",), text="", action="send"):
    q_rating, q_topics, q_text = questions(survey)
    chosen = [str(c.pk) for c in q_topics.choices.filter(label__in=topics)]
    data = {f"q{q_rating.pk}": rating, f"q{q_topics.pk}": chosen, f"q{q_text.pk}": text}
    data[action] = "1"
    return client.post(answer_url(survey), data)


# --- Answering ----------------------------------------------------------------------------


def test_answer_page_says_the_survey_is_anonymous(client, cast):
    survey = make_survey(anonymous=True)
    client.force_login(cast.sid)
    page = client.get(answer_url(survey)).content.decode()
    assert "This survey is anonymous. Nobody, including the network team" in page
    assert "Save and come back later" in page


def test_named_survey_says_names_are_stored(client, cast):
    survey = make_survey(anonymous=False)
    client.force_login(cast.sid)
    page = client.get(answer_url(survey)).content.decode()
    assert "Your name will be stored with your answers. Project workers can see it." in page


def test_sending_answers_then_sending_again_stores_once(client, cast):
    survey = make_survey()
    client.force_login(cast.sid)
    response = post_answers(client, survey)
    assert response.status_code == 302
    assert Response.objects.filter(survey=survey, submitted_at__isnull=False).count() == 1
    again = post_answers(client, survey, rating="1")
    assert again.status_code == 302
    page = client.get(again.url).content.decode()
    assert "You have already sent your answers" in page
    assert Response.objects.filter(survey=survey).count() == 1


def test_required_questions_must_be_answered(client, cast):
    survey = make_survey()
    client.force_login(cast.sid)
    response = post_answers(client, survey, rating="", topics=())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose a rating from 1 to 5" in page
    assert "Choose at least one answer" in page
    assert "<title>Error: " in page
    assert not Response.objects.exists()


def test_an_nhs_number_in_free_text_is_refused_and_nothing_saved(client, cast):
    survey = make_survey()
    client.force_login(cast.sid)
    for action in ("send", "save"):
        response = post_answers(
            client, survey, text=f"Resident {VALID_NHS_NUMBER} fell", action=action
        )
        assert response.status_code == 200
        assert "Remove the NHS number" in response.content.decode()
    assert not Response.objects.exists()
    assert not SurveyParticipation.objects.exists()


def test_save_and_come_back_keeps_a_draft(client, cast):
    survey = make_survey()
    client.force_login(cast.sid)
    response = post_answers(client, survey, rating="", topics=("Dementia",), action="save")
    assert response.status_code == 302
    draft = Response.objects.get()
    assert draft.respondent == cast.sid and draft.submitted_at is None
    page = client.get(answer_url(survey)).content.decode()
    assert "You saved some answers" in page
    dementia = questions(survey)[1].choices.get(label="Dementia")
    assert f'value="{dementia.pk}" checked' in page or (
        f'value="{dementia.pk}"' in page and "checked" in page
    )
    home = client.get(reverse("home")).content.decode()
    assert "You have a saved draft" in home


def test_closed_survey_says_when_it_closed_and_refuses_answers(client, cast):
    survey = make_survey(opens_in=-10, closes_in=-1)
    client.force_login(cast.sid)
    page = client.get(answer_url(survey)).content.decode()
    assert "This survey closed on" in page
    assert "Send your answers" not in page
    response = post_answers(client, survey)
    assert response.status_code == 302
    assert not Response.objects.exists()


def test_not_yet_open_survey_says_when_it_opens(client, cast):
    survey = make_survey(opens_in=3, closes_in=10)
    client.force_login(cast.sid)
    assert "This survey opens on" in client.get(answer_url(survey)).content.decode()


def test_one_per_home_tells_the_second_person(client, cast):
    survey = make_survey(one_per_home=True)
    submit(survey, cast.sid.memberships.get())
    client.force_login(cast.mona)
    page = client.get(answer_url(survey)).content.decode()
    assert "Someone from your home has already answered" in page


def test_who_may_open_the_answer_page(client, cast):
    survey = make_survey(audience=Survey.Audience.MANAGERS)
    client.force_login(cast.sid)
    assert client.get(answer_url(survey)).status_code == 403  # staff, managers' survey
    client.force_login(cast.pat)
    assert client.get(answer_url(survey)).status_code == 403
    client.force_login(cast.mona)
    assert client.get(answer_url(survey)).status_code == 200
    draft = make_survey(title="Draft", audience=Survey.Audience.MANAGERS, published=False)
    assert client.get(answer_url(draft)).status_code == 404
    assert client.get(reverse("surveys:survey_answer", args=[98765])).status_code == 404


def test_audience_follows_the_organisation_the_person_acts_for(client, cast):
    survey = make_survey(audience=Survey.Audience.PARTNERS)
    # Mona is also a partner at the ICB; acting for her home she is not in the audience.
    partner = MembershipFactory(user=cast.mona, organisation=cast.icb, role="partner")
    with_mfa(cast.mona)
    client.force_login(cast.mona)
    assert client.get(answer_url(survey)).status_code == 403
    session = client.session
    session["acting_membership_id"] = partner.pk
    session.save()
    assert client.get(answer_url(survey)).status_code == 200


# --- Home page and list -------------------------------------------------------------------


def test_home_page_lists_open_surveys_until_answered(client, cast, django_assert_max_num_queries):
    survey = make_survey()
    make_survey(title="Partners only", audience=Survey.Audience.PARTNERS)
    make_survey(title="Not published", published=False)
    make_survey(title="Closed already", opens_in=-9, closes_in=-1)
    from surveys.selectors_surveys import home_items

    sid = cast.sid
    membership = sid.memberships.select_related("organisation").get()
    with django_assert_max_num_queries(3):
        items = home_items(sid, membership)
    assert [s.title for s in items["open_surveys"]] == [survey.title]
    client.force_login(sid)
    page = client.get(reverse("home")).content.decode()
    assert survey.title in page
    assert f"Closes on {timezone.localtime(survey.closes_at):%-d %B %Y}" in page
    submit(survey, membership)
    assert survey.title not in client.get(reverse("home")).content.decode()


def test_survey_list_for_respondents_and_builders(client, cast):
    survey = make_survey()
    hidden = make_survey(title="Not published", published=False)
    client.force_login(cast.sid)
    page = client.get(reverse("surveys:survey_list")).content.decode()
    assert survey.title in page and hidden.title not in page
    client.force_login(cast.will)
    page = client.get(reverse("surveys:survey_list")).content.decode()
    assert survey.title in page and hidden.title in page and "Create a survey" in page


# --- Builder ------------------------------------------------------------------------------


def _dates(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_builder_creates_a_survey_and_adds_questions(client, cast):
    client.force_login(cast.will)
    today = timezone.localdate()
    response = client.post(
        reverse("surveys:survey_create"),
        {
            "title": "Managers' needs",
            "audience": "managers",
            "anonymous": "no",
            "one_per_home": "yes",
            **_dates("opens_on", today),
            **_dates("closes_on", today + timedelta(days=14)),
        },
    )
    survey = Survey.objects.get()
    assert response.url == reverse("surveys:survey_edit", args=[survey.pk])
    assert not survey.anonymous and survey.one_per_home
    assert timezone.localtime(survey.closes_at).strftime("%H:%M") == "23:59"
    response = client.post(
        reverse("surveys:question_add", args=[survey.pk]),
        {
            "text": "What do you need?",
            "kind": "single",
            "choices": "Training\nStaff\n",
            "required": "yes",
        },
    )
    assert response.status_code == 302
    assert list(survey.questions.get().choices.values_list("label", flat=True)) == [
        "Training",
        "Staff",
    ]
    client.post(reverse("surveys:survey_publish", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.published


def test_builder_form_errors(client, cast):
    client.force_login(cast.will)
    today = timezone.localdate()
    response = client.post(
        reverse("surveys:survey_create"),
        {
            "title": "",
            "audience": "partners",
            "anonymous": "yes",
            "one_per_home": "yes",
            **_dates("opens_on", today),
            **_dates("closes_on", today - timedelta(days=1)),
        },
    )
    page = response.content.decode()
    assert "Enter a title for the survey" in page
    assert "The closing date must be on or after the opening date" in page
    assert "only works for care home surveys" in page
    assert not Survey.objects.exists()
    survey = make_survey()
    response = client.post(
        reverse("surveys:question_add", args=[survey.pk]),
        {"text": "Pick", "kind": "multiple", "choices": "Only one", "required": "yes"},
    )
    assert "Give at least 2 answers to choose from" in response.content.decode()
    assert survey.questions.count() == 3


def test_deleting_an_answered_question_explains_and_offers_hiding(client, cast):
    survey = make_survey()
    submit(survey, cast.sid.memberships.get())
    rating = questions(survey)[0]
    client.force_login(cast.will)
    url = reverse("surveys:question_delete", args=[rating.pk])
    page = client.get(url).content.decode()
    assert "This question cannot be deleted" in page and "Hide it instead" in page
    response = client.post(url)
    assert response.status_code == 200
    assert "cannot be deleted" in response.content.decode()
    rating.refresh_from_db()
    client.post(reverse("surveys:question_hide", args=[rating.pk]))
    rating.refresh_from_db()
    assert rating.hidden
    client.force_login(cast.sid)
    page = client.get(answer_url(make_survey(title="x"))).content.decode()
    assert "How well supported" in page


def test_copy_asks_for_new_dates(client, cast):
    survey = make_survey()
    client.force_login(cast.will)
    url = reverse("surveys:survey_copy", args=[survey.pk])
    response = client.post(url, {"title": "Next round"})
    assert "Enter the date the survey opens" in response.content.decode()
    assert Survey.objects.count() == 1
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "title": "Next round",
            **_dates("opens_on", today + timedelta(days=1)),
            **_dates("closes_on", today + timedelta(days=20)),
        },
    )
    new = Survey.objects.get(title="Next round")
    assert response.url == reverse("surveys:survey_edit", args=[new.pk])
    assert new.previous_round == survey and not new.published


# --- Results and export -------------------------------------------------------------------


def _staff(count, organisation):
    return [MembershipFactory(organisation=organisation, role="staff") for _ in range(count)]


def test_results_suppress_small_counts(client, cast):
    survey = make_survey()
    for n, membership in enumerate(_staff(6, cast.home_a)):
        submit(
            survey,
            membership,
            rating=4,
            topics=("Falls",) if n else ("Dementia",),
            text=f"Idea {n}",
        )
    client.force_login(cast.will)
    page = client.get(reverse("surveys:survey_results", args=[survey.pk])).content.decode()
    assert "<svg" in page and 'role="img"' in page
    # Falls: 5 of the 6. No percentage or exact total: "83%" or "answered by 6" would
    # tell anyone that exactly 1 person chose Dementia.
    assert ">5<" in page and "83%" not in page
    assert "fewer than 5" in page  # Dementia: 1 person
    assert "5 or more" in page
    assert "Idea 3" in page  # 6 responses: anonymous texts shown
    assert "Average rating: <strong>4</strong>" in page


def test_results_hide_anonymous_texts_and_means_below_five(client, cast):
    survey = make_survey()
    for membership in _staff(3, cast.home_a):
        submit(survey, membership, rating=2, text="Private idea")
    client.force_login(cast.will)
    page = client.get(reverse("surveys:survey_results", args=[survey.pk])).content.decode()
    assert "Private idea" not in page
    assert "not shown, as fewer than 5 people answered" in page
    assert '<dd class="nhsuk-summary-list__value">fewer than 5</dd>' in page  # responses
    assert "3 (100%)" not in page


def test_zero_counts_are_suppressed_when_few_answered(client, cast):
    # Two people answered: a "0" beside the other answers would say what both chose.
    survey = make_survey()
    for membership in _staff(2, cast.home_a):
        submit(survey, membership, rating=5, topics=("Falls",))
    client.force_login(cast.will)
    page = client.get(reverse("surveys:survey_results", args=[survey.pk])).content.decode()
    assert "Falls" in page and "Dementia" in page  # the answers are listed
    assert "fewer than 5" in page
    cells = re.findall(
        r'<td class="nhsuk-table__cell[^"]*"[^>]*>(?:<span[^>]*>[^<]*</span>)?\s*([^<]*?)\s*</td>',
        page,
    )
    assert "fewer than 5" in cells and "0" not in cells, cells
    assert not any(c.endswith("%") for c in cells), cells


def test_anonymous_csv_hides_where_small_groups_answered_from(client, cast):
    from tests.factories import AreaFactory, OrganisationFactory

    elsewhere = OrganisationFactory(name="Far House", area=AreaFactory(name="Isle of Wight"))
    survey = make_survey()
    for membership in _staff(5, cast.home_a) + _staff(1, elsewhere):
        submit(survey, membership, rating=3)
    client.force_login(cast.will)
    rows = client.get(reverse("surveys:survey_export", args=[survey.pk])).content.decode()
    lines = rows.strip().splitlines()[1:]
    shown = [line for line in lines if "Care home,Southampton" in line]
    hidden = [line for line in lines if "Not shown (fewer than 5)" in line]
    assert len(shown) == 5 and len(hidden) == 1
    assert "Isle of Wight" not in rows


def test_named_survey_results_show_names_to_project_workers(client, cast):
    survey = make_survey(anonymous=False)
    submit(survey, cast.sid.memberships.get(), text="More hoists")
    client.force_login(cast.will)
    page = client.get(reverse("surveys:survey_results", args=[survey.pk])).content.decode()
    assert "More hoists" in page and "Sid" in page


def test_results_filter_by_area_and_kind(client, cast):
    survey = make_survey()
    for membership in _staff(5, cast.home_a):
        submit(survey, membership, rating=5)
    client.force_login(cast.will)
    url = reverse("surveys:survey_results", args=[survey.pk])
    assert (
        "Average rating: <strong>5</strong>"
        in client.get(url, {"area": cast.home_a.area.parent_id}).content.decode()
    )
    page = client.get(url, {"kind": "icb"}).content.decode()
    assert "Average rating: <strong>" in page and "not shown" in page


def test_results_compare_with_the_previous_round(client, cast):
    summer = make_survey(title="Summer", opens_in=-60, closes_in=-30)
    summer.closes_at = timezone.now() + timedelta(days=1)
    summer.save()
    for membership in _staff(5, cast.home_a):
        submit(summer, membership, rating=2)
    winter = make_survey(title="Winter", previous=summer)
    for membership in _staff(5, cast.home_b):
        submit(winter, membership, rating=4)
    client.force_login(cast.will)
    page = client.get(reverse("surveys:survey_results", args=[winter.pk])).content.decode()
    assert "Previous round: <strong>2</strong>" in page
    assert "Previous round" in page and "100%" in page


def test_results_queries_stay_flat(client, cast, django_assert_max_num_queries):
    survey = make_survey()
    url = reverse("surveys:survey_results", args=[survey.pk])
    client.force_login(cast.will)
    members = _staff(30, cast.home_a)
    for membership in members[:3]:
        submit(survey, membership, text="x")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for membership in members[3:]:
        submit(survey, membership, text="y")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_export_has_no_names_and_only_dates(client, cast):
    survey = make_survey(anonymous=False)
    submit(survey, cast.sid.memberships.get(), topics=("Falls", "Medicines"), text="=SUM(A1)")
    client.force_login(cast.will)
    response = client.get(reverse("surveys:survey_export", args=[survey.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Response", "Date sent", "Type of organisation", "Area"]
    assert rows[1][0] == "1"
    assert rows[1][1] == timezone.localdate().isoformat()
    assert "Falls; Medicines" in rows[1]
    assert "'=SUM(A1)" in rows[1]
    body = response.content.decode()
    assert "Sid" not in body and cast.sid.email not in body and str(cast.sid.pk) not in rows[1][:1]


@pytest.mark.parametrize("name", ["survey_results", "survey_export", "survey_edit"])
def test_builder_pages_refuse_others(client, cast, name):
    survey = make_survey()
    client.force_login(cast.mona)
    assert client.get(reverse(f"surveys:{name}", args=[survey.pk])).status_code == 403
    client.force_login(cast.will)
    assert client.get(reverse(f"surveys:{name}", args=[98765])).status_code == 404
