"""Every write on transfers: a city's interest, stage changes with their evidence, the
adaptation plan and the pilot, KPIs tracked in the receiving city, and the thread.

Who may do what is decided in ``accounts.permissions``; what makes a move valid (a note when a
stage is skipped, dates in order) is checked here, before anything is written, so a refused
move leaves nothing behind. Every change that others should hear about writes its notices in
the same transaction (``exchanges.notifications.services.notify``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from cities.models import City
from cooperation_portal.uploads import check_document, document_from_upload
from exchanges.models import Meeting, Milestone, NotificationKind
from exchanges.notifications import selectors as recipients
from exchanges.notifications import services as notifications

from ..models import (
    EARLIEST_TRANSFER_DATE,
    STAGE_ORDER,
    BestPractice,
    Transfer,
    TransferComment,
    TransferFile,
    TransferKPI,
    TransferLink,
    TransferStage,
    TransferStep,
)

#: At most this many files and links of evidence with one stage change.
MAX_EVIDENCE = 10


def _today(city: City) -> date:
    """Today in the receiving city: a stage reached "today" in Tamana is Tamana's date."""
    return city.local_now().date()


def _day(value: date) -> str:
    """A date as pages write it in the current language (1 Oct 2026, 2026年10月1日)."""
    from cooperation_portal.templatetags.portal import local_date

    return local_date(value)


def _check_day(day: date, *, city: City, field: str, errors: dict[str, list[str]]) -> None:
    if day > _today(city):
        errors.setdefault(field, []).append(_("The date cannot be in the future."))
    elif day < EARLIEST_TRANSFER_DATE:
        errors.setdefault(field, []).append(
            _("The date cannot be before %(date)s.") % {"date": _day(EARLIEST_TRANSFER_DATE)}
        )


# --- Interest: a transfer starts -----------------------------------------------------------


@dataclass
class InterestData:
    practice: BestPractice
    city: City
    interest: str
    on: date | None = None


def implementing_city_ids(practice: BestPractice) -> set[int]:
    """The practice's own cities: its lead city and the other implementing cities."""
    ids = {c.pk for c in practice.city_list()}
    if practice.lead_city_id:
        ids.add(practice.lead_city_id)
    return ids


@transaction.atomic
def transfer_start(*, by: User, data: InterestData) -> Transfer:
    """A city marks a published practice "of interest": the transfer starts as interested.
    The originating city's officers and the coordinators are told."""
    practice = BestPractice.objects.select_for_update().get(pk=data.practice.pk)
    city = data.city
    if not permissions.can_take_up_practice(by, practice, city):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if city.pk in implementing_city_ids(practice):
        errors["city"] = [
            _("%(city)s already implements this practice: a transfer is to another city.")
            % {"city": city.name}
        ]
    current = Transfer.objects.open().filter(practice=practice, city=city).first()
    if current is not None:
        errors["city"] = [
            _("%(city)s already has an open transfer of this practice (stage: %(stage)s).")
            % {"city": city.name, "stage": current.get_stage_display()}
        ]
    interest = data.interest.strip()
    if not interest:
        errors["interest"] = [_("Say in a few words why the city is interested.")]
    on = data.on or _today(city)
    _check_day(on, city=city, field="on", errors=errors)
    if errors:
        raise ValidationError(errors)
    transfer = Transfer(
        practice=practice,
        city=city,
        stage=TransferStage.INTERESTED,
        started_on=on,
        stage_since=on,
        interest=interest,
        created_by=by,
    )
    transfer.full_clean()
    try:
        with transaction.atomic():
            transfer.save()
    except IntegrityError:  # another request started the same transfer a moment ago
        raise ValidationError(
            {"city": [_("This city already has an open transfer of this practice.")]}
        ) from None
    TransferStep.objects.create(
        transfer=transfer, from_stage="", to_stage=TransferStage.INTERESTED, on=on, note="", by=by
    )
    notifications.notify(
        NotificationKind.TRANSFER_INTEREST,
        recipients.with_coordinators(
            recipients.practice_origin_people(transfer), recipients.coordinators()
        ),
        key=f"transfer-interest:{transfer.pk}",
        exclude=by,
        practice=practice,
        transfer=transfer,
        context={"interest": interest},
    )
    return transfer


# --- Stage changes -------------------------------------------------------------------------


@dataclass
class EvidenceFile:
    upload: UploadedFile
    title: str = ""


@dataclass
class StepData:
    """A move to another stage, with what that stage needs."""

    to_stage: str
    on: date
    note: str = ""
    links: list[dict[str, str]] = field(default_factory=list)
    files: list[EvidenceFile] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    pilot_starts_on: date | None = None
    pilot_ends_on: date | None = None


def _rank(stage: str) -> int:
    return STAGE_ORDER.index(stage) if stage in STAGE_ORDER else len(STAGE_ORDER)


def _validate_step(transfer: Transfer, data: StepData) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    note = data.note.strip()
    current, target = transfer.stage, data.to_stage
    names = {"from": TransferStage(current).label, "to": TransferStage(target).label}
    if target == TransferStage.STOPPED:
        if not note:
            errors["note"] = [
                _("Say why the transfer stops: the reason is kept as a lesson for other cities.")
            ]
    elif _rank(target) > _rank(current) + 1 and not note:
        errors["note"] = [
            _("Moving from “%(from)s” to “%(to)s” skips a stage: say why in the note.") % names
        ]
    elif _rank(target) < _rank(current) and not note:
        errors["note"] = [_("Moving back to “%(to)s”: say why in the note.") % names]
    _check_day(data.on, city=transfer.city, field="on", errors=errors)
    if data.on < transfer.stage_since:
        errors.setdefault("on", []).append(
            _(
                "The date is before the day the transfer reached its current stage (%(date)s): "
                "stage changes are recorded in order."
            )
            % {"date": _day(transfer.stage_since)}
        )
    starts = data.pilot_starts_on or transfer.pilot_starts_on
    ends = data.pilot_ends_on or transfer.pilot_ends_on
    if target == TransferStage.PILOTING and starts is None:
        errors["pilot_starts_on"] = [_("Give the day the pilot starts.")]
    _check_pilot(starts, ends, errors)
    if len(data.links) + len(data.files) > MAX_EVIDENCE:
        errors["note"] = [
            _("At most %(count)s links and files with one stage change.") % {"count": MAX_EVIDENCE}
        ]
    return errors


def _check_pilot(starts: date | None, ends: date | None, errors: dict[str, list[str]]) -> None:
    if ends is not None and starts is None:
        errors.setdefault("pilot_starts_on", []).append(
            _("Give the day the pilot starts as well as the day it ends.")
        )
    if starts and ends and ends < starts:
        errors.setdefault("pilot_ends_on", []).append(_("The pilot cannot end before it starts."))


@transaction.atomic
def transfer_move(*, transfer: Transfer, by: User, data: StepData) -> TransferStep:
    """Move the transfer to another stage, with who, when, a note and evidence. A skipped
    stage, a step back and a stop need a note; a pilot needs its start date; dates keep their
    order. Both cities and the coordinators are told."""
    transfer = (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("practice", "city")
        .get(pk=transfer.pk)
    )
    if data.to_stage not in TransferStage.values:
        raise ValidationError({"to_stage": [_("Choose one of the stages.")]})
    if not permissions.can_move_transfer_to(by, transfer, data.to_stage):
        raise PermissionDenied
    errors = _validate_step(transfer, data)
    for upload in data.files:
        try:
            check_document(upload.upload, field="file")
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    note = data.note.strip()
    from_stage = transfer.stage
    transfer.stage = data.to_stage
    transfer.stage_since = data.on
    if data.to_stage == TransferStage.STOPPED:
        transfer.stop_reason = note
    if data.pilot_starts_on:
        transfer.pilot_starts_on = data.pilot_starts_on
    if data.pilot_ends_on:
        transfer.pilot_ends_on = data.pilot_ends_on
    transfer.full_clean()
    transfer.save()
    if data.meetings:
        transfer.meetings.add(*data.meetings)
    if data.milestones:
        transfer.milestones.add(*data.milestones)
    step = TransferStep(
        transfer=transfer,
        from_stage=from_stage,
        to_stage=data.to_stage,
        on=data.on,
        note=note,
        by=by,
    )
    step.full_clean()
    step.save()
    for row in data.links:
        link = TransferLink(step=step, **row)
        link.full_clean(exclude=["step"])
        link.save()
    for upload in data.files:
        document_from_upload(
            TransferFile, upload=upload.upload, title=upload.title, by=by, step=step
        )
    if data.to_stage == TransferStage.PILOTING and not transfer.kpis.exists():
        _kpis_from_practice(transfer)
    notifications.notify(
        NotificationKind.TRANSFER_STAGE,
        recipients.with_coordinators(
            recipients.transfer_sides(transfer), recipients.coordinators()
        ),
        key=f"transfer-stage:{step.pk}",
        exclude=by,
        practice=transfer.practice,
        transfer=transfer,
        context={"from": from_stage, "to": data.to_stage, "note": note},
    )
    return step


def _kpis_from_practice(transfer: Transfer) -> None:
    """The practice's own KPIs, to watch in the receiving city (targets are the city's)."""
    TransferKPI.objects.bulk_create(
        TransferKPI(
            transfer=transfer,
            label_en=result.label_en or "",
            label_ja=result.label_ja or "",
            label=result.label_en or result.label_ja or "",
            unit=result.unit,
            position=position,
        )
        for position, result in enumerate(transfer.practice.results.all())
    )


# --- The plan, the pilot, the links to meetings and milestones ------------------------------


@dataclass
class DetailsData:
    plan_changes: str = ""
    plan_costs: str = ""
    plan_partners: str = ""
    plan_risks: str = ""
    pilot_starts_on: date | None = None
    pilot_ends_on: date | None = None
    meetings: list[Meeting] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)


@transaction.atomic
def transfer_update(*, transfer: Transfer, by: User, data: DetailsData) -> Transfer:
    """Save the adaptation plan (what changes for the local context, costs, partners, risks),
    the pilot's dates and the linked meetings and milestones."""
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if not permissions.can_edit_transfer(by, transfer):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    _check_pilot(data.pilot_starts_on, data.pilot_ends_on, errors)
    if transfer.stage == TransferStage.PILOTING and data.pilot_starts_on is None:
        errors.setdefault("pilot_starts_on", []).append(_("Give the day the pilot starts."))
    if errors:
        raise ValidationError(errors)
    transfer.plan_changes = data.plan_changes.strip()
    transfer.plan_costs = data.plan_costs.strip()
    transfer.plan_partners = data.plan_partners.strip()
    transfer.plan_risks = data.plan_risks.strip()
    transfer.pilot_starts_on = data.pilot_starts_on
    transfer.pilot_ends_on = data.pilot_ends_on
    transfer.full_clean()
    transfer.save()
    transfer.meetings.set(data.meetings)
    transfer.milestones.set(data.milestones)
    return transfer


# --- KPIs tracked in the receiving city -----------------------------------------------------


@dataclass
class KPIData:
    label_en: str = ""
    label_ja: str = ""
    unit: str = ""
    baseline: Decimal | None = None
    target: Decimal | None = None
    measured: Decimal | None = None
    measured_on: date | None = None


@transaction.atomic
def transfer_kpis_save(*, transfer: Transfer, by: User, rows: list[KPIData]) -> list[TransferKPI]:
    """Replace the transfer's KPIs with ``rows`` (the form shows them all)."""
    transfer = (
        Transfer.objects.select_for_update(of=("self",)).select_related("city").get(pk=transfer.pk)
    )
    if not permissions.can_edit_transfer(by, transfer):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    for row in rows:
        if not (row.label_en.strip() or row.label_ja.strip()):
            errors.setdefault("label_en", []).append(
                _("Name each indicator in English or Japanese.")
            )
        if row.measured is not None and row.measured_on is None:
            errors.setdefault("measured_on", []).append(
                _("Give the day each measurement was made.")
            )
        if row.measured_on is not None:
            _check_day(row.measured_on, city=transfer.city, field="measured_on", errors=errors)
    if errors:
        raise ValidationError(errors)
    transfer.kpis.all().delete()
    saved = []
    for position, row in enumerate(rows):
        kpi = TransferKPI(
            transfer=transfer,
            label_en=row.label_en.strip(),
            label_ja=row.label_ja.strip(),
            unit=row.unit.strip(),
            baseline=row.baseline,
            target=row.target,
            measured=row.measured,
            measured_on=row.measured_on,
            position=position,
        )
        kpi.full_clean(exclude=["transfer"])
        kpi.save()
        saved.append(kpi)
    Transfer.objects.filter(pk=transfer.pk).update(updated_at=timezone.now())
    return saved


# --- The thread -----------------------------------------------------------------------------


@transaction.atomic
def transfer_comment_add(*, transfer: Transfer, by: User, text: str) -> TransferComment:
    """A message in the transfer's thread. Both cities are told, and the coordinators who
    took part in this transfer."""
    transfer = Transfer.objects.select_related("practice", "city").get(pk=transfer.pk)
    if not permissions.can_comment_on_transfer(by, transfer):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Write a message.")]})
    comment = TransferComment(transfer=transfer, author=by, text=text)
    comment.full_clean()
    comment.save()
    notifications.notify(
        NotificationKind.TRANSFER_COMMENT,
        recipients.with_coordinators(
            recipients.transfer_sides(transfer), recipients.transfer_coordinators(transfer)
        ),
        key=f"transfer-comment:{comment.pk}",
        exclude=by,
        practice=transfer.practice,
        transfer=transfer,
        context={"text": text[:2000], "author": str(by)},
    )
    return comment
