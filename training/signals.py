"""Stored files go when their row goes.

A deleted session (with its video and captions) or handout, from the portal or from the
Django admin, leaves nothing in storage: its files are deleted once the deletion is
committed, so a deletion that is rolled back keeps them. Files replaced while editing are
deleted by training.services_authoring.
"""

from __future__ import annotations

import logging
from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from training.models import Handout, Session

logger = logging.getLogger(__name__)


def delete_quietly(storage, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:  # a file we could not remove must not break the request
        logger.warning("Could not delete the stored file %s", name, exc_info=True)


def _delete_on_commit(*field_files) -> None:
    for field_file in field_files:
        if field_file and field_file.name:
            transaction.on_commit(partial(delete_quietly, field_file.storage, field_file.name))


@receiver(post_delete, sender=Session, dispatch_uid="training_session_files")
def delete_session_files(sender, instance: Session, **kwargs) -> None:
    _delete_on_commit(instance.video_file, instance.captions)


@receiver(post_delete, sender=Handout, dispatch_uid="training_handout_files")
def delete_handout_file(sender, instance: Handout, **kwargs) -> None:
    _delete_on_commit(instance.file)
