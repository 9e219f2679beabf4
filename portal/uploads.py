"""Uploads when the disk is full.

Django streams an upload bigger than FILE_UPLOAD_MAX_MEMORY_SIZE into a temporary file
while it reads the request (often already in the CSRF check, before any view runs). If
the disk fills up there, Django's own handler lets the OSError through and the person
gets the general error page.

TemporaryUploadHandler catches a full disk (ENOSPC, or EDQUOT when a quota is used up),
closes and deletes its own half-written temporary file, reads and drops the rest of that
file from the request (so the other fields, and the CSRF token, are still read), and puts
an empty OutOfSpaceUpload in request.FILES in its place. Any FileField rejects it as
empty, so nothing is ever saved from it; forms with OutOfSpaceFormMixin show the plain
out-of-space message on the field instead.
"""

from __future__ import annotations

import contextlib
import errno
import io
import logging
import os

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler

logger = logging.getLogger(__name__)

OUT_OF_SPACE = (
    "We could not save the file because the server is out of space. Nothing has been saved. "
    "Please try again later or tell the network team."
)
DISK_FULL = {errno.ENOSPC, errno.EDQUOT}


def is_disk_full(error: OSError) -> bool:
    return error.errno in DISK_FULL


class OutOfSpaceUpload(UploadedFile):
    """Stands in for a file that could not be received because the disk was full. It is
    empty, so a FileField never accepts it."""

    out_of_space = True

    def __init__(self, name, content_type, charset, content_type_extra=None):
        super().__init__(io.BytesIO(), name, content_type, 0, charset, content_type_extra)


class TemporaryUploadHandler(TemporaryFileUploadHandler):
    """Django's TemporaryFileUploadHandler, except that a full disk gives an
    OutOfSpaceUpload instead of an error page."""

    def new_file(self, *args, **kwargs):
        # Forget the previous file of this request first: if making the new temporary
        # file fails, nothing may close or delete a file already received.
        self.__dict__.pop("file", None)
        self.out_of_space = False
        try:
            super().new_file(*args, **kwargs)
        except OSError as error:
            if not is_disk_full(error):
                raise
            self._stop(error)

    def receive_data_chunk(self, raw_data, start):
        if self.out_of_space:
            return None  # read and drop the rest of this file
        try:
            self.file.write(raw_data)
        except OSError as error:
            if not is_disk_full(error):
                raise
            self._stop(error)
        return None

    def file_complete(self, file_size):
        if not self.out_of_space:
            try:
                self.file.flush()  # the last bytes may still be waiting in the buffer
            except OSError as error:
                if not is_disk_full(error):
                    raise
                self._stop(error)
        if self.out_of_space:
            return OutOfSpaceUpload(
                self.file_name, self.content_type, self.charset, self.content_type_extra
            )
        return super().file_complete(file_size)

    def _stop(self, error: OSError) -> None:
        """Delete the half-written temporary file and mark the request."""
        self.out_of_space = True
        upload = self.__dict__.pop("file", None)
        if upload is not None:
            path = upload.temporary_file_path()
            with contextlib.suppress(OSError):
                upload.close()  # closing writes out the buffer, which can fail again
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
        if self.request is not None:
            fields = getattr(self.request, "upload_out_of_space", set())
            fields.add(self.field_name)
            self.request.upload_out_of_space = fields
        logger.error(
            "An upload (field %r) was stopped: the disk is full (%s).",
            self.field_name,
            error.strerror or error,
        )


class OutOfSpaceFormMixin:
    """For forms with file fields: a file the server had no space to receive gets the
    plain out-of-space message (instead of 'the file is empty'), and the form is not
    valid, so nothing is saved."""

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not self.files:
            return
        for name, field in self.fields.items():
            if not isinstance(field, forms.FileField):
                continue
            key = self.add_prefix(name)
            values = self.files.getlist(key) if hasattr(self.files, "getlist") else []
            values = values or [self.files.get(key)]
            if any(getattr(value, "out_of_space", False) for value in values):
                error = ValidationError(OUT_OF_SPACE, code="out_of_space")
                self._errors[name] = self.error_class([error], renderer=self.renderer)
                getattr(self, "cleaned_data", {}).pop(name, None)
