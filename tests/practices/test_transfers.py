"""Transfers: a city's interest, stage rules per role, bad input refused whole, history and
evidence, the thread, KPIs, notices to the right people once each, and what pages show."""

from collections import Counter
from datetime import date, timedelta
from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchanges.models import Notification
from practices.models import Transfer, TransferFile, TransferKPI, TransferStep
from practices.transfers import selectors, services
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-11-16T09:00:00Z")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(db):
    return {
        "origin": factories.officer("rotterdam", full_name="Daan"),
        "receiving": factories.officer("tamana", full_name="田中 健", preferred_language="ja"),
        "colleague": factories.officer("tamana", full_name="Colleague"),
        "other_officer": factories.officer("kamakura", full_name="Misaki"),
        "coordinator": factories.coordinator("isinnova", full_name="Giulia"),
        "admin": factories.site_admin(full_name="Admin"),
    }


@pytest.fixture
def practice(people):
    return factories.practice(
        city="rotterdam",
        author=people["origin"],
        reviewer=people["coordinator"],
        title_en="A smart thermal grid",
        title_ja="スマート熱グリッド",
        results=[
            {"label_en": "CO₂ emissions", "label_ja": "CO₂排出量", "value": 2250, "unit": "t"}
        ],
    )


def _start(practice, people, **kwargs):
    return services.transfer_start(
        by=kwargs.pop("by", people["receiving"]),
        data=services.InterestData(
            practice=practice,
            city=factories.city(kwargs.pop("city", "tamana")),
            interest=kwargs.pop("interest", "We have hot springs next to the gym."),
            **kwargs,
        ),
    )


def _move(client, transfer, data, user=None):
    if user is not None:
        client.force_login(user)
    return client.post(reverse("practices:transfer_move", args=[transfer.pk]), data)


def _state(transfer):
    fresh = Transfer.objects.get(pk=transfer.pk)
    return fresh.stage, fresh.steps.count()


# --- Interest ------------------------------------------------------------------------------


def test_an_officer_marks_a_practice_of_interest_and_its_city_and_the_coordinators_are_told(
    client, people, practice, django_capture_on_commit_callbacks
):
    client.force_login(people["receiving"])
    page = client.get(practice.get_absolute_url())
    assert reverse("practices:interest", args=[practice.slug]) in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("practices:interest", args=[practice.slug]),
            {"city": factories.city("tamana").pk, "interest": "Hot springs beside the gym."},
        )
    transfer = Transfer.objects.get()
    assert response.status_code == 302 and response.url == transfer.get_absolute_url()
    assert (transfer.stage, transfer.city.slug, transfer.created_by) == (
        "interested",
        "tamana",
        people["receiving"],
    )
    step = transfer.steps.get()
    assert (step.from_stage, step.to_stage, step.by) == ("", "interested", people["receiving"])
    # The originating city's officers and the coordinators, once each; not the one who acted.
    told = Counter(n.recipient.email for n in Notification.objects.filter(kind="transfer_interest"))
    assert told == {people["origin"].email: 1, people["coordinator"].email: 1}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(told)
    message = next(m for m in mail.outbox if m.to == [people["origin"].email])
    assert message.subject == "Tamana is interested in “A smart thermal grid”"
    assert "Hot springs beside the gym." in message.body
    assert transfer.get_absolute_url() in message.body
    parsed = message_from_bytes(message.message().as_bytes(), policy=policy.strict)
    assert parsed["List-Unsubscribe"].startswith("<http")


def test_interest_is_told_once_even_if_the_notice_is_written_twice(people, practice):
    transfer = _start(practice, people)
    from exchanges.notifications import services as notifications

    notifications.notify(
        "transfer_interest",
        [people["origin"]],
        key=f"transfer-interest:{transfer.pk}",
        transfer=transfer,
        practice=practice,
    )
    assert Notification.objects.filter(recipient=people["origin"], transfer=transfer).count() == 1


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("own city", "Rotterdam already implements this practice"),
        ("implementing partner", "Parma already implements this practice"),
        ("second open transfer", "Tamana already has an open transfer of this practice"),
        ("no reason", "This field is required."),
        ("NUL byte", "Null characters are not allowed."),
    ],
)
def test_bad_interest_is_refused_with_a_message_and_nothing_saved(
    client, people, practice, case, message
):
    city = "tamana"
    interest = "Because."
    if case == "own city":
        city = "rotterdam"
    elif case == "implementing partner":
        practice.cities.add(factories.city("parma"))
        city = "parma"
    elif case == "second open transfer":
        _start(practice, people)
    elif case == "no reason":
        interest = "   "
    elif case == "NUL byte":
        interest = "bad\x00text"
    before = Transfer.objects.count()
    client.force_login(people["coordinator"])  # may pair any city, so every case reaches
    response = client.post(
        reverse("practices:interest", args=[practice.slug]),
        {"city": factories.city(city).pk, "interest": interest},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html or (
        # A city a practice already has is not even offered.
        case in ("own city", "implementing partner") and "Select a valid choice" in html
    )
    assert Transfer.objects.count() == before
    assert (
        not Notification.objects.filter(kind="transfer_interest")
        .exclude(transfer__in=Transfer.objects.all())
        .exists()
    )


def test_the_service_refuses_the_practices_own_city_and_a_second_open_transfer(people, practice):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Rotterdam already implements this practice"):
        _start(practice, people, city="rotterdam", by=people["coordinator"])
    _start(practice, people)
    with pytest.raises(ValidationError, match="already has an open transfer"):
        _start(practice, people)
    assert Transfer.objects.count() == 1


def test_refusals_speak_japanese_to_a_japanese_page(client, people, practice):
    _start(practice, people)
    client.force_login(people["coordinator"])
    response = client.post(
        f"/ja/practices/{practice.slug}/interest/",
        {"city": factories.city("tamana").pk, "interest": "二度目"},
    )
    assert response.status_code == 400
    assert "玉名市にはこの事例の進行中の移転がすでにあります（段階：関心表明）" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [("other_officer", 400), ("anonymous", 302), ("origin", 400)],
)
def test_an_officer_marks_interest_only_for_their_own_city(client, people, practice, who, status):
    if who != "anonymous":
        client.force_login(people[who])
    response = client.post(
        reverse("practices:interest", args=[practice.slug]),
        {"city": factories.city("tamana").pk, "interest": "Not my city."},
    )
    assert response.status_code == status
    assert not Transfer.objects.exists()


def test_only_published_practices_can_be_taken_up(client, people):
    draft = factories.practice(status="draft", city="rotterdam", author=people["origin"])
    client.force_login(people["receiving"])
    response = client.post(
        reverse("practices:interest", args=[draft.slug]),
        {"city": factories.city("tamana").pk, "interest": "Early bird."},
    )
    assert response.status_code == 404
    assert not Transfer.objects.exists()


def test_a_new_transfer_may_start_after_a_stopped_one(people, practice):
    first = _start(practice, people)
    services.transfer_move(
        transfer=first,
        by=people["receiving"],
        data=services.StepData(to_stage="stopped", on=date(2026, 11, 16), note="No budget."),
    )
    again = _start(practice, people)
    assert again.pk != first.pk and again.stage == "interested"


# --- Stage rules per role ------------------------------------------------------------------

ROLES = [
    ("receiving", True),
    ("colleague", True),
    ("coordinator", True),
    ("admin", True),
    ("origin", False),
    ("other_officer", False),
    ("anonymous", False),
]


@pytest.mark.parametrize(("who", "allowed"), ROLES)
def test_who_may_move_a_transfer(client, people, practice, who, allowed):
    transfer = _start(practice, people)
    if who != "anonymous":
        client.force_login(people[who])
    response = client.post(
        reverse("practices:transfer_move", args=[transfer.pk]),
        {"to_stage": "studying", "on": "2026-11-16", "note": "Video call."},
    )
    if allowed:
        assert response.status_code == 302
        assert _state(transfer) == ("studying", 2)
        step = TransferStep.objects.filter(transfer=transfer).last()
        assert (step.from_stage, step.to_stage, step.by, step.note) == (
            "interested",
            "studying",
            people[who],
            "Video call.",
        )
    else:
        assert response.status_code == (302 if who == "anonymous" else 403)
        assert _state(transfer) == ("interested", 1)


@pytest.mark.parametrize(("who", "allowed"), ROLES)
def test_who_may_edit_the_plan(client, people, practice, who, allowed):
    transfer = _start(practice, people)
    if who != "anonymous":
        client.force_login(people[who])
    response = client.post(
        reverse("practices:transfer_edit", args=[transfer.pk]),
        {"plan_changes": "Storage in a tank.", "plan_risks": "Owners disagree."},
    )
    transfer.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert transfer.plan_changes == "Storage in a tank."
    else:
        assert response.status_code == (302 if who == "anonymous" else 403)
        assert transfer.plan_changes == ""


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("receiving", True),
        ("origin", True),
        ("coordinator", True),
        ("other_officer", False),
        ("anonymous", False),
    ],
)
def test_who_may_write_in_the_thread(client, people, practice, who, allowed):
    transfer = _start(practice, people)
    if who != "anonymous":
        client.force_login(people[who])
    response = client.post(
        reverse("practices:transfer_comment", args=[transfer.pk]), {"text": "A question?"}
    )
    if allowed:
        assert response.status_code == 302
        assert transfer.comments.get().author == people[who]
    else:
        assert response.status_code == (302 if who == "anonymous" else 403)
        assert not transfer.comments.exists()


def test_the_transfer_page_is_for_members(client, people, practice):
    transfer = _start(practice, people)
    response = client.get(transfer.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(factories.UserFactory.create())  # signed in, but no member
    assert client.get(transfer.get_absolute_url()).status_code == 404
    client.force_login(people["other_officer"])
    assert client.get(transfer.get_absolute_url()).status_code == 200


# --- Bad moves: a message, nothing written ---------------------------------------------------


@pytest.fixture
def studying(people, practice):
    transfer = _start(practice, people, on=date(2026, 9, 1))
    services.transfer_move(
        transfer=transfer,
        by=people["receiving"],
        data=services.StepData(to_stage="studying", on=date(2026, 10, 1)),
    )
    return transfer


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"to_stage": "piloting", "on": "2026-11-10", "pilot_starts_on": "2026-11-10"},
            "Moving from “Studying” to “Piloting” skips a stage: say why in the note.",
        ),
        (
            {"to_stage": "interested", "on": "2026-11-10"},
            "Moving back to “Interested”: say why in the note.",
        ),
        (
            {"to_stage": "stopped", "on": "2026-11-10"},
            "Say why the transfer stops: the reason is kept as a lesson for other cities.",
        ),
        (
            {"to_stage": "adapting", "on": "2026-09-15"},
            "The date is before the day the transfer reached its current stage (1 Oct 2026)",
        ),
        ({"to_stage": "adapting", "on": "2026-12-24"}, "The date cannot be in the future."),
        ({"to_stage": "adapting", "on": "1899-01-01"}, "The date cannot be before"),
        ({"to_stage": "adapting", "on": "not a date"}, "Enter a valid date."),
        ({"to_stage": "studying", "on": "2026-11-10"}, "Select a valid choice."),
        ({"to_stage": "burnt", "on": "2026-11-10"}, "Select a valid choice."),
        (
            {"to_stage": "adapting", "on": "2026-11-10", "note": "a\x00b"},
            "Null characters are not allowed.",
        ),
        (
            {"to_stage": "adapting", "on": "2026-11-10", "link_url": "javascript:alert(1)"},
            "Enter a valid URL.",
        ),
        (
            {
                "to_stage": "adapting",
                "on": "2026-11-10",
                "pilot_starts_on": "2026-12-01",
                "pilot_ends_on": "2026-11-01",
            },
            "The pilot cannot end before it starts.",
        ),
        (
            {"to_stage": "adapting", "on": "2026-11-10", "note": "Skipping on purpose? No.",
             "pilot_ends_on": "2027-01-01"},
            "Give the day the pilot starts as well as the day it ends.",
        ),
    ],
)  # fmt: skip
def test_a_bad_move_is_refused_with_a_message_and_nothing_written(
    client, people, studying, data, message
):
    before = (
        _state(studying),
        TransferFile.objects.count(),
        Notification.objects.filter(kind="transfer_stage").count(),
    )
    response = _move(client, studying, data, people["receiving"])
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "The stage was not changed." in response.content.decode()
    after = (
        _state(studying),
        TransferFile.objects.count(),
        Notification.objects.filter(kind="transfer_stage").count(),
    )
    assert after == before


def test_a_pilot_needs_its_start_and_its_end_after_it(client, people, studying):
    services.transfer_move(
        transfer=studying,
        by=people["receiving"],
        data=services.StepData(to_stage="adapting", on=date(2026, 10, 20)),
    )
    response = _move(
        client, studying, {"to_stage": "piloting", "on": "2026-11-10"}, people["receiving"]
    )
    assert response.status_code == 400
    assert "Give the day the pilot starts." in response.content.decode()
    response = client.post(
        reverse("practices:transfer_edit", args=[studying.pk]),
        {"pilot_starts_on": "2027-03-01", "pilot_ends_on": "2027-02-01"},
    )
    assert response.status_code == 400
    assert "The pilot cannot end before it starts." in response.content.decode()
    studying.refresh_from_db()
    assert (studying.stage, studying.pilot_starts_on) == ("adapting", None)


def test_a_skip_with_a_note_is_allowed_and_kept_in_history(client, people, studying):
    response = _move(
        client,
        studying,
        {
            "to_stage": "piloting",
            "on": "2026-11-10",
            "note": "The adaptation was done before the programme.",
            "pilot_starts_on": "2026-11-10",
            "pilot_ends_on": "2027-03-31",
        },
        people["receiving"],
    )
    assert response.status_code == 302
    studying.refresh_from_db()
    assert (studying.stage, studying.stage_since, studying.pilot_ends_on) == (
        "piloting",
        date(2026, 11, 10),
        date(2027, 3, 31),
    )
    history = list(studying.steps.values_list("from_stage", "to_stage", "on"))
    assert history == [
        ("", "interested", date(2026, 9, 1)),
        ("interested", "studying", date(2026, 10, 1)),
        ("studying", "piloting", date(2026, 11, 10)),
    ]
    # The practice's KPIs are copied to be watched in the receiving city.
    kpi = studying.kpis.get()
    assert (kpi.label_en, kpi.label_ja, kpi.unit, kpi.target) == (
        "CO₂ emissions",
        "CO₂排出量",
        "t",
        None,
    )


def test_evidence_links_and_files_are_kept_with_the_step(client, people, studying):
    client.force_login(people["receiving"])
    response = client.post(
        reverse("practices:transfer_move", args=[studying.pk]),
        {
            "to_stage": "adapting",
            "on": "2026-11-10",
            "note": "Feasibility study done.",
            "link_title": "Study",
            "link_url": "https://example.org/study",
            "file": SimpleUploadedFile("study.pdf", PDF),
            "file_title": "Feasibility study",
        },
    )
    assert response.status_code == 302
    step = studying.steps.last()
    assert [(link.title, link.url) for link in step.links.all()] == [
        ("Study", "https://example.org/study")
    ]
    evidence = step.files.get()
    assert (evidence.title, evidence.content_type) == ("Feasibility study", "application/pdf")
    page = client.get(studying.get_absolute_url()).content.decode()
    assert "Feasibility study done." in page and evidence.get_absolute_url() in page
    served = client.get(evidence.get_absolute_url())
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"%PDF")
    client.logout()
    assert client.get(evidence.get_absolute_url()).status_code == 302


def test_a_file_that_is_not_a_pdf_or_image_is_refused_and_nothing_moves(client, people, studying):
    response = _move(
        client,
        studying,
        {
            "to_stage": "adapting",
            "on": "2026-11-10",
            "file": SimpleUploadedFile("evil.pdf", b"<html><script>alert(1)</script></html>"),
        },
        people["receiving"],
    )
    assert response.status_code == 400
    assert "Only PDF files and images" in response.content.decode()
    assert _state(studying) == ("studying", 2)
    assert not TransferFile.objects.exists()


def test_adopted_and_stopped_are_final(client, people, studying):
    services.transfer_move(
        transfer=studying,
        by=people["receiving"],
        data=services.StepData(to_stage="adopted", on=date(2026, 11, 1), note="Done early."),
    )
    response = _move(
        client,
        studying,
        {"to_stage": "adapting", "on": "2026-11-10", "note": "x"},
        people["coordinator"],
    )
    assert response.status_code == 403
    assert _state(studying) == ("adopted", 3)


def test_a_stopped_transfer_is_shown_as_a_lesson(client, people, studying):
    services.transfer_move(
        transfer=studying,
        by=people["receiving"],
        data=services.StepData(
            to_stage="stopped", on=date(2026, 11, 2), note="No heat source close enough."
        ),
    )
    html = client.get(studying.practice.get_absolute_url()).content.decode()
    assert "Lesson:" in html and "No heat source close enough." in html


# --- The thread and its notices ------------------------------------------------------------


def test_stage_changes_and_messages_tell_the_right_people_once_each(
    client, people, studying, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    client.force_login(people["receiving"])
    with django_capture_on_commit_callbacks(execute=True):
        _move(client, studying, {"to_stage": "adapting", "on": "2026-11-10"})
    told = Counter(n.recipient.email for n in Notification.objects.filter(kind="transfer_stage"))
    # The studying step of the fixture told them too: two notices each, one per step.
    assert told == {
        people["origin"].email: 2,
        people["colleague"].email: 2,
        people["coordinator"].email: 2,
    }
    adapting = [m for m in mail.outbox if "Adapting" in m.subject or "地域への適合" in m.subject]
    assert sorted(m.to[0] for m in adapting) == sorted(
        [people["origin"].email, people["colleague"].email, people["coordinator"].email]
    )
    # A message: both cities, and the coordinators who took part (none yet), not its author.
    mail.outbox.clear()
    client.force_login(people["origin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("practices:transfer_comment", args=[studying.pk]),
            {"text": "Our storage is a tank, not an aquifer."},
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people["receiving"].email, people["colleague"].email]
    )
    japanese = next(m for m in mail.outbox if m.to == [people["receiving"].email])
    assert japanese.subject == "新しいメッセージ：「スマート熱グリッド」（玉名市）"
    assert "Our storage is a tank, not an aquifer." in japanese.body
    # Once a coordinator writes, later messages reach them too.
    services.transfer_comment_add(transfer=studying, by=people["coordinator"], text="Noted.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.transfer_comment_add(transfer=studying, by=people["receiving"], text="Thanks!")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people["origin"].email, people["colleague"].email, people["coordinator"].email]
    )


def test_transfers_have_their_own_notification_choice(client, people, practice):
    client.force_login(people["origin"])
    page = client.get(reverse("exchanges:notification_settings")).content.decode()
    assert "Transfers of practices" in page
    response = client.post(
        reverse("exchanges:notification_settings"),
        {
            **{f"{c}-enabled": "on" for c in ("meetings", "milestones", "practices")},
            **{
                f"{c}-mode": "immediate"
                for c in ("meetings", "milestones", "practices", "transfers")
            },
        },
    )
    assert response.status_code == 302
    transfer = _start(practice, people)
    notice = Notification.objects.get(recipient=people["origin"], transfer=transfer)
    from exchanges.notifications import services as notifications

    assert notifications.deliver(notice.pk) == "switched off"


# --- KPIs ----------------------------------------------------------------------------------


def test_kpis_are_tracked_in_the_receiving_city(client, people, studying):
    client.force_login(people["receiving"])
    form = {
        "kpis-TOTAL_FORMS": "2",
        "kpis-INITIAL_FORMS": "0",
        "kpis-0-label_en": "Gas for the pool",
        "kpis-0-label_ja": "プールのガス使用量",
        "kpis-0-unit": "m³",
        "kpis-0-baseline": "1000",
        "kpis-0-target": "600",
        "kpis-0-measured": "820",
        "kpis-0-measured_on": "2026-11-01",
    }
    response = client.post(reverse("practices:transfer_kpis", args=[studying.pk]), form)
    assert response.status_code == 302
    kpi = TransferKPI.objects.get(transfer=studying)
    assert (kpi.baseline, kpi.target, kpi.measured) == (1000, 600, 820)
    page = client.get("/ja" + studying.get_absolute_url()[3:]).content.decode()
    assert "プールのガス使用量" in page
    bad = {**form, "kpis-0-measured_on": "", "kpis-1-label_en": "", "kpis-1-target": "5"}
    response = client.post(f"/en/transfers/{studying.pk}/kpis/", bad)
    assert response.status_code == 400
    assert "Give the day each measurement was made." in response.content.decode()
    assert TransferKPI.objects.get(transfer=studying).measured_on == date(2026, 11, 1)


# --- What pages show ------------------------------------------------------------------------


def test_ask_for_a_meeting_opens_the_slot_finder_with_both_cities(client, people, studying):
    client.force_login(people["receiving"])
    html = client.get(studying.get_absolute_url()).content.decode()
    start = html.index('href="/en/meetings/slots/?')
    url = html[start + 6 : html.index('"', start + 6)].replace("&amp;", "&")
    assert "participants=city%3Atamana" in url and "participants=city%3Arotterdam" in url
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert sorted(form.cleaned_data["participants"]) == ["city:rotterdam", "city:tamana"]
    assert response.context["result"] is not None


def test_the_practice_page_shows_where_it_is_taken_up_to_the_public(client, people, practice):
    _start(practice, people)
    _start(practice, people, city="gdansk", by=people["coordinator"])
    response = client.get(practice.get_absolute_url())
    html = response.content.decode()
    assert "Taken up in" in html
    assert [t.city.slug for t in response.context["taken_up"]] == ["gdansk", "tamana"]
    assert html.count('class="stage-badge stage-badge-interested"') == 2
    # The public sees cities, stages and dates, not the transfer's own page.
    assert "/transfers/" not in html


def test_selectors_for_pages_and_the_pair_matrix(people, practice):
    kamakura = factories.practice(city="kamakura", title_en="Shelter map")
    forward = _start(practice, people)  # Rotterdam → Tamana
    backward = services.transfer_start(
        by=people["coordinator"],
        data=services.InterestData(
            practice=kamakura, city=factories.city("rotterdam"), interest="Floods."
        ),
    )
    _start(practice, people, city="hamamatsu", by=people["coordinator"])
    public = factories.UserFactory.create()
    rotterdam, tamana = factories.city("rotterdam"), factories.city("tamana")
    assert list(selectors.transfers_between(rotterdam, tamana, viewer=public)) == [forward]
    assert set(
        selectors.transfers_between(rotterdam, factories.city("kamakura"), viewer=public)
    ) == {backward}
    assert len(selectors.transfers_of(rotterdam, viewer=public)) == 3
    assert list(selectors.transfers_of(tamana, viewer=public)) == [forward]
    # An archived practice's transfers are for members only.
    from practices import services as practice_services

    practice_services.practice_archive(practice=practice, by=people["coordinator"])
    assert len(selectors.transfers_of(rotterdam, viewer=public)) == 1
    assert len(selectors.transfers_of(rotterdam, viewer=people["other_officer"])) == 3


def test_city_pages_show_transfers_both_ways(client, people, practice):
    _start(practice, people)
    tamana = client.get("/en/cities/tamana/").content.decode()
    assert "Taken up in Tamana" in tamana and "A smart thermal grid" in tamana
    rotterdam = client.get("/ja/cities/rotterdam/").content.decode()
    assert "他都市で導入されるロッテルダムの事例" in rotterdam


def test_the_members_list_of_transfers(client, people, practice):
    transfer = _start(practice, people)
    client.force_login(people["origin"])
    assert transfer.get_absolute_url() in client.get("/en/transfers/").content.decode()
    client.force_login(people["other_officer"])
    assert transfer.get_absolute_url() not in client.get("/en/transfers/").content.decode()
    client.force_login(people["coordinator"])
    assert transfer.get_absolute_url() in client.get("/en/transfers/").content.decode()
    assert client.get("/en/transfers/?page=x").status_code == 400


def test_a_transfer_keeps_its_dates_in_the_receiving_citys_day(people, practice):
    transfer = _start(practice, people)
    # 09:00 UTC on 16 November is 18:00 in Tamana: the same day.
    assert transfer.started_on == date(2026, 11, 16)
    with pytest.raises(Exception, match="future"):
        services.transfer_move(
            transfer=transfer,
            by=people["receiving"],
            data=services.StepData(to_stage="studying", on=date(2026, 11, 16) + timedelta(days=1)),
        )


def test_the_unsubscribe_link_of_a_transfer_notice_switches_off_transfers_only(
    client, people, practice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _start(practice, people)
    message = next(m for m in mail.outbox if m.to == [people["origin"].email])
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 200
    choices = {p.category: p.enabled for p in people["origin"].notification_preferences.all()}
    assert choices == {"transfers": False}


def test_a_stopped_transfers_page_shows_where_it_stopped_and_no_more_moves(
    client, people, studying
):
    services.transfer_move(
        transfer=studying,
        by=people["coordinator"],
        data=services.StepData(to_stage="stopped", on=date(2026, 11, 2), note="No heat source."),
    )
    client.force_login(people["receiving"])
    response = client.get(studying.get_absolute_url())
    path = [(item["label"], item["state"]) for item in response.context["stage_path"]]
    assert path == [("Interested", "done"), ("Studying", "done"), ("Stopped", "current")]
    assert "move_form" not in response.context
    assert "Stopped: a lesson for other cities" in response.content.decode()
    assert client.get(f"/en/transfers/{studying.pk}/plan/").status_code == 403
