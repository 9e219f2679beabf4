"""Forms for project workers: a training session (details, video, captions, transcript),
handouts, collections and status changes.

Files are checked here by what they contain (training.validators) and links by where they
point (training.embeds); nothing is stored until the whole form is valid.
training.services_authoring stores what these forms hand over.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from network.models import Theme
from portal.forms import DateInputField, ModelMultipleChoiceField
from portal.uploads import OutOfSpaceFormMixin
from portal.validators import no_resident_identifiers
from training import validators
from training.embeds import parse_video_link
from training.models import Session
from training.services_authoring import (
    ARCHIVE,
    DRAFT,
    PUBLISH,
    SessionDetails,
    Video,
)

UPLOAD, LINK = "upload", "link"
PUBLISHED_CAPTIONS_LABEL = (
    "Captions file (needed if you upload a video, because this session is published)"
)
SOURCE_CHOICES = [
    (UPLOAD, "Upload a video file (MP4 or WebM, up to 500 MB)"),
    (LINK, "Link to a video on YouTube, Vimeo or Microsoft Stream"),
]


def _text(label, required_message, *, help_text="", max_length=None, textarea=False, **kw):
    messages = {"required": required_message}
    if max_length:
        messages["max_length"] = f"This must be {max_length} characters or fewer"
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": kw.pop("rows", 5)}) if textarea else None,
        validators=[no_resident_identifiers],
        error_messages=messages,
        **kw,
    )


class SessionForm(OutOfSpaceFormMixin, forms.Form):
    title = _text(
        "Title",
        "Enter a title for the session",
        help_text="What the session is about, for example ‘Preventing falls at night’",
        max_length=200,
    )
    summary = _text(
        "Summary",
        "Enter a short summary of the session",
        help_text="2 or 3 sentences saying who it is for and what they will learn. "
        "Do not include anything that could identify a resident.",
        textarea=True,
    )
    presenter = forms.CharField(
        label="Presenter",
        help_text="Who gives the session, for example ‘Dr Jo Patel, falls lead’",
        max_length=200,
        validators=[no_resident_identifiers],
        error_messages={
            "required": "Enter who presents the session",
            "max_length": "This must be 200 characters or fewer",
        },
    )
    recorded_on = DateInputField(
        label="Date recorded",
        help_text="For example 15 9 2026",
        error_messages={"required": "Enter the date the session was recorded"},
    )
    duration_minutes = forms.IntegerField(
        label="Length in minutes",
        min_value=1,
        max_value=600,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={
            "required": "Enter how long the session is, in minutes",
            "invalid": "Enter the length as a whole number of minutes, like 25",
            "min_value": "The length must be at least 1 minute",
            "max_value": "The length must be 600 minutes (10 hours) or less",
        },
    )
    themes = ModelMultipleChoiceField(
        label="Themes (optional)",
        help_text="Care homes with needs on these themes are told about the session, "
        "and people can find it by theme in the library.",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    source = forms.ChoiceField(
        label="How is the video provided?",
        choices=SOURCE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the video is provided"},
    )
    video_file = forms.FileField(
        label="Video file to upload",
        help_text="If you chose to upload: an MP4 or WebM file, up to 500 MB. "
        "You will need captions too before you publish it.",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".mp4,.webm,video/mp4,video/webm"}),
    )
    video_url = forms.CharField(
        label="Link to the video",
        help_text="If you chose a link: copy it from the video's Share button, for example "
        "https://youtu.be/abc123xyz45",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={"max_length": "The link must be 500 characters or fewer"},
    )
    captions = forms.FileField(
        label="Captions file (optional until you publish an uploaded video)",
        help_text="A WebVTT file ending in .vtt. People who cannot hear the video read "
        "these while it plays.",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".vtt,text/vtt"}),
    )
    transcript = forms.CharField(
        label="Transcript (optional)",
        help_text="Shown beside the video and searched in the library. "
        "If you leave it empty, it is made from the captions.",
        required=False,
        validators=[no_resident_identifiers],
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, session: Session | None = None, **kwargs):
        self.session = session
        if session is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": session.title,
                "summary": session.summary,
                "presenter": session.presenter,
                "recorded_on": session.recorded_on,
                "duration_minutes": session.duration_minutes,
                "themes": [theme.pk for theme in session.themes.all()],
                "source": LINK if session.has_link else UPLOAD if session.has_upload else None,
                "video_url": session.video_url,
                "transcript": session.transcript,
            }
        super().__init__(*args, **kwargs)
        chosen = [pk for pk in self.initial.get("themes", []) if isinstance(pk, int)]
        self.fields["themes"].queryset = (
            Theme.objects.filter(is_active=True) | Theme.objects.filter(pk__in=chosen)
        ).order_by("name")
        if session is not None and session.has_upload:
            self.fields["video_file"].label = "Replace the video file (optional)"
            self.fields["video_file"].help_text = (
                "Leave this empty to keep the current video. A new file must be MP4 or "
                "WebM, up to 500 MB."
            )
        if session is not None and session.captions:
            self.fields["captions"].label = "Replace the captions file (optional)"
            self.fields[
                "captions"
            ].help_text = (
                "Leave this empty to keep the current captions. A new file must be WebVTT (.vtt)."
            )
        elif session is not None and session.is_published:
            self.fields["captions"].label = PUBLISHED_CAPTIONS_LABEL
        self.video_content_type = ""
        self.video_link = None

    def clean_recorded_on(self) -> date:
        value = self.cleaned_data["recorded_on"]
        if value and value > timezone.localdate():
            raise ValidationError("The date recorded must be today or in the past")
        return value

    def clean_video_url(self) -> str:
        return self.cleaned_data["video_url"].strip()

    def clean_captions(self):
        captions = self.cleaned_data.get("captions")
        if captions:
            validators.validate_captions(captions, validators.MAX_CAPTIONS_BYTES)
            # The words become the transcript, which everyone can read.
            validators.check_captions_words(
                validators.captions_text(captions, validators.MAX_CAPTIONS_BYTES)
            )
        return captions

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        upload = cleaned.get("video_file")
        url = cleaned.get("video_url", "")
        if source == UPLOAD:
            self._clean_upload(upload, url)
        elif source == LINK:
            self._clean_link(upload, url)
        return cleaned

    def _clean_upload(self, upload, url: str) -> None:
        if upload:
            try:
                # Read the limit when called, so tests can lower it.
                self.video_content_type = validators.validate_video_upload(
                    upload, validators.MAX_VIDEO_BYTES
                )
            except ValidationError as error:
                self.add_error("video_file", error)
            return
        if self.session is not None and self.session.has_upload:
            return  # keep the video already there
        if url:
            self.add_error(
                "video_file",
                "You chose to upload a video but gave a link. Choose a video file, "
                "or choose ‘Link to a video’ to use the link",
            )
        elif "video_file" not in self.errors:
            self.add_error("video_file", "Choose a video file to upload")

    def _clean_link(self, upload, url: str) -> None:
        if not url:
            if upload:
                self.add_error(
                    "video_url",
                    "You chose a link but selected a file to upload. Enter the link, "
                    "or choose ‘Upload a video file’ to upload the file",
                )
            elif "video_url" not in self.errors:
                self.add_error("video_url", "Enter the link to the video")
            return
        try:
            self.video_link = parse_video_link(url)
        except ValidationError as error:
            self.add_error("video_url", error)

    # What the service needs -----------------------------------------------------------

    def details(self) -> SessionDetails:
        data = self.cleaned_data
        return SessionDetails(
            title=data["title"].strip(),
            summary=data["summary"].strip(),
            presenter=data["presenter"].strip(),
            recorded_on=data["recorded_on"],
            duration_minutes=data["duration_minutes"],
            themes=list(data.get("themes") or []),
            transcript=(data.get("transcript") or "").strip(),
        )

    def video(self) -> Video:
        if self.cleaned_data["source"] == LINK:
            return Video(link=self.video_link, url=self.cleaned_data["video_url"])
        return Video(
            upload=self.cleaned_data.get("video_file") or None,
            content_type=self.video_content_type,
        )

    def captions_upload(self):
        return self.cleaned_data.get("captions") or None


class HandoutForm(OutOfSpaceFormMixin, forms.Form):
    title = _text(
        "Title",
        "Enter a title for the handout",
        help_text="What people will see in the list, for example ‘Falls checklist’",
        max_length=200,
    )
    file = forms.FileField(
        label="File",
        help_text="A PDF, Word (.docx) or PowerPoint (.pptx) file, up to 20 MB",
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.pptx"}),
        error_messages={"required": "Choose a file to upload"},
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        self.content_type = validators.validate_handout(file, validators.MAX_HANDOUT_BYTES)
        return file


class CollectionForm(forms.Form):
    title = _text(
        "Title",
        "Enter a title for the collection",
        help_text="For example ‘Introduction to QI methods’",
        max_length=200,
    )
    summary = _text(
        "Summary (optional)",
        "",
        help_text="Who the collection is for and what it covers",
        textarea=True,
        required=False,
        rows=4,
    )

    def __init__(self, *args, collection=None, **kwargs):
        if collection is not None and "initial" not in kwargs:
            kwargs["initial"] = {"title": collection.title, "summary": collection.summary}
        super().__init__(*args, **kwargs)


class _SessionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        status = "" if obj.status == Session.Status.PUBLISHED else f" ({obj.get_status_display()})"
        return f"{obj.title}{status}"


class AddSessionForm(forms.Form):
    """Add a session to the end of a collection."""

    session = _SessionChoice(
        label="Session to add",
        queryset=Session.objects.none(),
        empty_label="Choose a session",
        error_messages={
            "required": "Choose a session to add",
            "invalid_choice": "Choose a session from the list",
        },
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions


class _CollectionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class AddToCollectionForm(forms.Form):
    """Put a session at the end of a collection (from the session's own page)."""

    collection = _CollectionChoice(
        label="Add this session to a collection",
        queryset=None,
        empty_label="Choose a collection",
        error_messages={
            "required": "Choose a collection",
            "invalid_choice": "Choose a collection from the list",
        },
    )

    def __init__(self, *args, collections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collection"].queryset = collections


STATUS_ACTION_LABELS = {
    PUBLISH: "Publish it",
    ARCHIVE: "Archive it",
    DRAFT: "Move it back to draft",
}
STATUS_ACTION_HINTS = {
    PUBLISH: "Everyone in the network will be able to see it in the library. Care homes "
    "with open needs on its themes will see it on their home page.",
    ARCHIVE: "It leaves the library. People who already started it can still watch it and "
    "download their certificate.",
    DRAFT: "Only project workers will see it. People who started it will not be able to "
    "open it until it is published again.",
}


class StatusForm(forms.Form):
    action = forms.ChoiceField(
        label="What do you want to do with this session?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what to do with the session",
            "invalid_choice": "Choose one of the options",
        },
    )

    def __init__(self, *args, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a, STATUS_ACTION_LABELS[a]) for a in actions]
