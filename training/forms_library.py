"""The training library's search and theme filter."""

from django import forms

from training import selectors_library


class LibraryFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        help_text="Words in the title, summary, presenter's name or what is said",
        required=False,
        max_length=200,
        error_messages={"max_length": "Search must be 200 characters or fewer"},
    )
    theme = forms.ModelChoiceField(
        label="Theme",
        required=False,
        queryset=selectors_library.library_themes(),
        empty_label="All themes",
        error_messages={"invalid_choice": "Choose a theme from the list"},
    )

    FILTERS = ("q", "theme")
