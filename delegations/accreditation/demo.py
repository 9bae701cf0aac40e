"""Demo accreditation: a realistic set of zones and badge categories, one accreditation per delegation
member (vetting states spread as they would be a week before the ceremony), a dozen media applicants,
zone passes within quotas, badges issued, some printed and collected, one lost and reissued.

Runs after delegations.demo. Idempotent: zones and categories are looked up by code; people who already
have an accreditation are left as they are. Bulk writes keep `seed_demo --scale 10` quick; the audit
entries a real run would leave (vetting decisions, badge moves) are written alongside so the history and
the "as of" counts read true.
"""

import datetime
import io
import random
import zlib
import zoneinfo

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from delegations.enums import PHOTO_EXEMPT_RANKS, Capacity
from delegations.models import Delegation, Member
from hanoi_ceremony.accounts.models import User
from hanoi_ceremony.audit.models import AuditEntry
from hanoi_ceremony.core.demo import demo_clock
from hanoi_ceremony.core.models import Ceremony
from hanoi_ceremony.core.pagecache import bump
from hanoi_ceremony.core.selectors import ceremony_forget

from .credentials import signing_key_active
from .enums import AccreditationKind, BadgeState, PhotoState, RevocationReason, VettingState
from .models import (
    Accreditation,
    Badge,
    BadgeCategory,
    BadgeCollection,
    MediaApplication,
    Zone,
    ZonePass,
)
from .selectors import REVOCATION_COUNTER
from .services._common import NAMESPACE, counter_next, passport_key
from .services.badges import SERIAL_COUNTER, SERIAL_START, validity_for

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

# code, name, restricted, default passes per delegation
ZONES = [
    ("PLN", "Plenary hall", False, 0),
    ("SGN", "Signing room", True, 2),
    ("VIP", "VIP lounge", True, 1),
    ("BIL", "Bilateral suite", True, 4),
    ("EXH", "Technology Exhibition", False, 0),
    ("MED", "Media centre", False, 0),
    ("DOF", "Delegation offices", False, 0),
]
ALL = [z[0] for z in ZONES]
# code, name, printed label, colour, text colour, zones, lapel pin, capacities, ranks, media, days before
CATEGORIES = [
    (
        "HOS",
        "Head of State or Government",
        "HEAD OF STATE / GOVERNMENT",
        "#8B1A1A",
        "#FFFFFF",
        ["PLN", "SGN", "VIP", "BIL", "EXH", "DOF"],
        True,
        [],
        sorted(PHOTO_EXEMPT_RANKS),
        False,
        1,
    ),
    (
        "HOD",
        "Head of delegation",
        "HEAD OF DELEGATION",
        "#1F4E79",
        "#FFFFFF",
        ["PLN", "SGN", "VIP", "BIL", "EXH", "DOF"],
        True,
        ["head"],
        [],
        False,
        2,
    ),
    (
        "DEL",
        "Delegate",
        "DELEGATE",
        "#2E7D32",
        "#FFFFFF",
        ["PLN", "SGN", "BIL", "EXH", "DOF"],
        False,
        ["representative", "alternate"],
        [],
        False,
        2,
    ),
    (
        "ADV",
        "Adviser or expert",
        "ADVISER",
        "#558B2F",
        "#FFFFFF",
        ["PLN", "EXH", "DOF"],
        False,
        ["adviser", "expert", "other"],
        [],
        False,
        2,
    ),
    (
        "SEC",
        "Security",
        "SECURITY",
        "#37474F",
        "#FFFFFF",
        ["PLN", "SGN", "VIP", "BIL", "EXH", "DOF"],
        False,
        ["security"],
        [],
        False,
        3,
    ),
    (
        "PRO",
        "Protocol or liaison officer",
        "PROTOCOL",
        "#6A1B9A",
        "#FFFFFF",
        ["PLN", "BIL", "EXH", "DOF"],
        False,
        ["protocol"],
        [],
        False,
        3,
    ),
    (
        "SPO",
        "Accompanying spouse",
        "GUEST",
        "#AD1457",
        "#FFFFFF",
        ["PLN", "VIP", "EXH"],
        False,
        ["spouse"],
        [],
        False,
        1,
    ),
    ("MED", "Media", "MEDIA", "#F9A825", "#000000", ["MED", "EXH"], False, [], [], True, 2),
    ("HST", "Host staff", "HOST STAFF", "#00838F", "#FFFFFF", ALL, False, [], [], False, 5),
    (
        "UNS",
        "UN Secretariat",
        "UNITED NATIONS",
        "#0277BD",
        "#FFFFFF",
        ["PLN", "SGN", "BIL", "EXH", "MED", "DOF"],
        False,
        [],
        [],
        False,
        5,
    ),
    ("INT", "Interpreter", "INTERPRETER", "#4E342E", "#FFFFFF", ["PLN", "BIL"], False, [], [], False, 3),
    (
        "TEC",
        "Technical and service staff",
        "SERVICE",
        "#757575",
        "#FFFFFF",
        ["EXH", "DOF"],
        False,
        [],
        [],
        False,
        5,
    ),
]
MEDIA = [
    ("NGUYỄN", "Văn Minh", "VNM", "Vietnam News Agency", "VNM", "journalist"),
    ("TRẦN", "Thu Hà", "VNM", "VTV — Vietnam Television", "VNM", "camera"),
    ("DUBOIS", "Claire", "FRA", "Agence France-Presse", "FRA", "journalist"),
    ("OKAFOR", "Chinedu", "NGA", "Premium Times", "NGA", "journalist"),
    ("SATO", "Haruki", "JPN", "NHK", "JPN", "camera"),
    ("MÜLLER", "Anja", "DEU", "Deutsche Welle", "DEU", "editor"),
    ("SILVA", "João", "BRA", "Agência Brasil", "BRA", "photographer"),
    ("KAMAU", "Wanjiru", "KEN", "Nation Media Group", "KEN", "journalist"),
    ("SMITH", "Olivia", "AUS", "ABC News", "AUS", "technician"),
    ("PATEL", "Arjun", "IND", "The Hindu", "IND", "photographer"),
    ("HASSAN", "Mona", "EGY", "Al-Ahram", "EGY", "journalist"),
    ("ROSSI", "Marco", "ITA", "ANSA", "ITA", "photographer"),
]
PHOTO_PATH = "photos/demo/placeholder.jpg"
PDF_PATH = "media_accreditation/demo/document.pdf"
DEMO_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _ensure_files() -> None:
    if not default_storage.exists(PHOTO_PATH):
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (300, 400), (190, 190, 200)).save(buffer, "JPEG")
        default_storage.save(PHOTO_PATH, ContentFile(buffer.getvalue()))
    if not default_storage.exists(PDF_PATH):
        default_storage.save(PDF_PATH, ContentFile(DEMO_PDF))


def _reference_data() -> dict[str, BadgeCategory]:
    zones = {}
    for order, (code, name, restricted, quota) in enumerate(ZONES):
        zones[code], _created = Zone.objects.update_or_create(
            code=code,
            defaults={"name": name, "restricted": restricted, "default_pass_quota": quota, "order": order},
        )
    categories = {}
    for order, (
        code,
        name,
        label,
        colour,
        text,
        zone_codes,
        pin,
        capacities,
        ranks,
        media,
        days,
    ) in enumerate(CATEGORIES):
        category, _created = BadgeCategory.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "printed_label": label,
                "colour": colour,
                "text_colour": text,
                "lapel_pin": pin,
                "capacities": capacities,
                "ranks": ranks,
                "for_media": media,
                "valid_days_before": days,
                "order": order,
            },
        )
        category.zones.set([zones[z] for z in zone_codes])
        categories[code] = category
    return categories


def _category_for(
    member: Member, head_rank: str | None, categories: list[BadgeCategory]
) -> BadgeCategory | None:
    for category in categories:
        if member.rank in (category.ranks or []):
            return category
    for category in categories:
        if member.capacity in (category.capacities or []):
            return category
    return None


def _vetting_for(rng: random.Random, status: str) -> str:
    if status not in ("confirmed", "submitted"):
        return rng.choice([VettingState.NEW, VettingState.NEW, VettingState.PRE_APPROVED])
    roll = rng.random()
    if roll < 0.62:
        return VettingState.APPROVED
    if roll < 0.80:
        return VettingState.PRE_APPROVED
    if roll < 0.90:
        return VettingState.NEW
    if roll < 0.97:
        return VettingState.ON_HOLD
    return VettingState.REJECTED


def _at(rng: random.Random, day: int) -> datetime.datetime:
    return demo_clock.past(
        datetime.datetime(2025, 10, day, rng.randint(8, 17), rng.randint(0, 59), tzinfo=HANOI)
    )


PATH = {
    VettingState.NEW: [],
    VettingState.PRE_APPROVED: [VettingState.PRE_APPROVED],
    VettingState.APPROVED: [VettingState.PRE_APPROVED, VettingState.APPROVED],
    VettingState.ON_HOLD: [VettingState.PRE_APPROVED, VettingState.ON_HOLD],
    VettingState.REJECTED: [VettingState.PRE_APPROVED, VettingState.REJECTED],
}
ACTIONS = {
    VettingState.PRE_APPROVED: "accreditation.pre_approved",
    VettingState.APPROVED: "accreditation.imported",
    VettingState.ON_HOLD: "accreditation.imported",
    VettingState.REJECTED: "accreditation.imported",
}


def seed(*, scale: int, out) -> None:
    _ensure_files()
    rng = random.Random(2025_10_25)
    Ceremony.objects.filter(singleton=True, accreditation_deadline__isnull=True).update(
        accreditation_deadline=demo_clock.shift(datetime.datetime(2025, 10, 20, 17, 0, tzinfo=HANOI))
    )
    ceremony_forget()
    categories = _reference_data()
    ordered = sorted(categories.values(), key=lambda c: (c.order, c.code))
    member_categories = [c for c in ordered if not c.for_media]
    officer = User.objects.filter(username="accreditation").first()
    content_type = ContentType.objects.get_for_model(Accreditation)
    badge_type = ContentType.objects.get_for_model(Badge)
    with transaction.atomic():
        members = list(
            Member.objects.filter(accreditation__isnull=True)
            .select_related("delegation")
            .order_by("delegation_id", "pk")
        )
        heads = dict(Member.objects.filter(capacity=Capacity.HEAD).values_list("delegation_id", "rank"))
        new_rows, entries = [], []
        for member in members:
            head_rank = heads.get(member.delegation_id)
            exempt = member.rank in PHOTO_EXEMPT_RANKS or (
                member.capacity == Capacity.SPOUSE and head_rank in PHOTO_EXEMPT_RANKS
            )
            state = _vetting_for(rng, member.delegation.status)
            if exempt:
                photo = PhotoState.EXEMPT
            elif not member.photo:
                photo = PhotoState.MISSING
            elif state == VettingState.APPROVED:
                photo = PhotoState.APPROVED if rng.random() < 0.95 else PhotoState.PENDING
            else:
                photo = rng.choice(
                    [PhotoState.PENDING, PhotoState.APPROVED, PhotoState.APPROVED, PhotoState.REJECTED]
                )
            new_rows.append(
                Accreditation(
                    kind=AccreditationKind.MEMBER,
                    member=member,
                    delegation_id=member.delegation_id,
                    passport_key=passport_key(member.nationality, member.passport_number),
                    category=_category_for(member, head_rank, member_categories),
                    vetting=state,
                    photo_state=photo,
                    photo_reason="Background not plain; please send a recent photo."
                    if photo == PhotoState.REJECTED
                    else "",
                    vetting_note="Security asked for the passport's data page."
                    if state == VettingState.ON_HOLD
                    else (
                        "Refused by the host's security service." if state == VettingState.REJECTED else ""
                    ),
                    vetting_changed_at=_at(rng, 16) if state != VettingState.NEW else None,
                )
            )
        Accreditation.objects.bulk_create(new_rows, batch_size=500)
        created = list(Accreditation.objects.filter(member__in=members).select_related("member", "category"))
        # Media applicants.
        media_rows = []
        for family, given, nationality, outlet, country, role in MEDIA:
            number = f"M{zlib.crc32((family + given).encode()) % 10**7:07d}"
            key = passport_key(nationality, number)
            if Accreditation.objects.filter(passport_key=key).exists():
                continue
            application = MediaApplication.objects.create(
                family_name=family,
                given_names=given,
                nationality=nationality,
                passport_number=number,
                passport_expiry=datetime.date(2029, 6, 30),
                email=f"{given.split()[0].lower()}@press.example",
                outlet=outlet,
                outlet_country=country,
                role=role,
                press_card_number=f"PC-{number}",
                press_card=PDF_PATH,
                assignment_letter=PDF_PATH,
                photo=PHOTO_PATH,
            )
            state = rng.choice(
                [VettingState.APPROVED, VettingState.APPROVED, VettingState.PRE_APPROVED, VettingState.NEW]
            )
            media_rows.append(
                Accreditation.objects.create(
                    kind=AccreditationKind.MEDIA,
                    media=application,
                    passport_key=key,
                    category=categories["MED"],
                    vetting=state,
                    photo_state=PhotoState.APPROVED if state == VettingState.APPROVED else PhotoState.PENDING,
                )
            )
        created += media_rows
        for a in created:
            day = 8
            for to in PATH[a.vetting]:
                day = min(day + rng.randint(2, 5), 21)
                entries.append(
                    AuditEntry(
                        created_at=_at(rng, day),
                        actor=officer,
                        actor_repr=str(officer) if officer else "system",
                        action=ACTIONS[to],
                        target_type=content_type,
                        target_id=str(a.pk),
                        target_repr=str(a)[:300],
                        from_state=VettingState.NEW
                        if to == VettingState.PRE_APPROVED
                        else VettingState.PRE_APPROVED,
                        to_state=to,
                    )
                )
        Accreditation.objects.filter(pk__in=[a.pk for a in created]).update(created_at=_at(rng, 6))
        # Zone passes: the signing room to two delegates of each delegation with approved delegates.
        signing = Zone.objects.get(code="SGN")
        passes_by_person: dict[int, set[int]] = {}
        by_delegation: dict[int, list[Accreditation]] = {}
        for a in created:
            if (
                a.delegation_id
                and a.category
                and a.category.code == "DEL"
                and a.vetting == VettingState.APPROVED
            ):
                by_delegation.setdefault(a.delegation_id, []).append(a)
        zone_passes = []
        for delegation_id, people in by_delegation.items():
            for number, a in enumerate(people[: signing.default_pass_quota], start=1):
                zone_passes.append(
                    ZonePass(delegation_id=delegation_id, zone=signing, number=number, holder=a)
                )
                passes_by_person.setdefault(a.pk, set()).add(signing.pk)
        ZonePass.objects.bulk_create(zone_passes)
        # Badges for everyone approved with a printable photo.
        printable = [
            a
            for a in created
            if a.vetting == VettingState.APPROVED
            and a.photo_state in (PhotoState.APPROVED, PhotoState.EXEMPT)
            and a.category_id
        ]
        first = counter_next(SERIAL_COUNTER, count=len(printable) + 1) if printable else 0
        zone_cache = {c.pk: sorted(c.zones.all(), key=lambda z: (z.order, z.code)) for c in ordered}
        badges = []
        for i, a in enumerate(printable):
            valid_from, valid_until = validity_for(a.category)
            codes = [
                z.code
                for z in zone_cache[a.category_id]
                if not z.restricted or a.category.lapel_pin or z.pk in passes_by_person.get(a.pk, set())
            ]
            roll = rng.random()
            state = (
                BadgeState.APPROVED
                if roll < 0.35
                else (BadgeState.PRINTED if roll < 0.75 else BadgeState.COLLECTED)
            )
            printed_at = _at(rng, 21) if state != BadgeState.APPROVED else None
            badges.append(
                Badge(
                    accreditation=a,
                    serial=SERIAL_START + first + i,
                    category=a.category,
                    category_code=a.category.code,
                    zone_codes=codes,
                    valid_from=valid_from,
                    valid_until=valid_until,
                    state=state,
                    printed_at=printed_at,
                    collected_at=_at(rng, 23) if state == BadgeState.COLLECTED else None,
                )
            )
        Badge.objects.bulk_create(badges, batch_size=500)
        # Issued as security's approvals came in (auto_now_add stamps "now"; the demo replays October 2025).
        Badge.objects.filter(pk__in=[b.pk for b in badges]).update(issued_at=_at(rng, 20))
        # Collections: one receipt per delegation whose badges were collected.
        collected = Badge.objects.filter(
            state=BadgeState.COLLECTED, collection__isnull=True, accreditation__delegation__isnull=False
        )
        for delegation_id in sorted(set(collected.values_list("accreditation__delegation_id", flat=True))):
            delegation = Delegation.objects.get(pk=delegation_id)
            collection = BadgeCollection.objects.create(
                delegation=delegation,
                collected_by_name=f"Liaison officer of {delegation.name}",
                desk_officer=officer,
            )
            collected.filter(accreditation__delegation_id=delegation_id).update(collection=collection)
            BadgeCollection.objects.filter(pk=collection.pk).update(collected_at=_at(rng, 23))
        # One lost badge, revoked and reissued with a new serial.
        lost = (
            Badge.objects.filter(state=BadgeState.COLLECTED, accreditation__isnull=False)
            .order_by("pk")
            .first()
        )
        if lost is not None and not Badge.objects.filter(state=BadgeState.REVOKED).exists():
            lost.state = BadgeState.REVOKED
            lost.revoked_at = _at(rng, 24)
            lost.revoked_reason = RevocationReason.LOST
            lost.revoked_note = "Reported lost at the hotel."
            lost.revocation_version = counter_next(REVOCATION_COUNTER)
            lost.save()
            reissued = Badge.objects.create(
                accreditation=lost.accreditation,
                serial=SERIAL_START + counter_next(SERIAL_COUNTER),
                category=lost.category,
                category_code=lost.category_code,
                zone_codes=lost.zone_codes,
                valid_from=lost.valid_from,
                valid_until=lost.valid_until,
                state=BadgeState.PRINTED,
                printed_at=_at(rng, 24),
                replaces=lost,
            )
            Badge.objects.filter(pk=reissued.pk).update(issued_at=lost.revoked_at)
            entries.append(
                AuditEntry(
                    created_at=lost.revoked_at,
                    actor=officer,
                    actor_repr=str(officer) if officer else "system",
                    action="badge.revoked",
                    target_type=badge_type,
                    target_id=str(lost.pk),
                    target_repr=str(lost),
                    from_state=BadgeState.COLLECTED,
                    to_state=BadgeState.REVOKED,
                    data={"reason": "Lost or stolen", "serial": lost.serial},
                )
            )
        AuditEntry.objects.bulk_create(entries, batch_size=1000)
    signing_key_active()
    bump(NAMESPACE)
    total = Accreditation.objects.count()
    approved = Accreditation.objects.filter(vetting=VettingState.APPROVED).count()
    out.write(
        f"  accreditation: {total} people ({approved} approved, {len(media_rows)} new media), "
        f"{Badge.objects.count()} badges, {ZonePass.objects.count()} zone passes"
    )
