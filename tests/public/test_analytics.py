"""Public page views in the training analytics: project workers see views per item per
month (on the page and in the CSV); partners, whose figures cover their areas, do not."""

import csv
import io
from datetime import date

from django.urls import reverse
from django.utils import timezone

from publicpages.models import PageView
from publicpages.selectors_usage import REMOVED, views_by_item


def _seed_views(items):
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - timezone.timedelta(days=1)).replace(day=1)
    rows = [
        ("session", items["p_session"].pk, last_month, 12),
        ("session", items["p_session"].pk, this_month, 30),
        ("case_study", items["p_unnamed"].pk, this_month, 7),
        ("collection", 987654, this_month, 2),  # since deleted
        ("session", items["p_link"].pk, date(2020, 1, 1), 99),  # long before the period
    ]
    PageView.objects.bulk_create(
        PageView(kind=k, object_id=pk, month=m, views=v) for k, pk, m, v in rows
    )
    return this_month, last_month


def test_project_workers_see_public_views_per_item_per_month(client, cast, items):
    this_month, last_month = _seed_views(items)
    client.force_login(cast.will)
    html = client.get(reverse("training:analytics")).content.decode()
    assert "Public learning pages" in html
    assert "What is a PDSA cycle?" in html
    assert f"{last_month:%b %Y}: 12, {this_month:%b %Y}: 30" in html
    assert 'aria-hidden="true">Views </span>42</td>' in html  # the total in the period
    assert "Drink more, feel better" in html and REMOVED in html
    assert "Mouth care matters" not in html  # viewed only before the period


def test_the_csv_has_a_row_for_each_item_and_month(client, cast, items):
    this_month, last_month = _seed_views(items)
    client.force_login(cast.will)
    body = client.get(reverse("training:analytics_csv")).content.decode("utf-8")[1:]
    rows = list(csv.reader(io.StringIO(body)))
    start = rows.index(["Item", "Kind", "Month", "Views"])
    table = rows[start + 1 :]
    assert ["What is a PDSA cycle?", "Training session", f"{last_month:%Y-%m}", "12"] in table
    assert ["What is a PDSA cycle?", "Training session", f"{this_month:%Y-%m}", "30"] in table
    assert ["Drink more, feel better", "Case study", f"{this_month:%Y-%m}", "7"] in table


def test_partners_do_not_see_network_wide_public_views(client, cast, items):
    _seed_views(items)
    client.force_login(cast.pat)
    response = client.get(reverse("training:analytics"))
    assert response.status_code == 200
    assert "Public learning pages" not in response.content.decode()
    body = client.get(reverse("training:analytics_csv")).content.decode("utf-8")
    assert "Public page views" not in body


def test_views_are_read_in_a_fixed_number_of_queries(django_assert_max_num_queries, items):
    _seed_views(items)
    with django_assert_max_num_queries(4):
        rows = views_by_item(date(2019, 1, 1), timezone.localdate())
    assert [row.total for row in rows] == [99, 42, 7, 2]
