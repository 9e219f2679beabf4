"""Needs surveys: the list, the builder (survey, questions, order, publish, new round),
answering, results and the CSV export. Who may do what is decided in
surveys.selectors_surveys; the writes are in surveys.services_surveys."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from audit import hooks as audit
from audit.hooks import audited_delete, audited_export
from audit.models import Action
from network.models import Area
from network.roles import OrganisationKind
from portal.forms import add_service_errors, posted_data
from surveys import results as survey_results
from surveys import selectors_surveys as selectors
from surveys import services_surveys as services
from surveys.forms_surveys import (
    AnswerForm,
    CopySurveyForm,
    QuestionForm,
    SurveyForm,
    conflict_message,
    initial_from,
)

SURVEY_FIELDS = {"opens_at": "opens_on", "closes_at": "closes_on"}


def _crumbs(*extra) -> list[tuple[str, str]]:
    return [("Home", reverse("home")), ("Surveys", reverse("surveys:survey_list")), *extra]


def _survey_crumbs(survey) -> list[tuple[str, str]]:
    return _crumbs((survey.title, reverse("surveys:survey_edit", args=[survey.pk])))


# --- Lists --------------------------------------------------------------------------------


def survey_list(request: HttpRequest) -> HttpResponse:
    if selectors.can_build(request.user):
        ctx = {"surveys": selectors.with_status(selectors.builder_survey_list()), "builder": True}
    else:
        ctx = {"surveys": selectors.survey_list_for(request.user, request.membership)}
    ctx["breadcrumbs"] = [("Home", reverse("home"))]
    return render(request, "surveys/surveys/survey_list.html", ctx)


# --- Builder ------------------------------------------------------------------------------


def _survey_details(cleaned: dict) -> dict:
    return {
        "title": cleaned["title"],
        "introduction": cleaned["introduction"],
        "audience": cleaned["audience"],
        "anonymous": cleaned["anonymous"],
        "one_per_home": cleaned["one_per_home"],
        "opens_at": cleaned["opens_at"],
        "closes_at": cleaned["closes_at"],
    }


def survey_create(request: HttpRequest) -> HttpResponse:
    selectors.require_builder(request.user)
    form = SurveyForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.create_survey(
                actor=request.user, **_survey_details(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_errors(form, error, SURVEY_FIELDS)
        else:
            messages.success(request, "The survey has been saved. Now add its questions.")
            return redirect("surveys:survey_edit", pk=survey.pk)
    ctx = {"form": form, "breadcrumbs": _crumbs()}
    return render(request, "surveys/surveys/survey_form.html", ctx)


def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The builder: the survey's details, and its questions to add, change and reorder."""
    survey = selectors.get_survey_for_building(request.user, pk)
    form = SurveyForm(posted_data(request), survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_survey(
                actor=request.user,
                survey=survey,
                version=form.cleaned_data["version"],
                **_survey_details(form.cleaned_data),
            )
        except services.EditConflict:
            form.add_error(None, conflict_message("survey"))
        except ValidationError as error:
            add_service_errors(form, error, SURVEY_FIELDS)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("surveys:survey_edit", pk=survey.pk)
    survey.status_text, survey.status_colour = selectors.status(survey)
    ctx = {
        "form": form,
        "survey": survey,
        "questions": list(survey.questions.all()),
        "closed_reason": services.why_not_open(survey),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "surveys/surveys/survey_edit.html", ctx)


@require_POST
def survey_publish(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.get_survey_for_building(request.user, pk)
    try:
        services.publish_survey(actor=request.user, survey=survey)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "The survey is published. People will see it on their home page once it opens."
        )
    return redirect("surveys:survey_edit", pk=survey.pk)


def survey_copy(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.get_survey_for_building(request.user, pk)
    form = CopySurveyForm(posted_data(request), initial={"title": survey.title})
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            new = services.copy_survey(
                actor=request.user,
                survey=survey,
                title=cleaned["title"],
                opens_at=cleaned["opens_at"],
                closes_at=cleaned["closes_at"],
            )
        except ValidationError as error:
            add_service_errors(form, error, SURVEY_FIELDS)
        else:
            messages.success(
                request, "The new round has been made. Check its questions, then publish it."
            )
            return redirect("surveys:survey_edit", pk=new.pk)
    ctx = {"form": form, "survey": survey, "breadcrumbs": _survey_crumbs(survey)}
    return render(request, "surveys/surveys/survey_copy.html", ctx)


def _question_details(cleaned: dict) -> dict:
    return {
        "kind": cleaned["kind"],
        "text": cleaned["text"],
        "hint": cleaned["hint"],
        "theme": cleaned["theme"],
        "required": cleaned["required"],
        "choices": cleaned["choice_list"],
        "rating_low_label": cleaned["rating_low_label"],
        "rating_high_label": cleaned["rating_high_label"],
    }


def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.get_survey_for_building(request.user, pk)
    form = QuestionForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_question(
                actor=request.user, survey=survey, **_question_details(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_errors(form, error, SURVEY_FIELDS)
        else:
            messages.success(request, "The question has been added.")
            return redirect("surveys:survey_edit", pk=survey.pk)
    ctx = {"form": form, "survey": survey, "breadcrumbs": _survey_crumbs(survey)}
    return render(request, "surveys/surveys/question_form.html", ctx)


def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.get_question_for_building(request.user, pk)
    survey = question.survey
    form = QuestionForm(posted_data(request), question=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_question(
                actor=request.user,
                question=question,
                version=form.cleaned_data["version"],
                **_question_details(form.cleaned_data),
            )
        except services.EditConflict:
            form.add_error(None, conflict_message("question"))
        except ValidationError as error:
            add_service_errors(form, error, SURVEY_FIELDS)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("surveys:survey_edit", pk=survey.pk)
    ctx = {
        "form": form,
        "survey": survey,
        "question": question,
        "has_answers": selectors.question_has_answers(question),
        "breadcrumbs": _survey_crumbs(survey),
    }
    return render(request, "surveys/surveys/question_form.html", ctx)


@audited_delete("surveys.question")
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.get_question_for_building(request.user, pk)
    survey = question.survey
    has_answers = selectors.question_has_answers(question)
    form = forms.Form(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_question(actor=request.user, question=question)
        except ValidationError as error:
            add_service_errors(form, error, SURVEY_FIELDS)
            has_answers = True
        else:
            messages.success(request, "The question has been deleted.")
            return redirect("surveys:survey_edit", pk=survey.pk)
    ctx = {
        "form": form,
        "survey": survey,
        "question": question,
        "has_answers": has_answers,
        "breadcrumbs": _survey_crumbs(survey),
    }
    return render(request, "surveys/surveys/question_delete.html", ctx)


@require_POST
def question_hide(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.get_question_for_building(request.user, pk)
    hidden = request.POST.get("show") != "1"
    services.hide_question(actor=request.user, question=question, hidden=hidden)
    if hidden:
        messages.success(
            request, "The question is hidden. People who answer from now on will not see it."
        )
    else:
        messages.success(request, "The question is shown again.")
    return redirect("surveys:survey_edit", pk=question.survey_id)


@require_POST
def question_move(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.get_question_for_building(request.user, pk)
    try:
        services.move_question(
            actor=request.user, question=question, direction=request.POST.get("direction", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("surveys:survey_edit", args=[question.survey_id]) + f"#q{pk}")


# --- Answering ----------------------------------------------------------------------------


def survey_answer(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.get_survey_for_answering(request.user, request.membership, pk)
    questions = selectors.visible_questions(survey)
    closed_reason = services.why_not_open(survey)
    done = selectors.already_answered(survey, request.user, request.membership)
    draft = selectors.draft_for(survey, request.user) if not done else None
    saving = request.method == "POST" and "save" in request.POST
    form = AnswerForm(
        posted_data(request),
        questions=questions,
        draft=saving,
        initial=initial_from(draft, questions),
    )
    if request.method == "POST" and not closed_reason and not done and form.is_valid():
        service = services.save_draft if saving else services.submit_response
        try:
            service(
                user=request.user,
                membership=request.membership,
                survey=survey,
                answers=form.answers(),
            )
        except (services.SurveyClosed, services.AlreadyAnswered) as refused:
            messages.error(request, str(refused))
        else:
            if saving:
                messages.success(
                    request,
                    "Your answers have been saved. Come back to this page to finish and send "
                    "them before the survey closes.",
                )
                return redirect("surveys:survey_answer", pk=survey.pk)
            messages.success(request, "Thank you. Your answers have been sent.")
            return redirect("surveys:survey_list")
        return redirect("surveys:survey_answer", pk=survey.pk)
    if request.method == "POST" and (closed_reason or done):
        messages.error(
            request,
            closed_reason or "You have already sent your answers. Nothing new has been saved.",
        )
        return redirect("surveys:survey_answer", pk=survey.pk)
    ctx = {
        "form": form,
        "survey": survey,
        "closed_reason": closed_reason,
        "done": done,
        "draft": draft,
        "breadcrumbs": _crumbs(),
    }
    return render(request, "surveys/surveys/survey_answer.html", ctx)


# --- Results ------------------------------------------------------------------------------


class ResultsFilterForm(forms.Form):
    area = forms.ModelChoiceField(
        label="Area", queryset=Area.objects.all(), required=False, empty_label="All areas"
    )
    kind = forms.ChoiceField(
        label="Type of organisation",
        choices=[("", "All types")] + list(OrganisationKind.choices),
        required=False,
    )


def survey_results_view(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.get_survey_for_building(request.user, pk)
    form = ResultsFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    data = survey_results.survey_results(
        survey, area=filters.get("area"), kind=filters.get("kind", "")
    )
    audit.named_answers_viewed(request, survey, data)
    ctx = {
        "survey": survey,
        "form": form,
        "filtered": bool(filters.get("area") or filters.get("kind")),
        "results": data,
        "breadcrumbs": _survey_crumbs(survey),
    }
    return render(request, "surveys/surveys/survey_results.html", ctx)


@audited_export("surveys.survey", action=Action.VIEWED_RESPONSE)
def survey_export(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.get_survey_for_building(request.user, pk)
    response = HttpResponse(
        survey_results.export_csv(survey), content_type="text/csv; charset=utf-8"
    )
    name = slugify(survey.title) or "survey"
    response["Content-Disposition"] = f'attachment; filename="{name}-responses.csv"'
    return response
