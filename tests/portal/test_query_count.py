"""The X-Query-Count header `make bench` reads: off unless BENCH_QUERY_HEADER is on."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from portal.query_count import QueryCountMiddleware

pytestmark = pytest.mark.django_db


def test_no_header_by_default(client, cast):
    client.force_login(cast.mona)
    response = client.get(reverse("floor"))
    assert response.status_code == 200
    assert "X-Query-Count" not in response


def test_counts_the_queries_of_the_request():
    def view(request):
        with connection.cursor() as cursor:
            for _ in range(3):
                cursor.execute("SELECT 1")
        return HttpResponse("ok")

    response = QueryCountMiddleware(view)(RequestFactory().get("/"))
    assert response["X-Query-Count"] == "3"


def test_queries_outside_a_request_are_not_counted():
    middleware = QueryCountMiddleware(lambda request: HttpResponse("ok"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert middleware(RequestFactory().get("/"))["X-Query-Count"] == "0"
