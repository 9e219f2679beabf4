"""Forms for improvement projects and driver diagrams. Views hand the cleaned data to
qi_cycles.services_projects, which checks the rules again before saving."""

from django import forms

from network.models import Organisation, Theme, User
from portal.forms import DateInputField, ModelMultipleChoiceField
from portal.validators import no_resident_identifiers
from qi_cycles import selectors_projects as selectors
from qi_cycles.models import Driver, Project
from qi_cycles.services_projects import ProjectDetails
from surveys.models import Need

STATUS_FILTERS = [("", "Any status"), *Project.Status.choices]


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label="Search by title or care home", required=False, max_length=200)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=STATUS_FILTERS,
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    theme = forms.ModelChoiceField(
        label="Theme",
        required=False,
        queryset=Theme.objects.all(),
        empty_label="All themes",
        error_messages={"invalid_choice": "Choose a theme from the list"},
    )
    mine = forms.BooleanField(label="Only projects I coach", required=False)

    def __init__(self, *args, scope: str, themes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if scope != selectors.ALL:
            del self.fields["mine"]
        if scope == selectors.HOMES:
            del self.fields["q"]
        if themes is not None:
            self.fields["theme"].queryset = themes

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "status": data.get("status", ""),
            "theme": data.get("theme"),
            "q": data.get("q", ""),
            "coached_by_me": bool(data.get("mine")),
        }

    @property
    def filtered(self) -> bool:
        return bool(self.errors) or any(self.filters().values())


def _text(label, help_text, required_message, *, max_length=None, textarea=False, **kwargs):
    messages = {"required": required_message}
    if max_length:
        messages["max_length"] = f"This must be {max_length} characters or fewer"
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 5}) if textarea else None,
        validators=[no_resident_identifiers],
        error_messages=messages,
        **kwargs,
    )


class _UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class _UsersChoice(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class _NeedsChoice(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.organisation.name}, posted {obj.created_at:%-d %B %Y})"


class ProjectForm(forms.Form):
    title = _text(
        "Project title",
        "A short name your team will recognise, for example ‘Fewer falls at night’",
        "Enter a title for the project",
        max_length=200,
    )
    problem = _text(
        "What is the problem?",
        "What is happening now, how you know, and why it matters to residents. "
        "Do not include anything that could identify a resident.",
        "Describe the problem the project is about",
        textarea=True,
    )
    aim_what = _text(
        "What will improve?",
        "Start with what you will do, for example ‘Reduce falls at night’ or "
        "‘Increase how much residents drink’",
        "Enter what will improve",
        max_length=300,
    )
    aim_for_whom = _text(
        "For whom?",
        "For example ‘residents on the first floor’ or ‘residents living with dementia’",
        "Enter who it will improve things for",
        max_length=300,
    )
    aim_how_much = _text(
        "By how much?",
        "Something you can count, for example ‘half’, ‘30%’ or ‘2 drinks a day’",
        "Enter how much it will improve",
        max_length=200,
    )
    aim_by_when = DateInputField(
        label="By when?",
        help_text="The date you want to reach your aim, for example 31 3 2027",
        error_messages={"required": "Enter the date you want to reach your aim by"},
    )
    start_date = DateInputField(
        label="Start date",
        help_text="Include the weeks you collected data before changing anything, so your "
        "charts show what things were like before. For example 5 1 2026",
        error_messages={"required": "Enter the date the project starts"},
    )
    themes = ModelMultipleChoiceField(
        label="Themes (optional)",
        help_text="Other homes and partners use themes to find projects they can learn from.",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    participating_homes = ModelMultipleChoiceField(
        label="Other care homes taking part (optional)",
        help_text="For a collaborative: their managers and staff can see and work on the "
        "project too.",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    team = _UsersChoice(
        label="Team (optional)",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    coach = _UserChoice(
        label="Coach (optional)",
        help_text="A project worker from the network who supports your team. They can read "
        "the project and comment on your PDSA cycles, but cannot change it.",
        queryset=User.objects.none(),
        required=False,
        empty_label="No coach yet",
    )
    status = forms.ChoiceField(
        label="Where is the project now?",
        choices=Project.Status.choices,
        initial=Project.Status.PLANNING,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the project is now"},
    )
    visibility = forms.ChoiceField(
        label="Who can see this project?",
        help_text="Shared projects appear in the network's learning library, where other "
        "care homes and NHS partners can read them and try your ideas. Home-only projects "
        "are seen by people at your home and the network's project workers, who coach "
        "projects.",
        choices=Project.Visibility.choices,
        initial=Project.Visibility.HOME,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who can see this project"},
    )
    linked_needs = _NeedsChoice(
        label="Needs this project answers (optional)",
        help_text="Needs your home posted on the needs board. Partners looking at a need "
        "will see the project.",
        queryset=Need.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args,
        home: Organisation,
        project: Project | None = None,
        can_share: bool = True,
        **kwargs,
    ):
        if project is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{
                    name: getattr(project, name)
                    for name in (
                        "title",
                        "problem",
                        "aim_what",
                        "aim_for_whom",
                        "aim_how_much",
                        "aim_by_when",
                        "start_date",
                        "status",
                        "visibility",
                    )
                },
                "coach": project.coach_id,
                "themes": [t.pk for t in project.themes.all()],
                "participating_homes": [o.pk for o in project.participating_homes.all()],
                "team": [u.pk for u in project.team.all()],
                "linked_needs": [n.pk for n in project.linked_needs.all()],
            }
        super().__init__(*args, **kwargs)
        initial = self.initial
        self.fields["themes"].queryset = Theme.objects.filter(
            is_active=True
        ) | Theme.objects.filter(pk__in=initial.get("themes", []))
        self.fields["participating_homes"].queryset = selectors.home_choices(home)
        self.fields["team"].queryset = selectors.team_choices(home, initial.get("team", []))
        self.fields["team"].help_text = (
            f"Who at {home.name} is working on it. Everyone at {home.name} can already see "
            "the project and record work on it."
        )
        self.fields["coach"].queryset = selectors.coach_choices(initial.get("coach"))
        home_ids = {home.pk, *initial.get("participating_homes", [])}
        needs = selectors.need_choices(home_ids, initial.get("linked_needs", []))
        self.fields["linked_needs"].queryset = needs
        if not can_share:
            # Sharing and inviting other homes in both widen who sees the project: the
            # lead home's manager decides.
            del self.fields["visibility"]
            del self.fields["participating_homes"]
        if not needs.exists():
            del self.fields["linked_needs"]

    def clean(self):
        cleaned = super().clean()
        start, by_when = cleaned.get("start_date"), cleaned.get("aim_by_when")
        if start and by_when and by_when <= start:
            self.add_error("aim_by_when", "The date in ‘By when?’ must be after the start date")
        return cleaned

    def details(self) -> ProjectDetails:
        data = self.cleaned_data
        return ProjectDetails(
            title=data["title"],
            problem=data["problem"],
            aim_what=data["aim_what"],
            aim_for_whom=data["aim_for_whom"],
            aim_how_much=data["aim_how_much"],
            aim_by_when=data["aim_by_when"],
            start_date=data["start_date"],
            status=data["status"],
            themes=tuple(data.get("themes", ())),
            participating_homes=tuple(data["participating_homes"])
            if "participating_homes" in self.fields
            else None,
            team=tuple(data.get("team", ())),
            coach=data.get("coach"),
            linked_needs=tuple(data.get("linked_needs", ())),
        )


class _DriverChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.level == Driver.Level.SECONDARY:
            primary = getattr(obj, "primary", None)
            under = f" (under ‘{primary.text}’)" if primary else ""
            return f"Secondary driver: {obj.text}{under}"
        return f"Primary driver: {obj.text}"


class DriverForm(forms.Form):
    """A primary driver (no parent) or a secondary driver (under a primary driver)."""

    text = _text(
        "Driver",
        "Something that has to be in place to reach the aim, for example ‘Residents can "
        "reach the toilet safely at night’",
        "Enter the driver",
        max_length=300,
    )
    parent = _DriverChoice(
        label="Which primary driver does it sit under?",
        queryset=Driver.objects.none(),
        required=False,
        empty_label="None: it is a primary driver (straight under the aim)",
        error_messages={
            "invalid_choice": "Choose a primary driver from this project's driver diagram"
        },
    )

    def __init__(self, *args, project: Project, driver: Driver | None = None, **kwargs):
        if driver is not None and "initial" not in kwargs:
            kwargs["initial"] = {"text": driver.text, "parent": driver.parent_id}
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        parent.queryset = selectors.primary_drivers(project)
        if driver is not None and driver.level == Driver.Level.PRIMARY:
            del self.fields["parent"]
        elif driver is not None:
            parent.required = True
            parent.empty_label = None
            parent.error_messages["required"] = "Choose the primary driver this one sits under"


class IdeaForm(forms.Form):
    title = _text(
        "Change idea",
        "A change you could test, for example ‘Offer a drink at every night check’",
        "Enter the change idea",
        max_length=200,
    )
    description = _text(
        "More about the idea (optional)",
        "What you would do and why you think it will help.",
        "",
        textarea=True,
        required=False,
    )
    driver = _DriverChoice(
        label="Where does it sit in the diagram?",
        queryset=Driver.objects.none(),
        required=False,
        empty_label="Straight under the aim",
        error_messages={"invalid_choice": "Choose a driver from this project's driver diagram"},
    )

    def __init__(self, *args, project: Project, idea=None, **kwargs):
        if idea is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": idea.title,
                "description": idea.description,
                "driver": idea.driver_id,
            }
        super().__init__(*args, **kwargs)
        tree = selectors.driver_tree(project)
        field = self.fields["driver"]
        field.queryset = selectors.project_drivers(project)
        # Primary drivers each followed by their secondary drivers, as in the diagram.
        field.choices = [("", field.empty_label)] + [
            (d.pk, field.label_from_instance(d)) for d in tree.drivers_in_order
        ]
