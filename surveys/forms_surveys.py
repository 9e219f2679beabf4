"""Forms for building and answering needs surveys. Views hand the cleaned data to
surveys.services_surveys, which checks the rules again before saving."""

from datetime import time

from django import forms
from django.utils import timezone

from network.models import Theme
from portal.forms import (
    DateInputField,
    ModelMultipleChoiceField,
    london_datetime,
    london_parts,
)
from portal.validators import no_resident_identifiers
from surveys.models import Question, Survey

# A survey opens at the start of its first day and closes at the end of its last day.
OPENS_AT = time(0, 0)
CLOSES_AT = time(23, 59)


def _dates_initial(survey: Survey) -> dict:
    return {
        "opens_on": london_parts(survey.opens_at)[0],
        "closes_on": london_parts(survey.closes_at)[0],
    }


class _DatesMixin:
    def clean_dates(self, cleaned: dict, *, new: bool) -> None:
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on:
            cleaned["opens_at"] = london_datetime(opens_on, OPENS_AT)
            cleaned["closes_at"] = london_datetime(closes_on, CLOSES_AT)
            if closes_on < opens_on:
                self.add_error("closes_on", "The closing date must be on or after the opening date")
            elif new and closes_on < timezone.localdate():
                self.add_error("closes_on", "The closing date must be today or in the future")


def _opens_field():
    return DateInputField(
        label="Opening date",
        help_text="The survey opens at the start of this day. For example, 1 12 2026",
        error_messages={"required": "Enter the date the survey opens"},
    )


def _closes_field():
    return DateInputField(
        label="Closing date",
        help_text="People can answer until the end of this day. We remind people who have "
        "not answered 3 days before.",
        error_messages={"required": "Enter the date the survey closes"},
    )


class SurveyForm(_DatesMixin, forms.Form):
    title = forms.CharField(
        label="Title",
        help_text="Include the round, like Staff needs survey – winter 2026",
        max_length=200,
        error_messages={"required": "Enter a title for the survey"},
    )
    introduction = forms.CharField(
        label="Introduction (optional)",
        help_text="What the survey is for and how the answers will be used",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_resident_identifiers],
    )
    audience = forms.ChoiceField(
        label="Who is it for?",
        choices=Survey.Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the survey is for"},
    )
    anonymous = forms.TypedChoiceField(
        label="Is it anonymous?",
        choices=[
            ("yes", "Yes – nobody, including the network team, can see who gave which answers"),
            ("no", "No – names are stored with answers, and project workers can see them"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the survey is anonymous"},
    )
    one_per_home = forms.TypedChoiceField(
        label="How many responses from each care home?",
        choices=[
            ("no", "One from each person"),
            ("yes", "One from each home – the first person to answer answers for the home"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="no",
        error_messages={"required": "Choose how many responses each home can send"},
    )
    opens_on = _opens_field()
    closes_on = _closes_field()
    # The copy of the survey this form was loaded at (optimistic locking).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, survey: Survey | None = None, **kwargs):
        self.survey = survey
        if survey is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "version": survey.version,
                "title": survey.title,
                "introduction": survey.introduction,
                "audience": survey.audience,
                "anonymous": "yes" if survey.anonymous else "no",
                "one_per_home": "yes" if survey.one_per_home else "no",
                **_dates_initial(survey),
            }
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        cleaned = super().clean()
        self.clean_dates(cleaned, new=self.survey is None)
        if cleaned.get("one_per_home") and cleaned.get("audience") == Survey.Audience.PARTNERS:
            self.add_error(
                "one_per_home", "One response from each home only works for care home surveys"
            )
        return cleaned


class CopySurveyForm(_DatesMixin, forms.Form):
    title = forms.CharField(
        label="Title of the new round",
        max_length=200,
        error_messages={"required": "Enter a title for the new round"},
    )
    opens_on = _opens_field()
    closes_on = _closes_field()

    def clean(self) -> dict:
        cleaned = super().clean()
        self.clean_dates(cleaned, new=True)
        return cleaned


def conflict_message(thing: str) -> str:
    """The error shown at the top of a form saved over someone else's newer changes."""
    return (
        f"Someone else changed this {thing} while you were editing it. Your changes have not "
        "been saved. Copy anything you need, then reload the page to see their changes."
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label="Question",
        max_length=300,
        error_messages={"required": "Enter the question"},
    )
    hint = forms.CharField(
        label="Hint (optional)",
        help_text="Shown under the question, to help people answer",
        max_length=300,
        required=False,
    )
    kind = forms.ChoiceField(
        label="Type of answer",
        choices=Question.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of answer"},
    )
    choices = forms.CharField(
        label="Answers to choose from (for choice questions)",
        help_text="One on each line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    rating_low_label = forms.CharField(
        label="What 1 means (for ratings)", max_length=50, required=False, initial="Very poor"
    )
    rating_high_label = forms.CharField(
        label="What 5 means (for ratings)", max_length=50, required=False, initial="Very good"
    )
    theme = forms.ModelChoiceField(
        label="Theme (optional)",
        help_text="Results show the average rating for each theme",
        queryset=Theme.objects.none(),
        required=False,
        empty_label="No theme",
    )
    required = forms.TypedChoiceField(
        label="Must people answer it?",
        choices=[("yes", "Yes, it must be answered"), ("no", "No, it is optional")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
        error_messages={"required": "Choose whether people must answer it"},
    )

    # The copy of the question this form was loaded at (optimistic locking).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, question: Question | None = None, **kwargs):
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "version": question.version,
                "text": question.text,
                "hint": question.hint,
                "kind": question.kind,
                "choices": "\n".join(c.label for c in question.choices.all()),
                "rating_low_label": question.rating_low_label,
                "rating_high_label": question.rating_high_label,
                "theme": question.theme_id,
                "required": "yes" if question.required else "no",
            }
        super().__init__(*args, **kwargs)
        current = [question.theme_id] if question is not None and question.theme_id else []
        self.fields["theme"].queryset = Theme.objects.filter(is_active=True) | Theme.objects.filter(
            pk__in=current
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        labels = [line.strip() for line in cleaned.get("choices", "").splitlines() if line.strip()]
        cleaned["choice_list"] = labels
        if cleaned.get("kind") in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            if len(labels) < 2:
                self.add_error(
                    "choices", "Give at least 2 answers to choose from, one on each line"
                )
        return cleaned


class AnswerForm(forms.Form):
    """One field per visible question, named q<id>. With `draft`, nothing is required."""

    def __init__(self, *args, questions: list[Question], draft: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = _answer_field(question, required=question.required)
            if draft:
                self.fields[f"q{question.pk}"].required = False

    def answers(self) -> dict:
        """Question -> cleaned value, for the services."""
        return {q: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


def _answer_field(question: Question, *, required: bool) -> forms.Field:
    label = question.text if required else f"{question.text} (optional)"
    common = {"label": label, "help_text": question.hint, "required": required}
    kind = question.kind
    if kind == Question.Kind.SINGLE:
        return forms.ModelChoiceField(
            queryset=question.choices.all(),
            widget=forms.RadioSelect,
            empty_label=None,
            error_messages={"required": "Choose an answer", "invalid_choice": "Choose an answer"},
            **common,
        )
    if kind == Question.Kind.MULTIPLE:
        if not question.hint:
            common["help_text"] = "Select all that apply"
        return ModelMultipleChoiceField(
            queryset=question.choices.all(),
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": "Choose at least one answer",
                "invalid_choice": "Choose from the answers given",
            },
            **common,
        )
    if kind == Question.Kind.RATING:
        choices = [(str(n), str(n)) for n in range(1, 6)]
        choices[0] = ("1", f"1 – {question.rating_low_label}")
        choices[4] = ("5", f"5 – {question.rating_high_label}")
        return forms.TypedChoiceField(
            choices=choices,
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            error_messages={"required": "Choose a rating from 1 to 5"},
            **common,
        )
    if kind == Question.Kind.NUMBER:
        return forms.DecimalField(
            max_digits=12,
            decimal_places=2,
            min_value=0,
            widget=forms.TextInput(
                attrs={"inputmode": "decimal", "class": "nhsuk-input--width-10"}
            ),
            error_messages={
                "required": "Enter a number",
                "invalid": "Enter a number, like 12",
                "min_value": "Enter a number of 0 or more",
                "max_digits": "Enter a smaller number",
                "max_decimal_places": "Enter a number with no more than 2 decimal places",
            },
            **common,
        )
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        validators=[no_resident_identifiers],
        error_messages={"required": "Enter an answer"},
        **common,
    )


def initial_from(response, questions: list[Question]) -> dict:
    """A saved draft's answers as the form's initial values."""
    if response is None:
        return {}
    multiple = {q.pk for q in questions if q.kind == Question.Kind.MULTIPLE}
    initial = {}
    for answer in response.answers.all():
        key = f"q{answer.question_id}"
        chosen = [c.pk for c in answer.choices.all()]
        if answer.rating is not None:
            initial[key] = str(answer.rating)
        elif answer.number is not None:
            initial[key] = format(answer.number.normalize(), "f")
        elif chosen:
            initial[key] = chosen if answer.question_id in multiple else chosen[0]
        else:
            initial[key] = answer.text
    return initial
