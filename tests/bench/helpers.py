"""Shared by the seed_scale tests: a tiny run and a check that no row points nowhere."""

from datetime import date

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef

from bench.scale.run import seed_scale

TINY = 0.004
TODAY = date(2026, 3, 2)
APPS = ("network", "surveys", "qi_cycles", "training", "account", "mfa")


def tiny_run(**kwargs):
    kwargs.setdefault("scale", TINY)
    kwargs.setdefault("seed", 1)
    kwargs.setdefault("today", TODAY)
    return seed_scale(say=lambda line: None, **kwargs)


def orphans() -> list[str]:
    """Foreign keys (and many-to-many rows) pointing at a row that does not exist."""
    found = []
    for app in APPS:
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            for field in model._meta.local_concrete_fields:
                if not isinstance(field, models.ForeignKey):
                    continue
                target = field.remote_field.model
                # NOT EXISTS (an anti-join) stays quick on the full data set too.
                points_at = target.objects.filter(pk=OuterRef(field.attname))
                bad = (
                    model.objects.filter(**{f"{field.attname}__isnull": False})
                    .filter(~Exists(points_at))
                    .count()
                )
                if bad:
                    found.append(f"{model._meta.label}.{field.name}: {bad}")
    return found
