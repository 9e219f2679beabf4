"""The partnership agreement: publish, read, sign, asked at sign-in, who has signed."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse
from django.utils.http import urlencode

from network import services_directory
from network.models import AgreementSignature, AgreementVersion
from network.selectors_agreements import home_items
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET, MembershipFactory

BODY = "We come to learn, not to judge.\n\nWe never share anything that identifies a resident."


@pytest.fixture
def v1(cast):
    return services_directory.publish_agreement(
        actor=cast.will, title="Partnership agreement", body=BODY
    )


def agreement_url(next_url: str) -> str:
    return f"{reverse('network:agreement')}?{urlencode({'next': next_url})}"


def sign_in(client, email: str):
    return client.post(reverse("account_login"), {"login": email, "password": TEST_PASSWORD})


# --- Reading and signing -------------------------------------------------------------------


def test_before_anything_is_published_the_page_says_so(client, cast):
    client.force_login(cast.sid)
    page = client.get(reverse("network:agreement")).content.decode()
    assert "has not published its partnership agreement yet" in page
    assert "I agree" not in page
    assert client.post(reverse("network:agreement_sign"), {"version": 1}).status_code == 404


def test_member_reads_and_signs_the_current_version(client, cast, v1):
    client.force_login(cast.sid)
    page = client.get(reverse("network:agreement")).content.decode()
    assert "<p>We come to learn, not to judge.</p>" in page  # paragraphs kept
    assert "I agree" in page and "Not now" in page

    response = client.post(reverse("network:agreement_sign"), {"version": 1}, follow=True)

    page = response.content.decode()
    assert "You have signed version 1" in page
    signature = AgreementSignature.objects.get()
    assert (signature.user, signature.version) == (cast.sid, v1)
    assert signature.signed_at is not None
    assert f"You signed version 1 on {signature.signed_at:%-d %B %Y}" in page
    assert "I agree" not in page


def test_signing_twice_keeps_one_signature(client, cast, v1):
    client.force_login(cast.sid)
    client.post(reverse("network:agreement_sign"), {"version": 1})
    response = client.post(reverse("network:agreement_sign"), {"version": 1}, follow=True)
    assert "You already signed version 1" in response.content.decode()
    assert AgreementSignature.objects.filter(user=cast.sid).count() == 1


def test_signing_an_old_version_after_a_new_one_is_refused(client, cast, v1):
    client.force_login(cast.sid)
    page = client.get(reverse("network:agreement")).content.decode()  # reads version 1
    assert "Version 1" in page
    services_directory.publish_agreement(
        actor=cast.will,
        title="Partnership agreement",
        body=BODY + "\n\nNew.",
        summary_of_changes="x",
    )
    response = client.post(reverse("network:agreement_sign"), {"version": 1}, follow=True)
    assert "A newer version of the agreement has been published" in response.content.decode()
    assert not AgreementSignature.objects.exists()


def test_agreement_text_is_escaped(client, cast):
    services_directory.publish_agreement(
        actor=cast.will, title="Rules", body="<script>alert(1)</script> & friends"
    )
    client.force_login(cast.sid)
    page = client.get(reverse("network:agreement")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends" in page


def test_not_now_goes_on_to_next_and_ignores_other_sites(client, cast, v1):
    client.force_login(cast.sid)
    page = client.get(agreement_url("/directory/")).content.decode()
    assert 'href="/directory/">Not now</a>' in page
    assert 'name="next" value="/directory/"' in page
    page = client.get(agreement_url("https://evil.example/")).content.decode()
    assert "evil.example" not in page
    assert f'href="{reverse("home")}">Not now</a>' in page


def test_i_agree_goes_on_to_next(client, cast, v1):
    client.force_login(cast.sid)
    response = client.post(reverse("network:agreement_sign"), {"version": 1, "next": "/directory/"})
    assert response.url == "/directory/"
    response = client.post(
        reverse("network:agreement_sign"), {"version": 1, "next": "https://evil.example/"}
    )
    assert response.url == reverse("network:agreement")


# --- Asked at sign-in ----------------------------------------------------------------------


def test_sign_in_asks_someone_who_has_not_signed(client, cast, v1):
    response = sign_in(client, "sid@example.org")
    assert response.url == agreement_url(reverse("home"))
    # "I agree" then takes them on to where they were going
    response = client.post(reverse("network:agreement_sign"), {"version": 1, "next": "/home/"})
    assert response.url == "/home/"
    client.logout()
    # Next time they go straight in
    assert sign_in(client, "sid@example.org").url == reverse("home")


def test_sign_in_keeps_the_page_they_asked_for(client, cast, v1):
    response = client.post(
        f"{reverse('account_login')}?next=/directory/",
        {"login": "sid@example.org", "password": TEST_PASSWORD, "next": "/directory/"},
    )
    assert response.url == agreement_url("/directory/")


def test_sign_in_goes_straight_home_when_nothing_to_sign(client, cast):
    assert sign_in(client, "sid@example.org").url == reverse("home")


def test_a_new_version_asks_again(client, cast, v1):
    AgreementSignature.objects.create(version=v1, user=cast.sid)
    services_directory.publish_agreement(
        actor=cast.will, title="Partnership agreement", body=BODY, summary_of_changes="Tidied."
    )
    assert sign_in(client, "sid@example.org").url == agreement_url(reverse("home"))
    page = client.get(reverse("network:agreement")).content.decode()
    assert "What has changed since version 1:</strong> Tidied." in page


def test_second_factor_comes_before_the_agreement(client, cast, v1):
    response = sign_in(client, "will@example.org")
    assert response.url == reverse("mfa_authenticate")
    code = format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.url == agreement_url(reverse("home"))


def test_setting_up_a_second_factor_comes_before_the_agreement(client, cast, v1):
    cast.pat.authenticator_set.all().delete()
    response = sign_in(client, "pat@example.org")
    assert response.url == agreement_url(reverse("home"))
    response = client.get(response.url)
    assert response.url.startswith(reverse("mfa_activate_totp"))


# --- Home page -----------------------------------------------------------------------------


def test_home_page_asks_until_signed(client, cast, v1, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert home_items(cast.sid) == {"agreement_to_sign": v1}
    client.force_login(cast.sid)
    page = client.get(reverse("home")).content.decode()
    assert "Read and sign the partnership agreement" in page
    assert "Nothing needs your attention" not in page
    AgreementSignature.objects.create(version=v1, user=cast.sid)
    assert home_items(cast.sid) == {"agreement_to_sign": None}
    assert (
        "Read and sign the partnership agreement"
        not in client.get(reverse("home")).content.decode()
    )


def test_home_page_is_quiet_with_no_agreement(cast):
    assert home_items(cast.sid) == {"agreement_to_sign": None}


# --- Publishing ----------------------------------------------------------------------------


def test_project_worker_publishes_the_next_version(client, cast, v1):
    client.force_login(cast.will)
    page = client.get(reverse("network:agreement_publish")).content.decode()
    assert "Publish version 2" in page
    assert "We come to learn, not to judge." in page  # starts from the current text
    response = client.post(
        reverse("network:agreement_publish"),
        {"title": "Ground rules", "body": BODY, "summary_of_changes": "New title."},
        follow=True,
    )
    assert "Version 2 is published" in response.content.decode()
    latest = AgreementVersion.objects.order_by("-version").first()
    assert (latest.version, latest.title, latest.published_by) == (2, "Ground rules", cast.will)


def test_publishing_needs_text_and_a_summary_of_changes(client, cast, v1):
    client.force_login(cast.ada)
    response = client.post(
        reverse("network:agreement_publish"), {"title": "", "body": "", "summary_of_changes": ""}
    )
    page = response.content.decode()
    assert "<title>Error:" in page
    assert "Enter a title" in page and "Enter the text of the agreement" in page
    response = client.post(reverse("network:agreement_publish"), {"title": "Rules", "body": BODY})
    assert "Say what has changed since the last version" in response.content.decode()
    response = client.post(
        reverse("network:agreement_publish"),
        {"title": "Rules", "body": "Resident 943 476 5919 fell.", "summary_of_changes": "x"},
    )
    assert "Remove the NHS number" in response.content.decode()
    assert AgreementVersion.objects.count() == 1


def test_only_project_workers_publish(cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services_directory.publish_agreement(actor=cast.mona, title="Rules", body=BODY)
    assert not AgreementVersion.objects.exists()


# --- Who has signed ------------------------------------------------------------------------


def test_project_worker_sees_who_has_and_has_not_signed(client, cast, v1):
    signature = AgreementSignature.objects.create(version=v1, user=cast.sid)
    client.force_login(cast.will)
    url = reverse("network:agreement_signatures")
    page = client.get(url).content.decode()
    assert "Not signed yet (5)" in page and "Signed (1)" in page
    assert "Mona" in page and "Oak House" in page and "Birch House" in page
    assert ">Sid<" not in page
    page = client.get(url, {"show": "signed"}).content.decode()
    assert "Sid" in page and "Oak House" in page
    assert f"{signature.signed_at:%-d %B %Y}" in page
    assert "Mona" not in page


def test_earlier_versions_keep_their_signatures(client, cast, v1):
    AgreementSignature.objects.create(version=v1, user=cast.sid)
    services_directory.publish_agreement(
        actor=cast.will, title="Rules", body=BODY, summary_of_changes="Shorter."
    )
    client.force_login(cast.will)
    url = reverse("network:agreement_signatures")
    page = client.get(url).content.decode()
    assert "Version 2</strong> (shown below)" in page and "Not signed yet (6)" in page
    page = client.get(url, {"version": 1, "show": "signed"}).content.decode()
    assert "Sid" in page
    assert client.get(url, {"version": 9}).status_code == 404


def test_signature_list_with_nothing_published(client, cast):
    client.force_login(cast.will)
    page = client.get(reverse("network:agreement_signatures")).content.decode()
    assert "No version of the agreement has been published yet" in page


@pytest.mark.parametrize("show", ["signed", "not_signed"])
def test_signature_list_query_count_stays_flat(
    client, cast, v1, django_assert_max_num_queries, show
):
    def add(n):
        for _ in range(n):
            user = MembershipFactory(organisation=cast.home_a).user
            MembershipFactory(user=user)  # a second organisation each
            if show == "signed":
                AgreementSignature.objects.create(version=v1, user=user)

    client.force_login(cast.will)
    url = reverse("network:agreement_signatures")
    add(3)
    client.get(url, {"show": show})  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"show": show}).status_code == 200
    add(37)
    with django_assert_max_num_queries(len(few)):
        page = client.get(url, {"show": show}).content.decode()
    assert page.count('class="nhsuk-table__row"') >= 40
