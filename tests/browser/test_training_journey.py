"""The training library in a real browser (issue 6), on the demo network: a project worker
adds a session with an uploaded video and captions, publishes it and puts it in the
"Introduction to QI methods" collection; a senior carer at Oakfield House finds it through
the library and the collection, watches it (the video has a captions track and seeking
works: the video address answers a byte range with 206), rates herself before watching,
marks it complete with her scores after, downloads her certificate and leaves feedback;
the project worker then sees her in the training figures. Every step goes through the
pages; the database is only read, to check the results. Pages are checked with axe at
phone and desktop widths; screenshots go to test-results/screenshots/."""

import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from network import demo
from tests.browser.conftest import assert_accessible, new_page, screenshot, sign_in
from training import demo_training
from training.models import Collection, LearningRecord, Session

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "PDSA cycles on the night shift"
COLLECTION = "Introduction to QI methods"
WORKER = "worker@network.example"
CARER = "carer@oakfield.example"  # Tom Walsh, senior carer and champion at Oakfield House


def _choose_file(page, label: str, path: Path) -> None:
    """Pick a file the way a person does: the NHS.UK file upload's button opens the
    chooser, then shows the file's name."""
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name=re.compile(f"^{label}")).click()
    chooser.value.set_files(str(path))
    expect(page.get_by_role("button", name=re.compile(f"^{label}"))).to_contain_text(path.name)


def _row_value(page, table_caption: str, row: str, column: int) -> str:
    table = page.get_by_role("table", name=table_caption)
    cells = table.get_by_role("row").filter(has_text=row).first.get_by_role("cell")
    return re.sub(r"\s+", " ", cells.nth(column).inner_text()).strip()


def _figures(page) -> dict[str, str]:
    """The headline training figures and the average change in each score, as shown."""
    summary = page.locator(".nhsuk-summary-list").first

    def value(key: str) -> str:
        row = summary.locator(".nhsuk-summary-list__row").filter(has_text=key)
        return row.locator("dd").inner_text().splitlines()[0].strip()

    figures = {key: value(key) for key in ("Sessions started", "Sessions completed")}
    for score in ("Knowledge", "Confidence", "Skill"):
        change = _row_value(page, "Average scores before and after watching", score, 4)
        figures[score] = change.removeprefix("Change ").strip()
    return figures


def _open_figures(page) -> dict[str, str]:
    page.get_by_role("link", name="Training", exact=True).first.click()
    page.get_by_role("link", name="Training figures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training figures")
    return _figures(page)


def _add_session(page) -> Session:
    page.get_by_role("link", name="Training", exact=True).first.click()
    page.get_by_role("link", name="Add and change training sessions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Manage training")
    page.get_by_role("link", name="Add a session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a training session")
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Summary", exact=True).fill(
        "How the night team at one home used a PDSA cycle to test a toilet round at 2am. "
        "For carers and nurses who work nights."
    )
    page.get_by_label("Presenter", exact=True).fill("Jo Ahmed, improvement coach")
    recorded = timezone.localdate() - timedelta(days=7)
    date_group = page.get_by_role("group", name="Date recorded")
    date_group.get_by_label("Day").fill(str(recorded.day))
    date_group.get_by_label("Month").fill(str(recorded.month))
    date_group.get_by_label("Year").fill(str(recorded.year))
    page.get_by_label("Length in minutes").fill("1")
    page.get_by_label("Improving health and healthcare").check()
    page.get_by_label("Falls", exact=True).check()
    page.get_by_role("radio", name=re.compile("^Upload a video file")).check()
    _choose_file(page, "Video file", demo_training.VIDEO)
    _choose_file(page, "Captions file", demo_training.CAPTIONS)
    screenshot(page, "training-add-session")
    assert_accessible(page)
    page.get_by_role("button", name="Save as a draft").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text(f"‘{TITLE}’ has been saved as a draft.")).to_be_visible()
    session = Session.objects.get(title=TITLE)
    assert session.status == Session.Status.DRAFT and session.has_upload and session.captions
    assert session.video_content_type == "video/mp4"
    # Left empty on the form, the transcript was made from the captions.
    assert "PDSA stands for Plan, Do, Study, Act." in session.transcript
    return session


def _publish_into_collection(page, session: Session) -> None:
    page.get_by_role("link", name="Publish this session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Change whether people can see this session"
    )
    page.get_by_role("radio", name="Publish it").check()
    screenshot(page, "training-publish")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text(f"‘{TITLE}’ is published.")).to_be_visible()

    page.get_by_label("Add this session to a collection").select_option(label=COLLECTION)
    page.get_by_role("button", name="Add to the collection").click()
    expect(page.get_by_text(f"The session has been added to ‘{COLLECTION}’.")).to_be_visible()
    screenshot(page, "training-session-edit")
    assert_accessible(page)
    session.refresh_from_db()
    assert session.is_published
    collection = Collection.objects.get(title=COLLECTION)
    assert [item.session.title for item in collection.items.all()][-1] == TITLE


def _watch(page, session: Session) -> None:
    page.get_by_role("link", name="Training", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    screenshot(page, "training-library")
    assert_accessible(page)

    page.get_by_role("link", name=COLLECTION).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(COLLECTION)
    expect(page.get_by_role("listitem").filter(has_text=TITLE)).to_be_visible()
    screenshot(page, "training-collection")
    assert_accessible(page)

    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text(f"Part 5 of 5 in {COLLECTION}")).to_be_visible()
    video = page.locator("video")
    expect(video).to_be_visible()
    track = video.locator("track")
    expect(track).to_have_attribute("kind", "captions")
    expect(track).to_have_attribute("srclang", "en")
    expect(page.get_by_role("region", name="Transcript")).to_contain_text("Plan, Do, Study, Act")

    # Seeking: the video's address answers a byte range with just those bytes.
    shipped = demo_training.VIDEO.read_bytes()
    source = video.locator("source").get_attribute("src")
    ranged = page.request.get(source, headers={"Range": "bytes=100-1099"})
    assert ranged.status == 206
    assert ranged.headers["content-range"] == f"bytes 100-1099/{len(shipped)}"
    assert ranged.headers["content-type"] == "video/mp4"
    assert ranged.body() == shipped[100:1100]
    captions = page.request.get(track.get_attribute("src"))
    assert captions.ok and captions.text().startswith("WEBVTT")
    # And the browser itself loads the video, with the captions as a track it can show.
    page.wait_for_function(
        "() => { const v = document.querySelector('video');"
        " return v.readyState >= 1 && v.textTracks.length === 1 && v.duration > 20; }"
    )
    screenshot(page, "training-session")
    assert_accessible(page)


def _rate_before_and_complete(page, session: Session) -> None:
    learning = page.get_by_role("region", name="Your learning")
    for question, answer in (
        ("How much do you know about this subject?", "2 – I know a little"),
        ("How confident do you feel about putting it into practice?", "1 – Not confident"),
        ("How well can you do it in your work?", "2 – I can do a little of it"),
    ):
        learning.get_by_role("group", name=question).get_by_label(answer).check()
    learning.get_by_role("button", name="Save my answers").click()
    learning = page.get_by_role("region", name="Your learning")
    expect(learning.get_by_text("You rated yourself before watching")).to_be_visible()
    record = LearningRecord.objects.get(session=session, user__email=CARER)
    assert (record.before_knowledge, record.before_confidence, record.before_skill) == (2, 1, 2)
    assert not record.is_completed
    screenshot(page, "training-rated-before")
    assert_accessible(page)

    for question, answer in (
        ("How much do you know about this subject now?", "4 – I know quite a lot"),
        ("How confident do you feel about putting it into practice now?", "4 – Confident"),
        ("How well can you do it in your work now?", "3 – I can do some of it"),
    ):
        learning.get_by_role("group", name=question).get_by_label(answer).check()
    learning.get_by_role("button", name="Mark as complete").click()
    learning = page.get_by_role("region", name="Your learning")
    expect(learning.get_by_role("heading", name="Session complete")).to_be_visible()
    # What changed: knowledge 2 to 4, confidence 1 to 4, skill 2 to 3
    expect(learning).to_contain_text(re.compile(r"Knowledge\s+2 →\s*to 4 \(up 2\)"))
    expect(learning).to_contain_text(re.compile(r"Confidence\s+1 →\s*to 4 \(up 3\)"))
    record.refresh_from_db()
    assert record.is_completed
    assert (record.after_knowledge, record.after_confidence, record.after_skill) == (4, 4, 3)


def _certificate_and_feedback(page, session: Session) -> None:
    learning = page.get_by_role("region", name="Your learning")
    with page.expect_download() as download_info:
        learning.get_by_role("link", name="Download your certificate (PDF)").click()
    certificate = download_info.value
    assert certificate.suggested_filename.endswith(".pdf")
    body = Path(certificate.path()).read_bytes()
    assert body.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", certificate.path(), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Tom Walsh" in text and TITLE in text and demo.NETWORK_TEAM.split(" team")[0] in text

    learning.get_by_role("group", name="How would you rate this session?").get_by_label(
        "5 – Excellent"
    ).check()
    learning.get_by_label("Anything you want to tell us? (optional)").fill(
        "Short and practical. We will try the 2am round on our floor."
    )
    learning.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_text("You rated this session 5 out of 5.")).to_be_visible()
    screenshot(page, "training-complete")
    assert_accessible(page)
    record = LearningRecord.objects.get(session=session, user__email=CARER)
    assert record.rating == 5 and record.comment.startswith("Short and practical")


def test_worker_publishes_a_session_and_a_carer_learns_from_it(
    page, browser, live_server, demo_network
):
    # Given the project worker, who looks at the training figures first
    sign_in(page, WORKER, needs_code=True)
    before = _open_figures(page)
    screenshot(page, "training-figures-before")

    # When she adds a session with the video and captions, publishes it and puts it last
    # in "Introduction to QI methods"
    session = _add_session(page)
    _publish_into_collection(page, session)

    # Then Tom, a senior carer at Oakfield House, finds it through the library and the
    # collection, and watches it with captions
    carer = new_page(browser, live_server)
    try:
        sign_in(carer, CARER)
        _watch(carer, session)
        # When he rates himself before, and again when he marks it complete
        _rate_before_and_complete(carer, session)
        # Then he can download his certificate, and he tells the network what he thought
        _certificate_and_feedback(carer, session)
    finally:
        carer.context.close()

    # And the project worker's figures now count his session, started and completed, and
    # still show a rise in every score from before to after watching
    after = _open_figures(page)
    assert int(after["Sessions started"]) == int(before["Sessions started"]) + 1
    assert int(after["Sessions completed"]) == int(before["Sessions completed"]) + 1
    for score in ("Knowledge", "Confidence", "Skill"):
        assert re.fullmatch(r"\+\d\.\d", after[score]), after
    row = page.get_by_role(
        "table", name="Figures for each session, most watched first"
    ).get_by_role("row", name=re.compile(re.escape(TITLE)))
    expect(row).to_contain_text("fewer than 5")
    screenshot(page, "training-figures-after")
    assert_accessible(page)
