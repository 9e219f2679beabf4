from django.urls import reverse


def test_person_updates_their_details(client, cast):
    client.force_login(cast.sid)
    page = client.get(reverse("account")).content.decode()
    assert "sid@example.org" in page and "Oak House" in page
    response = client.post(
        reverse("account"),
        {"full_name": "Sid Patel", "job_title": "Senior carer", "phone": "01632 960 001"},
        follow=True,
    )
    assert "Your details have been saved" in response.content.decode()
    cast.sid.refresh_from_db()
    assert (cast.sid.full_name, cast.sid.job_title, cast.sid.phone) == (
        "Sid Patel",
        "Senior carer",
        "01632 960 001",
    )


def test_bad_details_are_form_errors_and_nothing_is_saved(client, cast):
    client.force_login(cast.sid)
    response = client.post(reverse("account"), {"full_name": "", "phone": "call me"})
    page = response.content.decode()
    assert "<title>Error:" in page
    assert "Enter your full name" in page
    assert "Enter a phone number, like 01632 960 001" in page
    cast.sid.refresh_from_db()
    assert cast.sid.full_name == "Sid"


def test_account_page_shows_mfa_state(client, cast):
    client.force_login(cast.will)
    assert "On: you use an authenticator app" in client.get(reverse("account")).content.decode()
    client.force_login(cast.sid)
    assert "Turn on" in client.get(reverse("account")).content.decode()


def test_public_page_explains_the_network_and_how_to_join(client, db):
    page = client.get(reverse("public_home")).content.decode()
    assert "You join by invitation" in page
    assert "© NHS England" not in page


def test_nhs_logo_only_when_switched_on(client, db, settings):
    settings.SHOW_NHS_LOGO = False
    assert "nhsuk-header__logo" not in client.get(reverse("public_home")).content.decode()
    settings.SHOW_NHS_LOGO = True
    assert "nhsuk-header__logo" in client.get(reverse("public_home")).content.decode()


def test_navigation_depends_on_role(client, cast):
    client.force_login(cast.sid)
    page = client.get(reverse("home")).content.decode()
    assert "Organisations" not in page and ">Members<" in page
    client.force_login(cast.will)
    page = client.get(reverse("home")).content.decode()
    assert ">Organisations<" in page
    client.force_login(cast.ada)
    assert ">Admin<" in client.get(reverse("home")).content.decode()


def test_contact_details_are_private_until_the_person_shares_them(client, cast):
    client.force_login(cast.sid)
    page = client.get(reverse("account")).content.decode()
    assert "Show my email address to other members" in page
    assert "Show my phone number to other members" in page
    assert "Project workers can always see your contact details." in page
    assert " checked" not in page
    assert not cast.sid.show_email and not cast.sid.show_phone
    client.post(
        reverse("account"),
        {"full_name": "Sid", "phone": "01632 960 001", "show_email": "on", "show_phone": "on"},
    )
    cast.sid.refresh_from_db()
    assert cast.sid.show_email and cast.sid.show_phone
    page = client.get(reverse("account")).content.decode()
    assert 'id="id_show_email" checked' in page and 'id="id_show_phone" checked' in page
    # Unticking stops sharing
    client.post(reverse("account"), {"full_name": "Sid", "phone": "01632 960 001"})
    cast.sid.refresh_from_db()
    assert not cast.sid.show_email and not cast.sid.show_phone


def test_contact_choices_are_not_saved_when_the_form_has_errors(client, cast):
    client.force_login(cast.sid)
    client.post(reverse("account"), {"full_name": "", "show_email": "on"})
    cast.sid.refresh_from_db()
    assert not cast.sid.show_email


def test_account_links_to_the_agreement_and_the_persons_organisations(client, cast):
    client.force_login(cast.sid)
    page = client.get(reverse("account")).content.decode()
    assert f'href="{reverse("network:agreement")}"' in page
    assert (
        f'href="{reverse("network:organisation_detail", args=[cast.home_a.pk])}">Oak House</a>'
        in page
    )
