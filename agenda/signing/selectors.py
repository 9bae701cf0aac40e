"""Reads for the signing pages, each with a fixed number of queries whatever the data size."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from delegations.enums import SIGNING_TYPES, STATE_TYPES, FullPowersStatus, ParticipantType, Region
from delegations.models import Delegation, FullPowers, Member
from hanoi_ceremony.core.dates import CEREMONY_TZ

from .enums import InscriptionStatus, SigningStatus
from .models import Inscription, Ratification, RightOfReply, SigningEntry, SigningRoster, SpeakersList
from .ordering import place_with_overrides, speaker_key

HANOI = CEREMONY_TZ  # the ceremony's time zone, defined once in core/dates.py


# --- Signing roster --------------------------------------------------------------------------------


def roster_get() -> SigningRoster | None:
    return SigningRoster.objects.select_related("session").order_by("pk").first()


def roster_entries(*, roster: SigningRoster) -> list[SigningEntry]:
    return list(
        roster.entries.select_related(
            "delegation", "signatory__full_powers__verified_by", "confirmed_by"
        ).order_by("position", "pk")
    )


def authority_basis(entry: SigningEntry) -> str:
    """Domain rule 1, as the roster shows it: "by function" or "full powers verified on <date> by <whom>"."""
    member = entry.signatory
    if member is None:
        return _("no signatory named")
    if member.signs_by_function:
        return _("by function (%(rank)s)") % {"rank": member.get_rank_display()}
    fp = getattr(member, "full_powers", None)
    if fp is None or fp.status == FullPowersStatus.AWAITED:
        return _("full powers awaited")
    if fp.status == FullPowersStatus.VERIFIED:
        return _("full powers verified on %(date)s by %(who)s") % {
            "date": date_format(timezone.localtime(fp.verified_at, HANOI), "DATETIME_FORMAT"),
            "who": fp.verified_by,
        }
    if fp.status == FullPowersStatus.REJECTED:
        return _("full powers rejected: %(reason)s") % {"reason": fp.rejection_reason}
    return _("full powers received, not yet verified")


@dataclass
class RosterRow:
    entry: SigningEntry
    basis: str
    confirmable: bool
    problem: str | None


def roster_rows(*, roster: SigningRoster) -> list[RosterRow]:
    from .services import authority_problem

    rows = []
    for entry in roster_entries(roster=roster):
        problem = authority_problem(entry)
        rows.append(
            RosterRow(
                entry=entry,
                basis=authority_basis(entry),
                confirmable=problem is None
                and not entry.is_confirmed
                and entry.status != SigningStatus.SIGNED,
                problem=problem,
            )
        )
    return rows


def full_powers_queue() -> list[FullPowers]:
    """Every instrument of full powers for a named signatory, those needing action first."""
    rank = {FullPowersStatus.RECEIVED: 0, FullPowersStatus.AWAITED: 1, FullPowersStatus.REJECTED: 2}
    items = list(
        FullPowers.objects.filter(member__signing_entries__isnull=False)
        .select_related("member__delegation", "verified_by")
        .distinct()
    )
    return sorted(items, key=lambda fp: (rank.get(fp.status, 3), fp.member.delegation.name, fp.pk))


def signing_parties_without_entry():
    return Delegation.objects.filter(
        participant_type__in=[t.value for t in SIGNING_TYPES], signing_entries__isnull=True
    ).order_by("name")


# --- Board and report ------------------------------------------------------------------------------


def board_data(*, latest: int = 8) -> dict:
    """What the hall screen shows: counts and the latest signatories (plain JSON-ready values)."""
    signed = list(
        SigningEntry.objects.filter(status=SigningStatus.SIGNED)
        .select_related("delegation", "signatory")
        .order_by("-signed_at", "-pk")
    )
    countries = sum(1 for e in signed if e.participant_type in STATE_TYPES)
    total = SigningEntry.objects.count()
    return {
        "signatories": len(signed),
        "countries": countries,
        "scheduled": total,
        "latest": [
            {
                "party": e.delegation.name,
                "signatory": str(e.signatory) if e.signatory_id else "",
                "title": e.signatory.title if e.signatory_id else "",
                "time": date_format(timezone.localtime(e.signed_at, HANOI), "SHORT_DATETIME_FORMAT"),
                "place": e.get_place_display(),
            }
            for e in signed[:latest]
        ],
    }


def entry_into_force(
    *, deposits: list[tuple[datetime.date, bool]], needed: int, days: int
) -> tuple[int, datetime.date | None]:
    """(instruments counted, date of entry into force or None). An instrument of a regional economic
    integration organisation is not counted in addition to those of its member States."""
    counted = sorted(day for day, is_reio in deposits if not is_reio)
    if needed <= 0 or len(counted) < needed:
        return len(counted), None
    return len(counted), counted[needed - 1] + datetime.timedelta(days=days)


@dataclass
class Report:
    as_of: datetime.date
    signatories: list[SigningEntry]
    countries: int
    reios: int
    by_region: list[tuple[str, int]]
    instruments: int
    instruments_needed: int
    entry_into_force: datetime.date | None


def signing_report(*, as_of: datetime.date, ceremony) -> Report:
    """Signatories up to the end of `as_of` (Hà Nội time), countries apart from REIOs, by region."""
    end = datetime.datetime.combine(as_of + datetime.timedelta(days=1), datetime.time(), tzinfo=HANOI)
    signed = list(
        SigningEntry.objects.filter(status=SigningStatus.SIGNED, signed_at__lt=end)
        .select_related("delegation", "signatory")
        .order_by("signed_at", "pk")
    )
    regions = Counter(e.delegation.get_region_display() for e in signed)
    order = {label: i for i, (_, label) in enumerate(Region.choices)}
    deposits = list(
        Ratification.objects.filter(deposited_on__lte=as_of).values_list("deposited_on", "is_reio")
    )
    needed = ceremony.ratifications_for_entry_into_force if ceremony else 40
    days = ceremony.days_to_entry_into_force if ceremony else 90
    count, eif = entry_into_force(deposits=deposits, needed=needed, days=days)
    return Report(
        as_of=as_of,
        signatories=signed,
        countries=sum(1 for e in signed if e.participant_type in STATE_TYPES),
        reios=sum(1 for e in signed if e.participant_type == ParticipantType.REIO),
        by_region=sorted(regions.items(), key=lambda kv: order.get(kv[0], 99)),
        instruments=count,
        instruments_needed=needed,
        entry_into_force=eif,
    )


# --- Speakers' lists -------------------------------------------------------------------------------


def speakers_lists():
    return SpeakersList.objects.select_related("session").order_by("session__starts_at", "pk")


def _inscription_key(i: Inscription) -> tuple:
    return speaker_key(
        participant_type=i.delegation.participant_type,
        rank=i.speaker.rank,
        inscribed_at=i.inscribed_at,
        pk=i.pk,
    )


def speaking_order(speakers_list: SpeakersList) -> list[Inscription]:
    """Domain rule 3: group → protocol tier → time of inscription → id, with organisers' manual placements."""
    items = list(
        Inscription.objects.filter(speakers_list=speakers_list)
        .exclude(status=InscriptionStatus.WITHDRAWN)
        .select_related("delegation", "speaker")
    )
    return place_with_overrides(items, natural_key=_inscription_key, override=lambda i: i.position_override)


def positions_of(*, delegation_id: int) -> list[tuple[SpeakersList, int | None, int, Inscription | None]]:
    """For every list: (list, the delegation's place or None, speakers on the list, its inscription).
    Two queries whatever the number of lists."""
    lists = list(speakers_lists())
    by_list: dict[int, list[Inscription]] = {sl.pk: [] for sl in lists}
    inscriptions = (
        Inscription.objects.exclude(status=InscriptionStatus.WITHDRAWN)
        .filter(speakers_list__in=lists)
        .select_related("delegation", "speaker")
    )
    for inscription in inscriptions:
        by_list[inscription.speakers_list_id].append(inscription)
    rows = []
    for sl in lists:
        order = place_with_overrides(
            by_list[sl.pk], natural_key=_inscription_key, override=lambda i: i.position_override
        )
        mine = next(
            ((n, i) for n, i in enumerate(order, start=1) if i.delegation_id == delegation_id), (None, None)
        )
        rows.append((sl, mine[0], len(order), mine[1]))
    return rows


def replies(speakers_list: SpeakersList) -> list[RightOfReply]:
    return list(speakers_list.replies.select_related("delegation").order_by("requested_at", "pk"))


@dataclass
class ChairView:
    current: Inscription | None
    following: Inscription | None
    seconds_left: int | None
    order: list[Inscription]


def chair_view(speakers_list: SpeakersList) -> ChairView:
    order = speaking_order(speakers_list)
    current = next((i for i in order if i.pk == speakers_list.current_id), None)
    waiting = [i for i in order if i.status == InscriptionStatus.INSCRIBED]
    seconds_left = None
    if current is not None and speakers_list.current_started_at:
        elapsed = (timezone.now() - speakers_list.current_started_at).total_seconds()
        seconds_left = int(current.time_limit_seconds - elapsed)
    return ChairView(
        current=current, following=waiting[0] if waiting else None, seconds_left=seconds_left, order=order
    )


def delegation_members(delegation: Delegation):
    return Member.objects.filter(delegation=delegation).order_by("family_name", "pk")
