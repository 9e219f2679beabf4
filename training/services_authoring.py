"""Changes project workers make to the training library: sessions and their files,
handouts, publishing and archiving, and collections.

Every function checks the actor may manage training (training.access.can_manage) and
checks the rules again, so a bad request cannot get past a form. Files are written only
after the rows are known to be valid, inside the transaction that saves the rows: if
saving fails, the files just written are deleted; files replaced or removed are deleted
only after the transaction commits.
"""

from __future__ import annotations

import contextlib
import copy
import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from network.models import Event, Theme, User
from portal.uploads import OUT_OF_SPACE, is_disk_full
from portal.validators import no_resident_identifiers
from training import access
from training.embeds import VideoLink
from training.models import Collection, CollectionItem, Handout, Session
from training.signals import delete_quietly
from training.validators import HANDOUT_TYPES, captions_text, check_captions_words

PUBLISH, ARCHIVE, DRAFT = "publish", "archive", "draft"
TARGET_STATUS = {
    PUBLISH: Session.Status.PUBLISHED,
    ARCHIVE: Session.Status.ARCHIVED,
    DRAFT: Session.Status.DRAFT,
}
# What a session in each status can become.
ALLOWED_ACTIONS = {
    Session.Status.DRAFT: [PUBLISH],
    Session.Status.PUBLISHED: [ARCHIVE, DRAFT],
    Session.Status.ARCHIVED: [PUBLISH, DRAFT],
}
VIDEO_EXTENSIONS = {"video/mp4": ".mp4", "video/webm": ".webm"}
UP, DOWN = "up", "down"
# A session, handout or collection with the same title sent again within this time (a
# double click, or a page sent again) is the one already made, not a second one.
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=5)

NO_VIDEO = "Add a video first: upload a video file or add a link to one."
NO_CAPTIONS = "Add captions first: people who cannot hear the video need them."
PUBLISHED_NEEDS_CAPTIONS = (
    "Add captions: this session is published and people who cannot hear the video need them"
)


@dataclass(frozen=True)
class SessionDetails:
    title: str
    summary: str
    presenter: str
    recorded_on: date
    duration_minutes: int
    themes: list[Theme] = field(default_factory=list)
    transcript: str = ""


@dataclass(frozen=True)
class Video:
    """Where the video comes from: a new upload (checked, with its content type), a
    parsed link, or neither (keep the upload already stored)."""

    upload: object = None
    content_type: str = ""
    link: VideoLink | None = None
    url: str = ""


def _require_manage(actor: User) -> None:
    if not access.can_manage(actor):
        raise PermissionDenied("Only the network's project workers can change training.")


def _file_name(title: str, extension: str, fallback: str) -> str:
    """A plain file name from the title (never the name the file arrived with)."""
    return f"{slugify(title)[:60].strip('-') or fallback}{extension}"


def _delete_after_commit(storage: Storage, names: list[str]) -> None:
    for name in names:
        if name:
            transaction.on_commit(partial(delete_quietly, storage, name))


class _NewFiles:
    """Remembers files written during a save and deletes them if the save fails."""

    def __init__(self, storage: Storage):
        self.storage = storage
        self.names: list[str] = []

    def save(self, field_file, name: str, content) -> None:
        # The storage picks the name (another one when the name is taken, even between its
        # check and its write). Watch which names it picks, so the file half-written when
        # the disk fills up can be removed (FileSystemStorage leaves it behind), and no
        # other upload's file is.
        storage, picked = _watched(field_file.storage)
        field_file.storage = storage
        try:
            field_file.save(name, content, save=False)
        except OSError as error:
            _delete_half_written(storage, picked, error)
            if is_disk_full(error):
                raise ValidationError({field_file.field.name: OUT_OF_SPACE}) from error
            raise
        finally:
            field_file.storage = self.storage
        self.names.append(field_file.name)

    @contextlib.contextmanager
    def removed_on_failure(self):
        try:
            yield self
        except BaseException:
            for name in self.names:
                delete_quietly(self.storage, name)
            raise


def _watched(storage: Storage) -> tuple[Storage, list[str]]:
    """A copy of the storage for one save, and the list of names it picks, in order. The
    last is the name it was writing when the write failed (FileSystemStorage picks a new
    name, and tries it, each time it finds one taken)."""
    watched = copy.copy(storage)
    pick = watched.get_available_name
    picked: list[str] = []

    def get_available_name(name, max_length=None):
        picked.append(pick(name, max_length=max_length))
        return picked[-1]

    watched.get_available_name = get_available_name
    return watched, picked


def _delete_half_written(storage: Storage, picked: list[str], error: OSError) -> None:
    """Delete what a failed save left behind: only the file this save created. It created
    the last name picked unless the error came from creating that very file (nothing was
    made: the file there now, if any, is another upload's). Storages without local paths
    (object stores) keep nothing from a failed upload."""
    if not picked:
        return
    try:
        path = storage.path(picked[-1])
    except NotImplementedError:
        return
    if error.filename is not None and os.path.abspath(os.fsdecode(error.filename)) == path:
        return
    if storage.exists(picked[-1]):
        delete_quietly(storage, picked[-1])


def _transcript_from(captions_file) -> str:
    """The words of a captions file, or "" if it cannot be read."""
    try:
        return captions_text(captions_file)
    except (ValidationError, OSError):
        return ""


def _stored_transcript(session: Session) -> str:
    if not session.captions:
        return ""
    try:
        with session.captions.open("rb") as stored:
            return _transcript_from(stored)
    except OSError:
        return ""


# --- Sessions -------------------------------------------------------------------------


def _apply_details(session: Session, details: SessionDetails) -> None:
    session.title = details.title
    session.summary = details.summary
    session.presenter = details.presenter
    session.recorded_on = details.recorded_on
    session.duration_minutes = details.duration_minutes
    session.transcript = details.transcript


def _apply_video(session: Session, video: Video) -> list[str]:
    """Set the link fields (or clear them for an upload). Returns stored files that are
    no longer wanted: the old upload when the video is replaced or becomes a link."""
    unwanted = []
    if video.link is not None:
        if session.video_file:
            unwanted.append(session.video_file.name)
            session.video_file = ""
        session.video_content_type = ""
        session.video_url = video.url
        session.video_provider = video.link.provider
        session.video_id = video.link.video_id
        return unwanted
    if video.upload is None and not session.video_file:
        raise ValidationError({"video_file": "Choose a video file to upload"})
    if video.upload is not None:
        if not video.content_type:
            raise ValidationError({"video_file": "The video file has not been checked"})
        if session.video_file:
            unwanted.append(session.video_file.name)
        session.video_content_type = video.content_type
    session.video_url = ""
    session.video_provider = ""
    session.video_id = ""
    return unwanted


def _transcript(session: Session, captions) -> str:
    """The transcript typed in; if it is empty, the words of the captions. A transcript
    that was made from the old captions and left as it was follows new captions."""
    typed = session.transcript
    if captions is None:
        return typed or _stored_transcript(session)
    if not typed or (session.captions and typed == _stored_transcript(session).strip()):
        return _transcript_from(captions)
    return typed


def _problems(*, has_upload: bool, has_link: bool, has_captions: bool) -> dict[str, str]:
    """What stops a session with this video and captions being published, by form field."""
    if not has_upload and not has_link:
        return {"video_file": NO_VIDEO}
    if has_upload and not has_captions:
        return {"captions": NO_CAPTIONS}
    return {}


def _check_still_publishable(session: Session, video: Video, captions) -> None:
    """A published session must stay publishable: checked on what the change will leave
    (before any file is written), so nothing is stored when it would not be."""
    if session.status != Session.Status.PUBLISHED:
        return
    problems = _problems(
        has_upload=video.link is None and (video.upload is not None or session.has_upload),
        has_link=video.link is not None,
        has_captions=captions is not None or bool(session.captions),
    )
    if "captions" in problems:
        raise ValidationError({"captions": PUBLISHED_NEEDS_CAPTIONS})
    if problems:
        raise ValidationError(problems)


def _check_identifiers(session: Session, transcript_from_captions: bool) -> None:
    """The presenter and the transcript must not identify a resident (the model fields
    have no validator for them; a transcript made from captions is the captions' fault)."""
    errors = {}
    try:
        no_resident_identifiers(session.presenter)
    except ValidationError as error:
        errors["presenter"] = error.messages
    try:
        if transcript_from_captions:
            check_captions_words(session.transcript)
        else:
            no_resident_identifiers(session.transcript)
    except ValidationError as error:
        errors["captions" if transcript_from_captions else "transcript"] = error.messages
    if errors:
        raise ValidationError(errors)


def _save(session: Session, details: SessionDetails, video: Video, captions) -> Session:
    """Validate, then write the new files and the row together (inside a transaction)."""
    _check_still_publishable(session, video, captions)
    _apply_details(session, details)
    unwanted = _apply_video(session, video)
    session.full_clean(exclude=["video_file", "captions", "created_by", "source_event"])
    typed = session.transcript
    session.transcript = _transcript(session, captions)
    _check_identifiers(session, transcript_from_captions=session.transcript != typed)
    storage = session.video_file.storage
    files = _NewFiles(storage)
    with files.removed_on_failure(), transaction.atomic():
        if video.upload is not None:
            extension = VIDEO_EXTENSIONS[video.content_type]
            name = _file_name(details.title, extension, "video")
            files.save(session.video_file, name, video.upload)
        if captions is not None:
            if session.captions:
                unwanted.append(session.captions.name)
            name = _file_name(details.title, ".vtt", "captions")
            files.save(session.captions, name, captions)
        session.save()
        session.themes.set(details.themes)
        _delete_after_commit(storage, unwanted)
    return session


def create_session(
    *,
    actor: User,
    details: SessionDetails,
    video: Video,
    captions=None,
    source_event: Event | None = None,
) -> tuple[Session, bool]:
    """A new draft session. `captions` is a checked WebVTT upload or None; a blank
    transcript is made from the captions.

    Returns (session, created). The same person sending a session with the same title
    again within a few minutes (a double submit) gets the one made then, with created
    False, and nothing new is stored."""
    _require_manage(actor)
    with transaction.atomic():
        # One new session at a time for each person, so two copies of one form queue up.
        list(User.objects.select_for_update().filter(pk=actor.pk))
        earlier = (
            Session.objects.filter(
                created_by=actor,
                title=details.title,
                created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
            )
            .order_by("-pk")
            .first()
        )
        if earlier is not None:
            return earlier, False
        session = Session(status=Session.Status.DRAFT, created_by=actor, source_event=source_event)
        return _save(session, details, video, captions), True


def update_session(
    *, actor: User, session: Session, details: SessionDetails, video: Video, captions=None
) -> Session:
    """Change a session. Without a new upload the stored video is kept; a replaced or
    removed file is deleted once the change is saved. Returns the saved session (the
    object passed in is left as it was)."""
    _require_manage(actor)
    with transaction.atomic():
        fresh = Session.objects.select_for_update().get(pk=session.pk)
        return _save(fresh, details, video, captions)


def publish_problems(session: Session) -> list[str]:
    """Why a session cannot be published yet (nothing when it can)."""
    problems = _problems(
        has_upload=session.has_upload,
        has_link=session.has_link,
        has_captions=bool(session.captions),
    )
    return list(problems.values())


def allowed_actions(session: Session) -> list[str]:
    return list(ALLOWED_ACTIONS.get(session.status, []))


def change_status(*, actor: User, session: Session, action: str) -> Session:
    """Publish, archive or move back to draft. Publishing needs a video and, for an
    upload, captions; the first publication sets the publication date."""
    _require_manage(actor)
    with transaction.atomic():
        fresh = Session.objects.select_for_update().get(pk=session.pk)
        if action not in allowed_actions(fresh):
            raise ValidationError(
                {"action": f"This session is already {fresh.get_status_display().lower()}"}
                if TARGET_STATUS.get(action) == fresh.status
                else {"action": "Choose one of the options"}
            )
        if action == PUBLISH:
            problems = publish_problems(fresh)
            if problems:
                raise ValidationError({"action": problems})
            fresh.published_at = fresh.published_at or timezone.now()
        fresh.status = TARGET_STATUS[action]
        if action != PUBLISH:
            # Off the public learning pages too; publishing again does not put it back.
            fresh.is_public, fresh.made_public_at, fresh.made_public_by = False, None, None
        fresh.save(
            update_fields=[
                "status",
                "published_at",
                "updated_at",
                "is_public",
                "made_public_at",
                "made_public_by",
            ]
        )
    return fresh


# --- Handouts -------------------------------------------------------------------------


def add_handout(
    *, actor: User, session: Session, title: str, upload, content_type: str
) -> tuple[Handout, bool]:
    """A checked handout file (`content_type` from training.validators.validate_handout).

    Returns (handout, created). A handout with the same title added to the same session
    within a few minutes (a double submit) is the one added then, with created False, and
    the file is not stored again. (Handouts do not record who added them, so this is by
    session and title.)"""
    _require_manage(actor)
    extension = {value: key for key, value in HANDOUT_TYPES.items()}.get(content_type)
    if extension is None:
        raise ValidationError({"file": "The handout must be a PDF, Word or PowerPoint file"})
    handout = Handout(session=session, title=title, content_type=content_type, size=upload.size)
    handout.full_clean(exclude=["file", "session"])
    files = _NewFiles(handout.file.storage)
    with files.removed_on_failure(), transaction.atomic():
        # One new handout at a time for each session, so two copies of one form queue up.
        list(Session.objects.select_for_update().filter(pk=session.pk))
        earlier = (
            Handout.objects.filter(
                session=session,
                title=title,
                created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
            )
            .order_by("-pk")
            .first()
        )
        if earlier is not None:
            return earlier, False
        files.save(handout.file, _file_name(title, extension, "handout"), upload)
        handout.save()
        Session.objects.filter(pk=session.pk).update(updated_at=timezone.now())
    return handout, True


def delete_handout(*, actor: User, handout: Handout) -> None:
    """The row now; its file once that is saved (training.signals deletes it)."""
    _require_manage(actor)
    handout.delete()


# --- Collections ----------------------------------------------------------------------


def create_collection(*, actor: User, title: str, summary: str = "") -> tuple[Collection, bool]:
    """Returns (collection, created). The same person making a collection with the same
    title again within a few minutes (a double submit) gets the one made then, with
    created False."""
    _require_manage(actor)
    collection = Collection(title=title, summary=summary, created_by=actor)
    collection.full_clean(exclude=["created_by"])
    with transaction.atomic():
        # One new collection at a time for each person, so two copies of one form queue up.
        list(User.objects.select_for_update().filter(pk=actor.pk))
        earlier = (
            Collection.objects.filter(
                created_by=actor,
                title=title,
                created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
            )
            .order_by("-pk")
            .first()
        )
        if earlier is not None:
            return earlier, False
        collection.save()
    return collection, True


def update_collection(*, actor: User, collection: Collection, title: str, summary: str) -> None:
    _require_manage(actor)
    collection.title, collection.summary = title, summary
    collection.full_clean(exclude=["created_by"])
    collection.save(update_fields=["title", "summary"])


def _renumber(items: list[CollectionItem]) -> None:
    changed = []
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            changed.append(item)
    CollectionItem.objects.bulk_update(changed, ["position"])


def _locked_items(collection_id: int) -> list[CollectionItem]:
    # Lock the collection row too, so two changes to one collection queue up.
    Collection.objects.select_for_update().filter(pk=collection_id).first()
    return list(
        CollectionItem.objects.select_for_update()
        .filter(collection_id=collection_id)
        .order_by("position", "pk")
    )


def add_to_collection(*, actor: User, collection: Collection, session: Session) -> CollectionItem:
    """The session at the end of the collection (once: adding it again changes nothing)."""
    _require_manage(actor)
    if session.status == Session.Status.ARCHIVED:
        raise ValidationError({"session": "Archived sessions cannot be added to a collection"})
    with transaction.atomic():
        items = _locked_items(collection.pk)
        for item in items:
            if item.session_id == session.pk:
                return item
        _renumber(items)
        return CollectionItem.objects.create(
            collection=collection, session=session, position=len(items) + 1
        )


def move_item(*, actor: User, item: CollectionItem, direction: str) -> None:
    """One place up or down in its collection (nothing at either end)."""
    _require_manage(actor)
    if direction not in (UP, DOWN):
        raise ValidationError("Choose to move the session up or down.")
    with transaction.atomic():
        items = _locked_items(item.collection_id)
        index = next((i for i, row in enumerate(items) if row.pk == item.pk), None)
        if index is None:
            return
        other = index - 1 if direction == UP else index + 1
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
        _renumber(items)


def remove_item(*, actor: User, item: CollectionItem) -> None:
    """Take a session out of a collection (the session itself is kept)."""
    _require_manage(actor)
    with transaction.atomic():
        items = _locked_items(item.collection_id)
        CollectionItem.objects.filter(pk=item.pk).delete()
        _renumber([row for row in items if row.pk != item.pk])
