"""Forms for a person's own learning: rating themselves before and after a session, and
feedback on it. Views hand cleaned data to training.services_learning, which checks the
rules again (answers from before are fixed once the session is complete)."""

from django import forms

from portal.validators import no_resident_identifiers

BEFORE, AFTER = "before", "after"
STAGES = (BEFORE, AFTER)

# Each score's question and what 1 to 5 mean, in the learner's own words.
SCALES = {
    "knowledge": (
        "How much do you know about this subject?",
        [
            "I know very little",
            "I know a little",
            "I know some of it",
            "I know quite a lot",
            "I know it well",
        ],
        "Choose how much you know about this subject",
    ),
    "confidence": (
        "How confident do you feel about putting it into practice?",
        [
            "Not confident",
            "A little confident",
            "Fairly confident",
            "Confident",
            "Very confident",
        ],
        "Choose how confident you feel",
    ),
    "skill": (
        "How well can you do it in your work?",
        [
            "I cannot do it yet",
            "I can do a little of it",
            "I can do some of it",
            "I can do most of it",
            "I can do it well",
        ],
        "Choose how well you can do it in your work",
    ),
}

RATINGS = ["Poor", "Fair", "Good", "Very good", "Excellent"]
# The rating choices as learners see them, like "5 – Excellent". The training figures
# (training.selectors_impact) use the same labels.
RATING_CHOICES = [(n, f"{n} – {word}") for n, word in enumerate(RATINGS, start=1)]


def _scale(meanings: list[str]) -> list[tuple[int, str]]:
    return [(n, f"{n} – {meaning}") for n, meaning in enumerate(meanings, start=1)]


def score_meaning(name: str, value: int | None) -> str:
    """A stored score in words, like "3 – I know some of it" (blank when there is none)."""
    if value is None:
        return ""
    return dict(_scale(SCALES[name][1])).get(value, str(value))


class SelfAssessmentForm(forms.Form):
    """Knowledge, confidence and skill from 1 to 5. `stage` ("before" or "after") is
    also the prefix, so both forms can sit on the session page with their own ids."""

    def __init__(self, *args, stage: str, **kwargs):
        kwargs.setdefault("prefix", stage)
        super().__init__(*args, **kwargs)
        self.stage = stage
        for name, (question, meanings, required) in SCALES.items():
            if stage == AFTER:
                question = question.replace("?", " now?")
            self.fields[name] = forms.TypedChoiceField(
                label=question,
                choices=_scale(meanings),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": required, "invalid_choice": required},
            )

    def scores(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in SCALES}


class FeedbackForm(forms.Form):
    prefix = "feedback"

    rating = forms.TypedChoiceField(
        label="How would you rate this session?",
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a rating from 1 to 5",
            "invalid_choice": "Choose a rating from 1 to 5",
        },
    )
    comment = forms.CharField(
        label="Anything you want to tell us? (optional)",
        help_text="For example, what helped you or what was missing. Do not write anything "
        "that could identify a resident.",
        required=False,
        max_length=2000,
        validators=[no_resident_identifiers],
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Comment must be 2,000 characters or fewer"},
    )


class ProgressForm(forms.Form):
    """What the video player reports: seconds watched since its last report, and where
    the video is now. Out-of-range numbers are clamped by the service, not refused."""

    seconds = forms.FloatField()
    position = forms.FloatField()
