"""Forms for sharing: library filters, the story, sharing a project, "Try this in our home".
Views hand cleaned data to qi_cycles.services_sharing, which checks the rules again."""

from django import forms

from network.models import Theme
from qi_cycles.models import Project
from qi_cycles.selectors_sharing import OUTCOMES

NEW = "new"


class LibraryFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        help_text="Words in the title or the problem",
        required=False,
        max_length=200,
    )
    theme = forms.ModelChoiceField(
        label="Theme",
        required=False,
        queryset=Theme.objects.order_by("name"),
        empty_label="All themes",
        error_messages={"invalid_choice": "Choose a theme from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *Project.Status.choices],
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    outcome = forms.ChoiceField(
        label="What the measures show",
        required=False,
        choices=[("", "Any result"), *OUTCOMES],
        error_messages={"invalid_choice": "Choose a result from the list"},
    )

    area = forms.TypedChoiceField(
        label="Area",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose an area from the list"},
    )

    FILTERS = ("q", "theme", "status", "outcome", "area")

    def __init__(self, *args, area_choices: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "Any area"), *area_choices]


class StoryForm(forms.ModelForm):
    """What changed and the benefit for residents (the model refuses resident identifiers)."""

    class Meta:
        model = Project
        fields = ["what_changed", "benefit_for_residents"]
        labels = {
            "what_changed": "What changed",
            "benefit_for_residents": "The benefit for residents",
        }
        help_texts = {
            "what_changed": "What difference did your changes make? Say what your measures "
            "showed and what you would tell another home trying the same thing.",
            "benefit_for_residents": "How residents' lives are better: what they told you, "
            "or what you saw. Do not write anything that could identify a resident.",
        }
        widgets = {
            "what_changed": forms.Textarea(attrs={"rows": 6}),
            "benefit_for_residents": forms.Textarea(attrs={"rows": 5}),
        }


class ShareForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("share", "Share with the network"),
            ("stop", "Stop sharing"),
            ("name", "Agree to name our home on public pages"),
            ("unname", "Stop naming our home on public pages"),
        ],
        error_messages={
            "required": "Choose whether to share the project",
            "invalid_choice": "Choose whether to share the project",
        },
    )
    # The home's consent to be named if the case study goes on the public learning pages
    # (/learn/). Off unless the manager ticks it.
    name_publicly = forms.BooleanField(
        label="You may show our home's name if the case study goes on the public pages",
        help_text="If you do not tick this, public pages say “a care home in” your "
        "ICB area instead. You can change this later.",
        required=False,
    )


class _ProjectChoiceField(forms.ChoiceField):
    """One of the listed projects or "new"; any other project number is passed on so the
    service can say 404 (not yours to see) or 403 (not yours to change)."""

    def valid_value(self, value) -> bool:
        return super().valid_value(value) or str(value).isdigit()


class TryIdeaForm(forms.Form):
    project = _ProjectChoiceField(
        label="Where do you want to try it?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a project, or start a new one",
            "invalid_choice": "Choose a project, or start a new one",
        },
    )

    def __init__(self, *args, projects: list[Project], can_start: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(p.pk), f"{p.title} ({p.home.name})") for p in projects]
        if can_start:
            choices.append((NEW, "Start a new project with this idea"))
        self.fields["project"].choices = choices
        if len(choices) == 1:
            self.fields["project"].initial = choices[0][0]

    def target_id(self) -> int | None:
        value = self.cleaned_data["project"]
        return None if value == NEW else int(value)
