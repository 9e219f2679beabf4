"""The load `make bench` drives: people of each role sign in through the real sign-in form
(and 2-step code) and then open a weighted mix of their main pages, plus the floor page.

Each simulated person signs in as their own generated account (manager.00001@scale.example,
manager.00002@..., so 2-step codes are never reused). Every request's SQL query count (the
X-Query-Count header, BENCH_QUERY_HEADER=1) is collected per page and written as JSON to
BENCH_QUERIES_OUT when the run ends. Run by bench/run.sh; not imported by the tests.
"""

import itertools
import json
import os
import re
from collections import defaultdict

from locust import HttpUser, between, events, task

from bench.accounts import CSRF, DOMAIN, PASSWORD, totp_code

QUERY_COUNTS: dict[str, list[int]] = defaultdict(list)
_numbers = defaultdict(lambda: itertools.count(1))


@events.request.add_listener
def _count_queries(request_type, name, response=None, exception=None, **kwargs):
    if response is not None and exception is None:
        count = response.headers.get("X-Query-Count")
        if count is not None:
            key = name if request_type == "GET" else f"{name} {request_type}"
            QUERY_COUNTS[key].append(int(count))


@events.reset_stats.add_listener
def _reset_query_counts(**kwargs):
    QUERY_COUNTS.clear()


@events.quitting.add_listener
def _write_query_counts(environment, **kwargs):
    path = os.environ.get("BENCH_QUERIES_OUT")
    if path:
        with open(path, "w") as out:
            json.dump(QUERY_COUNTS, out)


class Person(HttpUser):
    abstract = True
    prefix = ""
    two_step = False
    wait_time = between(0.5, 2)

    def on_start(self):
        number = next(_numbers[self.prefix])
        self.email = f"{self.prefix}.{number:05d}@{DOMAIN}"
        # Each person comes from their own address, as real people do: the sign-in rate
        # limits count per address (run.sh trusts one proxy, so this header is used).
        person = next(_numbers["ip"])
        self.client.headers["X-Forwarded-For"] = (
            f"10.{person // 65536 % 256}.{person // 256 % 256}.{person % 256}"
        )
        self.links: dict[str, str] = {}
        self.sign_in()
        self.find_links()

    def _post_form(self, url: str, data: dict, name: str):
        page = self.client.get(url, name=name)
        token = CSRF.search(page.text)
        data = {"csrfmiddlewaretoken": token.group(1) if token else "", **data}
        return self.client.post(url, data, name=name, headers={"Referer": page.url})

    def sign_in(self):
        response = self._post_form(
            "/accounts/login/", {"login": self.email, "password": PASSWORD}, "(sign in)"
        )
        if "/accounts/2fa/authenticate/" in response.url:
            response = self._post_form(
                "/accounts/2fa/authenticate/", {"code": totp_code()}, "(2-step code)"
            )
        if "/accounts/" in response.url:
            raise RuntimeError(f"{self.email} could not sign in ({response.url})")

    def _first_link(self, key: str, page: str, pattern: str):
        text = self.client.get(page, name=f"(find {key})").text
        match = re.search(pattern, text)
        if match:
            self.links[key] = match.group(0).strip('"')

    def find_links(self):
        self._first_link("need", "/needs/", r'"/needs/\d+/"')
        self._first_link("project", "/improvement/", r'"/improvement/\d+/"')
        self._first_link("session", "/training/", r'"/training/sessions/\d+/"')
        self._first_link("event", "/events/", r'"/events/\d+/"')

    def visit(self, key: str, url: str | None = None):
        url = url or self.links.get(key)
        if url:
            self.client.get(url, name=key)

    @task(3)
    def home(self):
        self.visit("home", "/home/")

    @task(3)
    def floor(self):
        self.visit("floor", "/floor/")

    @task(2)
    def needs(self):
        self.visit("needs list", "/needs/")

    @task(2)
    def need(self):
        self.visit("need")

    @task(1)
    def surveys(self):
        self.visit("surveys list", "/surveys/")

    @task(2)
    def improvement(self):
        self.visit("improvement list", "/improvement/")

    @task(2)
    def project(self):
        self.visit("project")

    @task(2)
    def training(self):
        self.visit("training library", "/training/")

    @task(1)
    def session(self):
        self.visit("session")

    @task(1)
    def events_list(self):
        self.visit("events", "/events/")

    @task(1)
    def directory(self):
        self.visit("directory", "/directory/")

    @task(1)
    def local_services(self):
        self.visit("local services", "/directory/services/")

    @task(1)
    def network_measures(self):
        self.visit("network measures", "/network-measures/")


class Manager(Person):
    weight = 5
    prefix = "manager"

    def find_links(self):
        super().find_links()
        self._first_link("home dashboard", "/home/", r'"/dashboards/homes/\d+/"')

    @task(2)
    def home_dashboard(self):
        self.visit("home dashboard")


class Staff(Person):
    weight = 5
    prefix = "staff"


class Partner(Person):
    weight = 2
    prefix = "partner"
    two_step = True

    def find_links(self):
        super().find_links()
        self._first_link("home dashboard", "/dashboards/", r'"/dashboards/homes/\d+/"')

    @task(3)
    def area_dashboard(self):
        self.visit("partner dashboard", "/dashboards/")

    @task(2)
    def home_dashboard(self):
        self.visit("home dashboard")


class Worker(Partner):
    weight = 1
    prefix = "worker"

    @task(3)
    def area_dashboard(self):
        # No area chosen: a project worker sees the whole network (the national filter).
        self.visit("national dashboard", "/dashboards/")
