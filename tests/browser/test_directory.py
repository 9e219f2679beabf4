"""Agreement at sign-in, the directory, profiles, themes and signatures in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from network.models import AgreementSignature, Organisation
from tests.browser.conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_manager_signs_the_agreement_then_finds_the_champion(page, demo_network):
    # Given the demo manager has not signed the agreement yet
    AgreementSignature.objects.filter(user__email="manager@oakfield.example").delete()
    # When she signs in
    sign_in(page, "manager@oakfield.example")
    # Then she is asked to read and sign it first
    page.wait_for_url(re.compile(r"/agreement/\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnership agreement")
    expect(page.get_by_role("link", name="Not now")).to_be_visible()
    screenshot(page, "agreement-to-sign")
    assert_accessible(page)
    # When she agrees, she goes on to her home page
    page.get_by_role("button", name="I agree").click()
    page.wait_for_url("**/home/")
    expect(page.get_by_text("You have signed version 1")).to_be_visible()
    assert AgreementSignature.objects.filter(user__email="manager@oakfield.example").exists()

    # When she opens the directory and filters for champions only
    page.goto("/directory/")
    screenshot(page, "directory-people")
    assert_accessible(page)
    page.get_by_label("Champions only").check()
    page.get_by_role("button", name="Apply filters").click()
    # Then she finds Tom Walsh, the champion, with the email he chose to share
    row = page.get_by_role("row").filter(has_text="Tom Walsh")
    expect(row).to_have_count(1)
    expect(row.get_by_role("link", name="carer@oakfield.example")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Grace Adeyemi")).to_have_count(0)
    screenshot(page, "directory-champions")
    assert_accessible(page)

    # And the organisations tab lists homes and partners
    page.get_by_role("link", name="Organisations", exact=True).last.click()
    expect(page.get_by_role("link", name="Harbour View")).to_be_visible()
    screenshot(page, "directory-organisations")
    assert_accessible(page)


def test_manager_edits_her_homes_profile(page, demo_network):
    sign_in(page, "manager@oakfield.example")
    page.wait_for_url("**/home/")
    oakfield = Organisation.objects.get(name="Oakfield House")
    # Given her home's profile
    page.goto(f"/organisations/{oakfield.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Oakfield House")
    expect(page.get_by_text("Southampton, Solent and Downs ICB area")).to_be_visible()
    screenshot(page, "organisation-profile")
    assert_accessible(page)
    # When she makes mistakes on the edit form
    page.get_by_role("link", name="Edit profile").click()
    page.get_by_label("Postcode (optional)").fill("12345")
    page.get_by_label("Registered beds (optional)").fill("forty")
    page.get_by_role("button", name="Save profile").click()
    # Then the errors are summarised and explained
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_role("link", name="Enter a full UK postcode, like SO16 6YD")).to_be_visible()
    screenshot(page, "organisation-edit-errors")
    assert_accessible(page)
    # And fixing them saves the profile
    page.get_by_label("Postcode (optional)").fill("so15 9zz")
    page.get_by_label("Registered beds (optional)").fill("44")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("The profile has been saved")).to_be_visible()
    oakfield.refresh_from_db()
    assert (oakfield.postcode, oakfield.registered_beds) == ("SO15 9ZZ", 44)


def test_project_worker_sees_who_has_not_signed(page, demo_network):
    # Given the demo manager has not signed the agreement yet
    AgreementSignature.objects.filter(user__email="manager@oakfield.example").delete()
    # When the project worker (who has) signs in and opens the list of signatures
    sign_in(page, "worker@network.example", needs_code=True)
    page.wait_for_url("**/home/")
    page.goto("/agreement/signatures/")
    # Then the manager is listed as not signed yet
    expect(page.get_by_role("link", name=re.compile(r"Not signed yet \(1\)"))).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Grace Adeyemi")).to_have_count(1)
    screenshot(page, "agreement-signatures")
    assert_accessible(page)
    # And the themes page meets accessibility rules too
    page.goto("/themes/")
    screenshot(page, "themes")
    assert_accessible(page)
