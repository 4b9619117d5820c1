"""Every list and detail page runs a fixed number of SQL queries, whatever its row count.

Each page is counted twice: with a little data, then after adding many rows of everything it
shows (meetings with many cities, bodies and invitees; practices with many themes and
results; milestones with owners and dependencies; notifications; invitations). Both counts
must equal the number in the table, and the helper lists every statement when one does not.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from exchanges.meetings import services as meeting_services
from exchanges.models import Meeting, Milestone
from exchanges.notifications import services as notification_services
from exchanges.plan.demo import seed_plan
from practices.models import BestPractice
from practices.transfers import services as transfer_services
from tests import factories
from tests.queries import assert_page_queries, assert_queries

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-11-16T09:00:00Z")]


@pytest.fixture
def world(db):
    """A little of everything, and a way to add much more of it."""
    coordinator = factories.coordinator("isinnova", full_name="Giulia Rossi")
    officer = factories.officer("kamakura", full_name="高橋 美咲")
    seed_plan(coordinator=coordinator)
    plan = Milestone.objects.select_related("plan").get(code="AP-1.1").plan
    meeting = factories.meeting(by=coordinator, bodies=("isinnova",))
    # A pair's, a city's and a body's pages list meetings held and upcoming: one of each from
    # the start, so that both counts load the same lists.
    for status, starts_at in (
        ("held", datetime(2026, 6, 2, 7, 0, tzinfo=UTC)),
        ("scheduled", datetime(2026, 12, 2, 7, 0, tzinfo=UTC)),
    ):
        factories.meeting(
            by=coordinator, host="rotterdam", cities=("rotterdam", "kamakura"),
            bodies=("cabinet-office-japan", "isinnova"), status=status, starts_at=starts_at,
        )  # fmt: skip
    practice = factories.practice(city="kamakura", partners=("gdansk",), sdgs=(11,))
    # Related practices (same theme) exist from the start: the page's "related" list is there
    # in both counts.
    factories.practice(city="rotterdam", title_en="A related practice")
    factories.InvitationFactory(invited_by=coordinator)
    notification_services.notify(
        "meeting_invitation", [officer, coordinator], key="seed", meeting=meeting
    )
    transfer = transfer_services.transfer_start(
        by=coordinator,
        data=transfer_services.InterestData(
            practice=practice,
            city=factories.city("rotterdam"),
            interest="Floods.",
            on=date(2026, 10, 1),
        ),
    )
    transfer_services.transfer_comment_add(transfer=transfer, by=officer, text="Welcome!")

    def grow() -> None:
        people = [factories.officer("tamana") for _ in range(4)]
        for n in range(6):
            grown = factories.meeting(
                by=coordinator,
                host="rotterdam",
                cities=("rotterdam", "kamakura", "tamana", "umea", "brno"),
                bodies=("isinnova", "cabinet-office-japan"),
                invitees=people,
                visibility="internal" if n % 2 else "public",
                starts_at=datetime(2027, 1, 5 + n, 8, 0, tzinfo=UTC),
                title_en=f"Meeting {n}",
            )
            notification_services.notify(
                "meeting_invitation", [officer, coordinator], key=f"grow{n}", meeting=grown
            )
        for n in range(6):
            factories.meeting(
                by=coordinator, host="kamakura",
                cities=("rotterdam", "kamakura", "tamana", "umea", "glasgow"),
                bodies=("isinnova", "cabinet-office-japan"), invitees=people,
                status="held", starts_at=datetime(2026, 3, 2 + n, 8, 0, tzinfo=UTC),
                visibility="internal" if n % 2 else "public", title_en=f"Held {n}",
            )  # fmt: skip
        for n in range(6):
            meeting_services.agenda_item_add(
                meeting=meeting,
                by=coordinator,
                data=meeting_services.AgendaItemData(
                    title_en=f"Item {n}", title_ja="", duration_minutes=5,
                    presenter=factories.city("tamana"),
                ),
            )  # fmt: skip
        for n in range(6):
            factories.practice(
                city=("kamakura", "rotterdam", "gdansk")[n % 3],
                partners=("parma", "brno", "tamana"),
                themes=("energy", "mobility", "ict"),
                sdgs=(7, 11, 13),
                title_en=f"Practice {n}",
                results=[
                    {"label": f"KPI {k}", "label_en": f"KPI {k}", "value": k, "unit": "%"}
                    for k in range(3)
                ],
            )
        workstream = plan.workstreams.order_by("position")[0]
        cities = list(factories.City.objects.all())
        for n in range(10):
            created = Milestone.objects.create(
                plan=plan, code=f"X-{n}", title_en=f"Extra {n}", workstream=workstream,
                start_date=date(2024, 1, 1), due_date=date(2026, 1, 1) + timedelta(days=n * 20),
            )  # fmt: skip
            created.owner_cities.set([*cities[n % 9 :], factories.city("kamakura")])
            created.dependencies.set(Milestone.objects.filter(code__in=["AP-1.1", "AP-1.2"]))
        for _n in range(8):
            factories.InvitationFactory(invited_by=coordinator)
        # Transfers: more stages with evidence, messages, KPIs, linked meetings and
        # milestones, and more transfers of more practices to more cities.
        for n, stage in enumerate(["studying", "adapting"]):
            transfer_services.transfer_move(
                transfer=transfer,
                by=coordinator,
                data=transfer_services.StepData(
                    to_stage=stage,
                    on=date(2026, 11, 16),
                    note=f"Step {n}",
                    links=[{"title": f"Link {k}", "url": "https://example.org/"} for k in range(3)],
                    meetings=list(Meeting.objects.all()[:3]),
                ),
            )
        transfer_services.transfer_update(
            transfer=transfer,
            by=coordinator,
            data=transfer_services.DetailsData(
                plan_changes="Smaller.",
                meetings=list(Meeting.objects.all()[:4]),
                milestones=list(Milestone.objects.all()[:4]),
            ),
        )
        transfer_services.transfer_kpis_save(
            transfer=transfer,
            by=coordinator,
            rows=[
                transfer_services.KPIData(label_en=f"KPI {k}", target=Decimal(k)) for k in range(4)
            ],
        )
        for k in range(4):
            transfer_services.transfer_comment_add(
                transfer=transfer, by=(officer, coordinator)[k % 2], text=f"Message {k}"
            )
        for grown in BestPractice.objects.published().exclude(pk=practice.pk)[:4]:
            for slug in ("hamamatsu", "umea", "glasgow"):
                if grown.lead_city.slug != slug:
                    transfer_services.transfer_start(
                        by=coordinator,
                        data=transfer_services.InterestData(
                            practice=grown, city=factories.city(slug), interest="More."
                        ),
                    )

    return {
        "coordinator": coordinator,
        "officer": officer,
        "meeting": meeting,
        "practice": practice,
        "milestone": Milestone.objects.get(code="AP-2.2"),
        "workstream": plan.workstreams.order_by("position")[0],
        "transfer": transfer,
        "grow": grow,
    }


# (who, URL, queries). "Who" is the viewer: the public, the Kamakura officer or the coordinator.
# A coordinator's page reads once whether they have a second factor (accounts.permissions).
PAGES = [
    ("public", "/en/", 19),
    ("public", "/en/cities/", 8),
    ("public", "/en/cities/kamakura/", 24),
    ("public", "/en/bodies/isinnova/", 20),
    ("public", "/en/cities/rotterdam/", 24),
    ("public", "/en/practices/", 13),
    ("public", "/en/practices/{practice}/", 14),
    ("public", "/en/practices/suggest/?q=pract", 3),
    ("public", "/en/meetings/", 6),
    ("public", "/en/meetings/{meeting}/", 11),
    ("public", "/en/action-plan/", 8),
    ("public", "/en/action-plan/milestones/", 8),
    ("public", "/en/action-plan/workstreams/{workstream}/", 8),
    ("coordinator", "/en/action-plan/", 13),
    ("coordinator", "/en/action-plan/workstreams/{workstream}/", 13),
    ("public", "/en/action-plan/milestones/{milestone}/", 8),
    ("officer", "/en/", 23),
    ("officer", "/en/accounts/", 26),
    ("officer", "/en/meetings/", 10),
    ("officer", "/en/meetings/{meeting}/", 15),
    ("officer", "/en/action-plan/ours/", 10),
    ("officer", "/en/action-plan/milestones/{milestone}/", 29),
    ("officer", "/en/notifications/", 5),
    ("officer", "/en/practices/workspace/", 12),
    ("officer", "/en/practices/{practice}/", 20),
    ("officer", "/en/transfers/", 6),
    ("officer", "/en/transfers/{transfer}/", 14),
    ("coordinator", "/en/transfers/", 7),
    ("coordinator", "/en/transfers/{transfer}/", 17),
    ("coordinator", "/en/practices/themes/", 6),
    ("coordinator", "/en/notifications/outbox/", 7),
    ("coordinator", "/en/accounts/invitations/", 8),
    ("coordinator", "/en/meetings/", 11),
    ("public", "/en/partnerships/", 6),
    ("public", "/en/partnerships/rotterdam/kamakura/", 18),
    ("public", "/en/partnerships/matrix.csv", 5),
    ("public", "/en/figures/", 7),
    ("public", "/en/figures/meetings-per-month.csv", 4),
    ("public", "/en/figures/practices-by-theme-and-city.csv", 3),
    ("public", "/ja/bodies/cabinet-office-japan/", 20),
    ("officer", "/en/partnerships/", 10),
    ("officer", "/en/cities/kamakura/", 29),
    ("coordinator", "/en/accounts/", 24),
    ("coordinator", "/en/", 24),
    ("coordinator", "/en/partnerships/rotterdam/kamakura/", 23),
    ("coordinator", "/en/figures/", 12),
]


@pytest.mark.parametrize(("who", "url", "expected"), PAGES)
def test_each_page_runs_the_same_queries_with_few_and_many_rows(client, world, who, url, expected):
    if who != "public":
        client.force_login(world[who])
    path = url.format(
        practice=world["practice"].slug,
        meeting=world["meeting"].pk,
        milestone=world["milestone"].pk,
        transfer=world["transfer"].pk,
        workstream=world["workstream"].pk,
    )
    assert_page_queries(client, path, expected)
    world["grow"]()
    assert_page_queries(client, path, expected)
    cache.clear()


def test_the_clock_of_these_counts_is_fixed():
    assert timezone.now().date() == date(2026, 11, 16)


#: The public pages kept for visitors (cooperation_portal.public_cache): a second visit runs
#: no query at all, however many rows the first one read.
KEPT = [url for who, url, _expected in PAGES if who == "public" and not url.endswith(".csv")]


@pytest.mark.parametrize("url", KEPT)
def test_a_kept_public_page_runs_no_query(client, world, url):
    path = url.format(
        practice=world["practice"].slug,
        meeting=world["meeting"].pk,
        milestone=world["milestone"].pk,
        workstream=world["workstream"].pk,
    )
    cache.clear()
    assert client.get(path).status_code == 200
    with assert_queries(0):
        response = client.get(path)
    assert response.status_code == 200 and response.has_header("ETag")
