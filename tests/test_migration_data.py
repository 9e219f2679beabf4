"""Runs after the browser tests (alphabetical order): data from migrations must still be there."""

from network.models import ServiceType, Theme


def test_themes_and_service_types_survive_browser_tests(db):
    assert Theme.objects.filter(kind="my_home_life").count() == 8
    assert ServiceType.objects.filter(name="Dementia").exists()
