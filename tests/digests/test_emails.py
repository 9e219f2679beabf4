"""The digest email (subject, text, HTML, unsubscribe headers) and the preview command."""

from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import get_connection
from django.core.management import CommandError, call_command
from django.urls import resolve

from digests.content import DigestContext, build_digest
from digests.emails import digest_message
from digests.models import DigestPreference
from digests.periods import parse_period
from digests.tokens import user_id_from
from tests.digests.test_content import digest_for, need, respond


@pytest.fixture
def digest(cast):
    respond(need(cast.home_a, "Help with <falls> at night"), cast.pat)
    return digest_for(cast.mona)


def test_the_message_has_subject_both_parts_and_goes_to_the_person(cast, digest):
    message = digest_message(cast.mona, digest)

    assert message.to == ["mona@example.org"]
    assert message.subject == "Your weekly update: the week of 2 March 2026"
    assert "Hello Mona," in message.body
    assert "RESPONSES TO YOUR HOME'S NEEDS" in message.body
    assert "* Help with <falls> at night" in message.body  # plain text is not escaped
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Help with &lt;falls&gt; at night" in html
    assert "<falls>" not in html


def test_every_link_is_absolute(cast, digest):
    message = digest_message(cast.mona, digest)
    html = message.alternatives[0][0]
    need_pk = digest.sections[0].items[0].url.rstrip("/").rsplit("/", 1)[-1]
    assert f"{settings.SITE_URL}/needs/{need_pk}/" in message.body
    assert f'href="{settings.SITE_URL}/needs/{need_pk}/"' in html
    assert 'href="/' not in html


def test_the_footer_says_why_and_how_to_change_or_stop(cast, digest):
    message = digest_message(cast.mona, digest)
    html = message.alternatives[0][0]
    for part in (message.body, html):
        assert "Why you get this" in part
        assert "You are a manager at Oak House." in part
        assert f"{settings.SITE_URL}/digests/" in part
        assert f"{settings.SITE_URL}/digests/unsubscribe/" in part
    assert "Change how often you get these emails" in html
    assert "Unsubscribe from these emails" in html


def test_one_click_unsubscribe_headers_point_at_the_persons_own_link(cast, digest):
    message = digest_message(cast.mona, digest)
    link = message.extra_headers["List-Unsubscribe"]
    assert link.startswith(f"<{settings.SITE_URL}/digests/unsubscribe/") and link.endswith("/>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = link[1:-1].removeprefix(settings.SITE_URL)
    match = resolve(path)
    assert match.view_name == "digests:unsubscribe"
    assert user_id_from(match.kwargs["token"]) == cast.mona.pk


def test_headers_from_the_caller_are_kept_and_the_connection_is_used(cast, digest):
    connection = get_connection()
    message = digest_message(
        cast.mona,
        digest,
        connection=connection,
        headers={"Message-ID": "<digest-1-2026-W10@example.org>", "X-Period": "2026-W10"},
    )
    assert message.connection is connection
    message.send()
    sent = mail.outbox[0].message()
    assert sent["Message-ID"] == "<digest-1-2026-W10@example.org>"
    assert sent["X-Period"] == "2026-W10"
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_hidden_home_is_not_named_in_a_partners_email(cast):
    need(cast.home_a, "Help with night staff", hide_home_name=True)
    digest = digest_for(cast.pat)
    message = digest_message(cast.pat, digest)
    html = message.alternatives[0][0]
    assert "A care home in Southampton" in message.body
    assert "Oak House" not in message.body and "Oak House" not in html


# --- manage.py preview_digest ---------------------------------------------------------------


def preview(*args) -> str:
    out = StringIO()
    call_command("preview_digest", *args, stdout=out)
    return out.getvalue()


def test_preview_prints_the_text_of_a_persons_digest(cast):
    respond(need(cast.home_a), cast.pat)
    output = preview("MONA@example.org", "--period", "2026-W10")
    assert output.startswith("To: mona@example.org\nSubject: Your weekly update")
    assert "Help with falls at night" in output
    assert "<html" not in output


def test_preview_can_print_the_html(cast):
    respond(need(cast.home_a), cast.pat)
    assert "<!doctype html>" in preview("mona@example.org", "--period", "2026-W10", "--html")


def test_preview_says_why_nothing_would_be_sent(cast):
    assert preview("mona@example.org", "--period", "2026-W10") == (
        "Nothing to send: nothing new for them in the week of 2 March 2026.\n"
    )
    DigestPreference.objects.create(user=cast.mona, frequency="none")
    assert preview("mona@example.org") == (
        "Nothing to send: they chose not to get digest emails.\n"
    )
    assert preview("mona@example.org", "--period", "2026-03-04") == (
        "Nothing to send: they chose not to get digest emails.\n"
    )


def test_preview_refuses_unknown_people_and_periods(cast):
    with pytest.raises(CommandError, match="Nobody has the email address"):
        preview("nobody@example.org")
    with pytest.raises(CommandError, match="like 2026-W48"):
        preview("mona@example.org", "--period", "last week")


def test_a_daily_digest_covers_one_day(cast):
    DigestPreference.objects.create(user=cast.mona, frequency="daily")
    respond(need(cast.home_a), cast.pat)  # on Wednesday 4 March
    day = parse_period("2026-03-04")
    digest = build_digest(cast.mona, day, DigestContext.for_period(day))
    message = digest_message(cast.mona, digest)
    assert message.subject == "Your daily update: Wednesday 4 March 2026"
    assert "We send a short update each day when something new" in message.body
    assert build_digest(cast.mona, parse_period("2026-03-05")) is None
