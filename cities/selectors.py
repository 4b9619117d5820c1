"""Reads of the cities and bodies: the lists, and who has worked with whom — the EU–Japan pairs
and everything a city (or body) has done.

Three kinds of joint work count for a pair of cities, one European and one Japanese:

- **meetings held together**: both cities took part (as host or participant), the meeting has
  taken place (it ended and was neither a draft nor cancelled) and the viewer may see it, so
  an internal meeting counts only for members who may open it, never for the public;
- **shared milestones**: both cities own the milestone (cancelled ones do not count);
- **practices taken up**: one city took up a practice of the other (see ``transfers_between``).

Every page that shows these numbers (the matrix, a pair's page, a city's page, the map) reads
them here, so the numbers agree everywhere. Each function runs a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import product
from typing import Any

from django.db.models import Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.permissions import Viewer
from exchanges.meetings.selectors import visible_meetings, with_listing
from exchanges.models import Meeting, MeetingQuerySet, MeetingStatus, Milestone, MilestoneStatus
from exchanges.plan.selectors import with_rows

from .models import ROLE_GROUP_LABELS, City, CoordinatingBody, Membership, ProgrammeRole, Region


def cities_by_region_and_role() -> list[dict[str, Any]]:
    """Europe and Japan, each grouped by programme role in the order the programme names them:
    ``[{"code", "label", "groups": [{"role", "label", "cities"}]}]``. One query."""
    cities = list(City.objects.all())
    regions = []
    for region in Region:
        groups = []
        for role in ProgrammeRole:
            members = [c for c in cities if c.region == region and c.programme_role == role]
            if members:
                groups.append({"role": role, "label": ROLE_GROUP_LABELS[role], "cities": members})
        regions.append({"code": region.value, "label": region.label, "groups": groups})
    return regions


def bodies() -> list[CoordinatingBody]:
    return list(CoordinatingBody.objects.all())


def city_contacts(city: City) -> list[Membership]:
    """The city's active officers with their job titles: its contact point for members."""
    return list(
        city.memberships.select_related("user")
        .filter(user__is_active=True)
        .order_by("user__full_name", "pk")
    )


def body_contacts(body: CoordinatingBody) -> list[Membership]:
    return list(
        body.memberships.select_related("user")
        .filter(user__is_active=True)
        .order_by("user__full_name", "pk")
    )


def counterpart_cities(city: City) -> list[City]:
    """The cities on the other side of the programme (Japan for a European city and back)."""
    return list(City.objects.filter(~Q(region=city.region)))


# --- Partnerships --------------------------------------------------------------------------

KINDS = ("meetings", "milestones", "transfers")


@dataclass(frozen=True)
class Filters:
    """The matrix's filters: a period (either end may be open) and a theme."""

    start: date | None = None
    end: date | None = None
    theme: Any = None  # practices.models.Theme

    @property
    def active(self) -> bool:
        return bool(self.start or self.end or self.theme)

    def meetings(self, queryset: MeetingQuerySet) -> MeetingQuerySet:
        if self.start:
            queryset = queryset.filter(starts_at__gte=_moment(self.start))
        if self.end:
            queryset = queryset.filter(starts_at__lt=_moment(self.end + timedelta(days=1)))
        if self.theme:
            queryset = queryset.filter(
                pk__in=Meeting.objects.filter(themes=self.theme).values("pk")
            )
        return queryset

    def milestones(self, queryset: QuerySet[Milestone]) -> QuerySet[Milestone]:
        """Milestones whose span (start to due date) overlaps the period."""
        if self.start:
            queryset = queryset.filter(due_date__gte=self.start)
        if self.end:
            queryset = queryset.filter(start_date__lte=self.end)
        if self.theme:
            queryset = queryset.filter(
                pk__in=Milestone.objects.filter(themes=self.theme).values("pk")
            )
        return queryset


NO_FILTERS = Filters()


def _moment(day: date) -> datetime:
    # Meetings are filtered by UTC day: the period is a calendar range, not a local clock.
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


# --- The three kinds, each for all pairs at once --------------------------------------------


def held_meetings(viewer: Viewer) -> MeetingQuerySet:
    """Meetings that have taken place and that ``viewer`` may see, newest first."""
    return (
        visible_meetings(viewer)
        .filter(status__in=[MeetingStatus.SCHEDULED, MeetingStatus.HELD])
        .filter(ends_at__lt=timezone.now())
        .order_by("-starts_at", "-pk")
    )


def shared_milestones() -> QuerySet[Milestone]:
    """Milestones that count as joint work: every one but the cancelled."""
    return Milestone.objects.exclude(status=MilestoneStatus.CANCELLED)


def _meeting_cities(meetings: MeetingQuerySet) -> dict[int, set[int]]:
    """meeting id -> ids of the cities that took part (host included). Two queries."""
    found: dict[int, set[int]] = defaultdict(set)
    ids = list(meetings.values_list("pk", "host_city_id"))
    for pk, host in ids:
        # A meeting without cities still has an entry (its bodies count on the map).
        found[pk] = {host} if host else set()
    through = Meeting.cities.through.objects.filter(meeting_id__in=[pk for pk, _h in ids])
    for meeting_id, city_id in through.values_list("meeting_id", "city_id"):
        found[meeting_id].add(city_id)
    return found


def _milestone_cities(milestones: QuerySet[Milestone]) -> dict[int, set[int]]:
    """milestone id -> ids of its owner cities. One query."""
    found: dict[int, set[int]] = defaultdict(set)
    through = Milestone.owner_cities.through.objects.filter(
        milestone_id__in=milestones.values("pk")
    )
    for milestone_id, city_id in through.values_list("milestone_id", "city_id"):
        found[milestone_id].add(city_id)
    return found


# --- Practices taken up: transfers of a practice from one city of a pair to the other ---------


@dataclass
class TakenUp:
    """A transfer as a pair's history shows it: when it started, where it stands, and a link
    the viewer may follow (the transfer's page for members, the practice's for the public)."""

    transfer: Any  # practices.models.Transfer
    url: str

    @property
    def date(self) -> date:
        return self.transfer.started_on

    def get_absolute_url(self) -> str:
        return self.url

    def __str__(self) -> str:
        return _("%(practice)s, taken up in %(city)s (%(stage)s)") % {
            "practice": self.transfer.practice.title,
            "city": self.transfer.city.name,
            "stage": self.transfer.get_stage_display(),
        }


def _pair_transfers(viewer: Viewer, filters: Filters) -> QuerySet[Any]:
    """Transfers between a European and a Japanese city, in either direction, that ``viewer``
    may see and that the filters keep (started in the period; a practice of the theme)."""
    from practices.transfers.selectors import visible_transfers

    found = visible_transfers(viewer).filter(
        Q(practice__lead_city__region=Region.EUROPE, city__region=Region.JAPAN)
        | Q(practice__lead_city__region=Region.JAPAN, city__region=Region.EUROPE)
    )
    if filters.start:
        found = found.filter(started_on__gte=filters.start)
    if filters.end:
        found = found.filter(started_on__lte=filters.end)
    if filters.theme:
        found = found.filter(practice__themes=filters.theme)
    return found


def transfer_pairs(viewer: Viewer, filters: Filters = NO_FILTERS) -> dict[tuple[int, int], int]:
    """How many practices each pair took up from each other (transfers at any stage but
    stopped), by (European city id, Japanese city id). One query."""
    from practices.models import TransferStage

    counts: dict[tuple[int, int], int] = defaultdict(int)
    rows = (
        _pair_transfers(viewer, filters)
        .exclude(stage=TransferStage.STOPPED)
        .values_list("practice__lead_city_id", "practice__lead_city__region", "city_id")
    )
    for lead, lead_region, receiving in rows:
        pair = (lead, receiving) if lead_region == Region.EUROPE else (receiving, lead)
        counts[pair] += 1
    return dict(counts)


def transfers_between(
    viewer: Viewer, eu_city: City, jp_city: City, filters: Filters = NO_FILTERS
) -> list[TakenUp]:
    """The practices one of the two cities took up from the other, oldest first, stopped ones
    included (a stopped transfer is a lesson). One query."""
    members = permissions.is_member(viewer)
    rows = (
        _pair_transfers(viewer, filters)
        .filter(
            Q(practice__lead_city=eu_city, city=jp_city)
            | Q(practice__lead_city=jp_city, city=eu_city)
        )
        .select_related("practice", "city")
        .order_by("started_on", "pk")
    )
    return [
        TakenUp(t, t.get_absolute_url() if members else t.practice.get_absolute_url()) for t in rows
    ]


# --- The matrix -----------------------------------------------------------------------------


@dataclass
class PairCell:
    eu: City
    jp: City
    meetings: int = 0
    milestones: int = 0
    transfers: int = 0

    @property
    def total(self) -> int:
        return self.meetings + self.milestones + self.transfers

    @property
    def level(self) -> int:
        """0–4, the colour step of the cell (none, a little … a lot)."""
        return min(4, (self.total + 1) // 2) if self.total else 0


@dataclass
class Matrix:
    europe: list[City]
    japan: list[City]
    rows: list[tuple[City, list[PairCell]]]
    show_transfers: bool
    totals: dict[str, int] = field(default_factory=dict)

    def cells(self) -> list[PairCell]:
        return [cell for _city, cells in self.rows for cell in cells]


def pair_matrix(viewer: Viewer, filters: Filters = NO_FILTERS) -> Matrix:
    """The 6-by-3 matrix of European by Japanese cities with the three counts per pair."""
    cities = list(City.objects.all())
    europe = [c for c in cities if c.region == Region.EUROPE]
    japan = [c for c in cities if c.region == Region.JAPAN]
    counts: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: dict.fromkeys(KINDS, 0))
    eu_ids, jp_ids = {c.pk for c in europe}, {c.pk for c in japan}
    for kind, groups in (
        ("meetings", _meeting_cities(filters.meetings(held_meetings(viewer)))),
        ("milestones", _milestone_cities(filters.milestones(shared_milestones()))),
    ):
        for members in groups.values():
            for pair in product(members & eu_ids, members & jp_ids):
                counts[pair][kind] += 1
    transfers = transfer_pairs(viewer, filters)
    for pair, number in transfers.items():
        counts[pair]["transfers"] += number
    rows = [
        (eu, [PairCell(eu, jp, **counts.get((eu.pk, jp.pk), {})) for jp in japan]) for eu in europe
    ]
    matrix = Matrix(europe, japan, rows, show_transfers=bool(transfers))
    matrix.totals = {kind: sum(getattr(c, kind) for c in matrix.cells()) for kind in KINDS}
    return matrix


#: A place on the map: ("city", id) or ("body", id).
type Place = tuple[str, int]


def met_pairs(viewer: Viewer) -> dict[tuple[Place, Place], int]:
    """Pairs of places (any two cities, or a city and a body) that have held a meeting
    together, with how many: the map's lines. Keys are ``("city", id)``/``("body", id)``
    tuples ordered so that each pair appears once."""
    meetings = held_meetings(viewer)
    cities = _meeting_cities(meetings)
    bodies: dict[int, set[int]] = defaultdict(set)
    for pk, host in meetings.values_list("pk", "host_body_id"):
        if host:
            bodies[pk].add(host)
    through = Meeting.bodies.through.objects.filter(meeting_id__in=list(cities))
    for meeting_id, body_id in through.values_list("meeting_id", "coordinatingbody_id"):
        bodies[meeting_id].add(body_id)
    found: dict[tuple[Place, Place], int] = defaultdict(int)
    for pk, members in cities.items():
        places = sorted([("city", c) for c in members] + [("body", b) for b in bodies[pk]])
        for index, first in enumerate(places):
            for second in places[index + 1 :]:
                found[(first, second)] += 1
    return dict(found)


# --- One pair -------------------------------------------------------------------------------


@dataclass
class Entry:
    """One item of a pair's history: a meeting, a milestone or a practice taken up."""

    kind: str
    date: date
    item: Any


@dataclass
class Pair:
    eu: City
    jp: City
    meetings: list[Meeting]
    upcoming: list[Meeting]
    milestones: list[Milestone]
    transfers: list[Any]
    entries: list[Entry]


def _together(eu: City, jp: City) -> Q:
    return Q(pk__in=Meeting.objects.filter(Q(host_city=eu) | Q(cities=eu)).values("pk")) & Q(
        pk__in=Meeting.objects.filter(Q(host_city=jp) | Q(cities=jp)).values("pk")
    )


def pair_detail(viewer: Viewer, eu: City, jp: City, filters: Filters = NO_FILTERS) -> Pair:
    """Everything the two cities did together, in time order (oldest first), and what they
    have planned: their next meetings."""
    meetings = list(
        with_listing(filters.meetings(held_meetings(viewer)).filter(_together(eu, jp))).order_by(
            "starts_at", "pk"
        )
    )
    upcoming = list(
        with_listing(
            filters.meetings(visible_meetings(viewer))
            .filter(_together(eu, jp), ends_at__gte=timezone.now())
            .exclude(status__in=[MeetingStatus.DRAFT, MeetingStatus.CANCELLED])
        ).order_by("starts_at", "pk")
    )
    shared = filters.milestones(shared_milestones()).filter(owner_cities=eu)
    milestones = list(
        with_rows(Milestone.objects.filter(pk__in=shared.filter(owner_cities=jp).values("pk")))
        .prefetch_related("themes")
        .order_by("due_date", "code")
    )
    transfers = transfers_between(viewer, eu, jp, filters)
    entries = [
        *(Entry("meeting", timezone.localdate(m.starts_at), m) for m in meetings),
        *(Entry("milestone", m.completed_on or m.due_date, m) for m in milestones),
        *(Entry("transfer", t.date, t) for t in transfers),
    ]
    entries.sort(key=lambda e: (e.date, ("meeting", "milestone", "transfer").index(e.kind)))
    return Pair(eu, jp, meetings, upcoming, milestones, transfers, entries)


# --- One city or body -----------------------------------------------------------------------


@dataclass
class Overview:
    """What a city's (or body's) page gathers."""

    upcoming: list[Meeting]
    past: list[Meeting]
    past_total: int
    milestones: list[Milestone]
    led: list[Any]
    partner_in: list[Any]
    partners: list[tuple[City, PairCell]]
    #: More practices than shown (``PRACTICES_SHOWN``): the page links to the catalogue.
    more_led: bool = False
    more_partner_in: bool = False
    #: The catalogue with every practice of the place: filtered by the city, or searched for
    #: the body's name (search knows the names of a practice's lead).
    catalogue_url: str = ""

    @property
    def show_transfers(self) -> bool:
        return any(cell.transfers for _city, cell in self.partners)


PAST_SHOWN = 10
#: The newest practices a city's or body's page lists in each group; the rest are in the
#: catalogue, filtered by the city.
PRACTICES_SHOWN = 10
#: A city's page looks for the practices it implements with another lead among its newest
#: implementing practices only (a partial index walks them), so that a city leading thousands
#: costs the same as one leading a few; the catalogue's city filter lists them all.
PARTNER_CANDIDATES = 500


def overview(viewer: Viewer, place: City | CoordinatingBody) -> Overview:
    """The meetings (upcoming and past), milestones, practices and partners of a city or body,
    as ``viewer`` may see them."""
    from practices.selectors import published_practices

    city = place if isinstance(place, City) else None
    if isinstance(place, City):
        condition = Q(host_city=place) | Q(cities=place)
        owned = Milestone.objects.filter(owner_cities=place)
        led = published_practices().filter(lead_city=place)
    else:
        condition = Q(host_body=place) | Q(bodies=place)
        owned = Milestone.objects.filter(owner_bodies=place)
        led = published_practices().filter(lead_body=place)
    mine = Q(pk__in=Meeting.objects.filter(condition).values("pk"))
    upcoming = list(
        with_listing(
            visible_meetings(viewer)
            .filter(mine, ends_at__gte=timezone.now())
            .exclude(status__in=[MeetingStatus.DRAFT, MeetingStatus.CANCELLED])
        ).order_by("starts_at", "pk")[:10]
    )
    past_all = held_meetings(viewer).filter(mine)
    past = list(with_listing(past_all)[:PAST_SHOWN])
    milestones = list(
        with_rows(Milestone.objects.filter(pk__in=owned.values("pk"))).order_by("due_date", "code")
    )
    partner_in = _partner_in(city) if city else []
    everything = {"city": place.slug} if isinstance(place, City) else {"q": place.short_name}
    led_rows = list(led.order_by("-published_at", "-pk")[: PRACTICES_SHOWN + 1])
    return Overview(
        upcoming=upcoming,
        past=past,
        past_total=past_all.count() if len(past) == PAST_SHOWN else len(past),
        milestones=milestones,
        led=led_rows[:PRACTICES_SHOWN],
        partner_in=partner_in[:PRACTICES_SHOWN],
        partners=partners_of(viewer, city) if city else [],
        more_led=len(led_rows) > PRACTICES_SHOWN,
        more_partner_in=len(partner_in) > PRACTICES_SHOWN,
        catalogue_url=f"{reverse('practices:catalogue')}?{urlencode(everything)}",
    )


def _partner_in(city: City) -> list[Any]:
    """The newest published practices ``city`` implements with another lead city (one more
    than shown, to know whether there are more), among its ``PARTNER_CANDIDATES`` newest
    implementing practices."""
    from practices.models import BestPractice
    from practices.selectors import published_practices

    through = BestPractice.cities.through
    newest = (
        through.objects.filter(city=city)
        .order_by("-bestpractice_id")
        .values("bestpractice_id")[:PARTNER_CANDIDATES]
    )
    return list(
        published_practices()
        .filter(pk__in=Subquery(newest))
        .exclude(lead_city=city)
        .order_by("-published_at", "-pk")[: PRACTICES_SHOWN + 1]
    )


def partners_of(viewer: Viewer, city: City) -> list[tuple[City, PairCell]]:
    """The city's row (or column) of the matrix: each city across the other continent with
    what the two have done together."""
    matrix = pair_matrix(viewer)
    return [
        (cell.jp if cell.eu.pk == city.pk else cell.eu, cell)
        for cell in matrix.cells()
        if city.pk in (cell.eu.pk, cell.jp.pk)
    ]


def body_partners(viewer: Viewer, body: CoordinatingBody) -> list[tuple[City, int]]:
    """The cities a coordinating body has met, with how many meetings held together."""
    # In each key the body comes first: ("body", …) sorts before ("city", …).
    counts = {
        other[1]: n
        for (first, other), n in met_pairs(viewer).items()
        if first == ("body", body.pk) and other[0] == "city"
    }
    cities = City.objects.filter(pk__in=list(counts)).order_by("position")
    return [(city, counts[city.pk]) for city in cities]


# --- The map --------------------------------------------------------------------------------


@dataclass
class PartnerMap:
    """The map in both layouts, and the same facts as a list: each place with the places it
    has met and how often (the map's text alternative)."""

    wide: Any
    tall: Any
    places: list[tuple[Any, list[tuple[Any, int]]]]


def partner_map(viewer: Viewer) -> PartnerMap:
    from . import map as drawing

    places: list[Any] = [*City.objects.all(), *CoordinatingBody.objects.all()]
    pairs = met_pairs(viewer)
    by_key = {("city" if isinstance(p, City) else "body", p.pk): p for p in places}
    met: dict[tuple[str, int], list[tuple[Any, int]]] = defaultdict(list)
    for (first, second), count in pairs.items():
        if first in by_key and second in by_key:
            met[first].append((by_key[second], count))
            met[second].append((by_key[first], count))
    listing = [
        (place, sorted(met[key], key=lambda row: (-row[1], str(row[0]))))
        for key, place in by_key.items()
    ]
    return PartnerMap(
        wide=drawing.build("wide", places, pairs),
        tall=drawing.build("tall", places, pairs),
        places=listing,
    )
