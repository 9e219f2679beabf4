"""Forms for making an item public or not. Views hand cleaned data to public.services,
which checks the rules again."""

from django import forms

PUBLIC, PRIVATE = "public", "private"


class VisibilityForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(PUBLIC, "Make it public"), (PRIVATE, "Take it off the public pages")],
        error_messages={
            "required": "Choose whether to make it public",
            "invalid_choice": "Choose whether to make it public",
        },
    )

    def make_public(self) -> bool:
        return self.cleaned_data["action"] == PUBLIC


class CollectionVisibilityForm(VisibilityForm):
    with_sessions = forms.BooleanField(
        label="Make its published sessions public too",
        help_text="Its public page shows only the sessions that are public.",
        required=False,
    )
