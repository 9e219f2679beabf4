"""Refusals and missing pages explain themselves in the service's own layout."""

from django.test import override_settings
from django.urls import reverse

from tests.factories import make_change_idea, make_project


def test_a_refusal_says_why(client, cast):
    """Partners cannot try a change idea in a home: the page says so, in the NHS layout."""
    idea = make_change_idea(make_project(cast.home_a, shared=True))
    client.force_login(cast.pat)
    response = client.get(reverse("qi:idea_try", args=[idea.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot do this" in html
    assert "Only care homes can try a change idea" in html
    assert "nhsuk-header" in html


def test_a_missing_page_says_what_to_check(client, cast):
    client.force_login(cast.bea)
    project = make_project(cast.home_a)  # home-only: another home cannot see it
    response = client.get(reverse("qi:project_detail", args=[project.pk]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert project.title not in html


@override_settings(DEBUG=False)
def test_server_error_page_stands_alone(client, db):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in html
