"""Runs after the other browser tests (file order): each of them ended by emptying every
table, so this checks the data migrations load is put back for the next test."""

from network.models import ServiceType, Theme


def test_themes_and_service_types_are_there_after_other_browser_tests():
    assert Theme.objects.filter(kind="my_home_life").count() == 8
    assert ServiceType.objects.filter(name="Dementia").exists()
