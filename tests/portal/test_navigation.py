"""The menu at the top of every signed-in page."""

from django.urls import reverse


def _menu(client, user) -> dict[str, str]:
    client.force_login(user)
    items = client.get(reverse("home")).context["nav_items"]
    return {item["label"]: item["url"] for item in items}


def test_care_home_members_can_reach_network_measures_and_local_services(client, cast):
    for person in (cast.mona, cast.sid):
        menu = _menu(client, person)
        assert menu["Network measures"] == reverse("outcomes:index")
        assert menu["Directory"] == reverse("network:directory")
        assert "Dashboard" not in menu


def test_partners_and_project_workers_also_get_the_dashboard(client, cast):
    for person in (cast.pat, cast.will):
        menu = _menu(client, person)
        assert menu["Dashboard"] == reverse("dashboards:area")
        assert "Network measures" in menu


def test_the_local_services_pages_light_up_directory_in_the_menu(client, cast):
    client.force_login(cast.mona)
    items = client.get(reverse("localservices:service_list")).context["nav_items"]
    assert [item["label"] for item in items if item["active"]] == ["Directory"]


def test_signed_out_visitors_get_no_menu(client, db):
    assert client.get(reverse("account_login")).context["nav_items"] == []
