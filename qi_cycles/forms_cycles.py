"""Forms for PDSA cycles: the Plan (to start a cycle), the whole worksheet (to change it),
comments, and what to show when two people saved the same cycle at once.

Views hand cleaned data to qi_cycles.services_cycles, which checks the rules again."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from django import forms

from portal.forms import DateInputField, ModelMultipleChoiceField
from portal.templatetags.nhsuk import target_id
from portal.validators import no_resident_identifiers
from qi_cycles.imports import long_date
from qi_cycles.models import Cycle, Project
from qi_cycles.services_cycles import DO_FIELDS, PLAN_FIELDS, STUDY_FIELDS

END_BEFORE_START = "The end date must be on or after the start date"
DECISION_WITHOUT_STUDY = (
    "Write what the results showed or what you learned (Study) before you choose "
    "adopt, adapt or abandon"
)
CONFLICT = "Someone else changed this cycle while you were editing"


def _text(label: str, help_text: str = "", rows: int = 3, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        validators=[no_resident_identifiers],
        **kwargs,
    )


class PlanForm(forms.Form):
    """Plan: what the cycle tests, the prediction, who, what, when, where and the data."""

    choose_idea = True

    change_idea = forms.ModelChoiceField(
        label="Which change idea are you testing?",
        queryset=None,
        empty_label=None,
        error_messages={
            "required": "Choose the change idea this cycle tests",
            "invalid_choice": "Choose a change idea from this project",
        },
    )
    objective = forms.CharField(
        label="What is this cycle for?",
        help_text="One sentence, for example 'Try hourly comfort rounds on the first floor "
        "for one week'",
        max_length=300,
        validators=[no_resident_identifiers],
        error_messages={
            "required": "Enter what this cycle is for",
            "max_length": "Keep it to 300 characters or fewer",
        },
    )
    question = _text(
        "What question will this test answer?",
        "For example 'Will hourly rounds mean fewer residents get up alone at night?'",
    )
    prediction = _text(
        "What do you think will happen?",
        "Your prediction. When you study the results you will compare them with it.",
    )
    plan_who = _text("Who will do it?", "The people or roles, for example 'the night team'", rows=2)
    plan_what = _text("What will they do?")
    plan_when = _text("When will it happen?", "For example 'every hour from 10pm to 6am'", rows=2)
    plan_where = _text("Where will it happen?", "For example 'first floor only'", rows=2)
    plan_data = _text(
        "What will you record to find out if it worked?",
        "For example 'the number of falls each night, from the falls log'",
    )
    starts_on = DateInputField(
        label="Start date",
        help_text="For example, 15 3 2026",
        error_messages={"required": "Enter the date the test starts"},
    )
    ends_on = DateInputField(
        label="End date (optional)",
        help_text="Small tests often last a day or a week. Leave it empty if you do not know yet.",
        required=False,
    )
    measures = ModelMultipleChoiceField(
        label="Which of the project's measures will show the effect? (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose measures from this project"},
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.choose_idea:
            del self.fields["change_idea"]  # a cycle stays in its idea's ramp
        else:
            ideas = project.change_ideas.all()
            self.fields["change_idea"].queryset = ideas
            if len(ideas) <= 6:
                self.fields["change_idea"].widget = forms.RadioSelect()
                self.fields["change_idea"].widget.choices = self.fields["change_idea"].choices
        measures = project.measures.all()
        self.fields["measures"].queryset = measures
        if not measures:
            del self.fields["measures"]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", END_BEFORE_START)
        return cleaned

    def plan(self) -> dict:
        return {name: self.cleaned_data[name] for name in PLAN_FIELDS}


DECISION_HELP = (
    "Adopt if the change worked and you will keep doing it. Adapt if it partly worked: change "
    "it and test it again in a new cycle. Abandon if it did not work: stop, and try a "
    "different idea."
)


class CycleForm(PlanForm):
    """The whole worksheet. `version` is the version loaded; `baseline` holds a short hash
    of each field as loaded, so after a clash we can tell who changed what."""

    do_what_happened = _text(
        "What happened?", "Did you do what you planned? What was different from the plan?"
    )
    do_observations = _text("What did you notice?", "Anything you saw or heard, good or bad.")
    do_problems = _text("What problems came up?")
    study_results = _text(
        "How do the results compare with your prediction?",
        "Look at the data you recorded. Was it what you expected?",
        rows=4,
    )
    study_learning = _text("What did you learn?", rows=4)
    decision = forms.ChoiceField(
        label="What will you do with this change?",
        help_text=DECISION_HELP,
        choices=[("", "Not decided yet"), *Cycle.Decision.choices],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose adopt, adapt or abandon"},
    )
    next_step = _text(
        "What is the next step?", "For example 'Test it on the ground floor for two weeks'"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    baseline = forms.CharField(widget=forms.HiddenInput, required=False)

    choose_idea = False

    def __init__(self, *args, project: Project, cycle: Cycle, **kwargs):
        if "initial" not in kwargs:
            kwargs["initial"] = initial_for(cycle)
        super().__init__(*args, project=project, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") and not (
            cleaned.get("study_results", "").strip() or cleaned.get("study_learning", "").strip()
        ):
            self.add_error("decision", DECISION_WITHOUT_STUDY)
        return cleaned

    def worksheet(self) -> dict:
        return {name: self.cleaned_data[name] for name in COMPARED if name != "measures"}

    def chosen_measures(self) -> list:
        return list(self.cleaned_data.get("measures") or [])


COMPARED = (*PLAN_FIELDS, *DO_FIELDS, *STUDY_FIELDS, "decision", "next_step", "measures")


def _normal(name: str, value) -> str:
    """A field's value as text, the same whether it came from the database or the form."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if name == "measures":
        return ",".join(sorted(str(m.pk) for m in value))
    return str(value).replace("\r\n", "\n").strip()


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _values(cycle: Cycle, measures: list) -> dict:
    return {name: measures if name == "measures" else getattr(cycle, name) for name in COMPARED}


def initial_for(cycle: Cycle, measures: list | None = None) -> dict:
    measures = list(cycle.measures.all()) if measures is None else measures
    values = _values(cycle, measures)
    baseline = {name: _hash(_normal(name, value)) for name, value in values.items()}
    return {**values, "version": cycle.version, "baseline": json.dumps(baseline)}


@dataclass
class Difference:
    label: str
    saved: str
    yours: str
    anchor: str = ""  # the field's id in the form


@dataclass
class Conflict:
    """What the page shows after a clash: a fresh form holding the person's text on top of
    the newly saved version, the fields both people changed (side by side), and the fields
    only the other person changed (now filled in with their text)."""

    form: CycleForm
    saved: Cycle
    differences: list[Difference] = field(default_factory=list)
    taken_from_saved: list[str] = field(default_factory=list)

    @property
    def summary(self) -> list[dict]:
        """For includes/error_summary.html."""
        return [{"text": CONFLICT, "href": "#conflict"}]


def _display(form: CycleForm, name: str, value) -> str:
    if value in (None, "", []):
        return ""
    if isinstance(value, date):
        return long_date(value)
    if name == "decision":
        return dict(form.fields["decision"].choices).get(value, value)
    if name == "measures":
        return ", ".join(m.name for m in value)
    return str(value)


def resolve_conflict(form: CycleForm, saved: Cycle, project: Project) -> Conflict:
    """After `form` (valid) lost a clash with `saved`: keep everything the person changed,
    take what only the other person changed, and list where both changed the same field."""
    try:
        baseline = json.loads(form.cleaned_data.get("baseline") or "{}")
    except ValueError:
        baseline = {}
    if not isinstance(baseline, dict):
        baseline = {}
    saved_measures = list(saved.measures.all())
    theirs = _values(saved, saved_measures)
    mine = {name: form.cleaned_data.get(name) for name in COMPARED}
    if "measures" not in form.fields:
        mine["measures"] = saved_measures
    merged, differences, taken, conflicted = {}, [], [], []
    for name in COMPARED:
        mine_text, their_text = _normal(name, mine[name]), _normal(name, theirs[name])
        loaded = baseline.get(name)
        if mine_text == their_text:
            merged[name] = mine[name]
        elif loaded == _hash(mine_text) and loaded != _hash(their_text):
            merged[name] = theirs[name]  # only they changed it
            if name in form.fields:
                taken.append(str(form.fields[name].label))
        else:
            merged[name] = mine[name]
            if loaded != _hash(their_text) and name in form.fields:  # both changed it
                conflicted.append(name)
                differences.append(
                    Difference(
                        label=str(form.fields[name].label),
                        saved=_display(form, name, theirs[name]),
                        yours=_display(form, name, mine[name]),
                    )
                )
    fresh_initial = initial_for(saved, saved_measures)
    fresh = CycleForm(
        project=project,
        cycle=saved,
        initial={**merged, "version": saved.version, "baseline": fresh_initial["baseline"]},
    )
    for difference, name in zip(differences, conflicted, strict=True):
        difference.anchor = target_id(fresh[name])
    return Conflict(form=fresh, saved=saved, differences=differences, taken_from_saved=taken)


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Add a comment",
        help_text="Everyone who can see this project can read comments. Do not write anything "
        "that could identify a resident.",
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_resident_identifiers],
        error_messages={"required": "Enter your comment"},
    )

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Enter your comment")
        return body
