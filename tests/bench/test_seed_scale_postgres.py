"""seed_scale on PostgreSQL: rows go in with COPY, foreign key triggers are back on
afterwards, and the id sequences were moved past the generated ids so the portal can add
rows. Skipped on SQLite (CI runs the suite again on PostgreSQL)."""

from unittest import mock

import pytest
from django.db import connection

from bench.scale import writer
from network.models import Membership, Organisation, User
from surveys.models import Need, NeedResponse
from tests.bench.helpers import orphans, tiny_run
from training.models import LearningRecord, Session

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def test_copy_loads_every_row_and_the_portal_can_add_more_afterwards():
    statements = []
    real_write = writer.Loader.write

    def spy(self, table, rows):
        statements.append(table.name)
        return real_write(self, table, rows)

    with mock.patch.object(writer.Loader, "write", spy):
        result = tiny_run()
    assert "training_learningrecord" in statements
    assert result.counts["training.LearningRecord"] == LearningRecord.objects.count() > 0
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"
    assert orphans() == []

    # New rows through the ORM get ids after the generated ones.
    top = User.objects.order_by("-pk").first().pk
    user = User.objects.create_user(email="new.person@example.org", password="x" * 12)
    assert user.pk > top
    home = Organisation.objects.filter(kind="care_home").first()
    Membership.objects.create(user=user, organisation=home, role="staff")
    need = Need.objects.create(organisation=home, posted_by=user, title="T", description="D")
    NeedResponse.objects.create(need=need, author=user, organisation=home, kind="reply", body="B")
    LearningRecord.objects.create(user=user, session=Session.objects.first(), organisation=home)


def test_text_that_copy_treats_specially_arrives_unchanged():
    tiny_run()
    home = Organisation.objects.filter(kind="care_home").first()
    awkward = "Tab\there, a back\\slash, a new\nline and \\N"
    loader = writer.Loader(now=home.created_at)
    table = loader.table(Need, ["id", "organisation_id", "title", "description", "created_at"])
    need_id = table.new_id()
    table.add((need_id, home.pk, "Awkward", awkward, home.created_at))
    loader.finish()
    assert Need.objects.get(pk=need_id).description == awkward
