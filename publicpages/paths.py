"""The stable address of each public item: its number and a slug from its title."""

from django.urls import reverse
from django.utils.text import slugify


def slug_for(title: str, fallback: str) -> str:
    return slugify(title)[:60].strip("-") or fallback


def session_path(session) -> str:
    return reverse("public:session", args=[session.pk, slug_for(session.title, "session")])


def collection_path(collection) -> str:
    slug = slug_for(collection.title, "collection")
    return reverse("public:collection", args=[collection.pk, slug])


def case_study_path(project) -> str:
    return reverse("public:case_study", args=[project.pk, slug_for(project.title, "case-study")])
