"""Reads for improvement projects: cycles."""

from network.models import User
from qi_cycles.models import Project


def project_panel(user: User, project: Project) -> dict:
    """Context for templates/qi_cycles/cycles/_project_cycles.html on the project's page (a fixed
    number of queries, whatever the project holds)."""
    return {}
