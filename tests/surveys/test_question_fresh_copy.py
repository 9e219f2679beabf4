"""Saving a question writes over the question as it is now, not the copy the page loaded:
two edits from one version keep the first (the second is told), and a change someone else
made that does not move the version (hiding or moving the question) is not undone."""

import pytest

from surveys import services_surveys as services
from surveys.models import Question
from tests.surveys.test_surveys_support import make_survey


def _edit(actor, question, version, **changes):
    details = {
        "kind": question.kind,
        "text": question.text,
        "hint": question.hint,
        "theme": question.theme,
        "required": question.required,
        "choices": list(question.choices.values_list("label", flat=True)),
        **changes,
    }
    return services.update_question(actor=actor, question=question, version=version, **details)


def _loaded(question):
    """The question as the edit page loaded it (its own copy, like a second request)."""
    return Question.objects.get(pk=question.pk)


def test_two_edits_from_one_version_keep_the_first_and_refuse_the_second(cast):
    question = make_survey(published=False).questions.get(kind="multiple")
    wills, adas = _loaded(question), _loaded(question)
    _edit(cast.will, wills, 1, text="Which training would help most?")
    with pytest.raises(services.EditConflict):
        _edit(cast.ada, adas, 1, text="Ada's wording", choices=["Falls", "Oral care"])
    question.refresh_from_db()
    assert question.text == "Which training would help most?"
    assert question.version == 2
    assert list(question.choices.values_list("label", flat=True)) == [
        "Falls",
        "Dementia",
        "Medicines",
    ]


def test_an_edit_does_not_unhide_a_question_hidden_while_it_was_open(cast):
    question = make_survey(published=False).questions.get(kind="multiple")
    wills = _loaded(question)
    services.hide_question(actor=cast.ada, question=_loaded(question))
    _edit(cast.will, wills, 1, text="Which training would help most?")
    question.refresh_from_db()
    assert question.text == "Which training would help most?"
    assert question.hidden is True
    assert question.version == 2


def test_an_edit_does_not_undo_a_move_made_while_it_was_open(cast):
    survey = make_survey(published=False)
    question = survey.questions.get(kind="multiple")
    wills = _loaded(question)
    before = wills.order
    services.move_question(actor=cast.ada, question=_loaded(question), direction="up")
    moved = Question.objects.get(pk=question.pk).order
    assert moved == before - 1
    _edit(cast.will, wills, 1, hint="Choose all that apply")
    orders = list(survey.questions.order_by("order").values_list("order", flat=True))
    assert Question.objects.get(pk=question.pk).order == moved
    assert orders == list(range(len(orders)))  # no two questions share a place
