"""Personal data of delegation members: how long each kind is kept, a person's export, anonymisation.

Retention (``settings.PRIVACY_RETENTION_DAYS``, days after the ceremony's last day, per kind):

- ``passport``: passport number and expiry (accreditation and the host's entry formalities need them);
- ``photo``: the badge photo (the file is deleted from storage);
- ``travel``: arrival and departure flights, times and airports, hotel;
- ``contact``: the person's e-mail and phone, dietary and accessibility needs.

Names, capacity, rank and nationality stay: they are the record of who attended and who signed (the treaty's
own record). ``privacy_purge(dry_run=True)`` says what would go and when; the daily beat task applies what is
due. A purge only blanks fields every page already handles when empty, so no page or report breaks."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hanoi_ceremony.audit.services import audit_record
from hanoi_ceremony.core.pagecache import bump
from hanoi_ceremony.core.selectors import ceremony_get
from hanoi_ceremony.core.uploads import files_delete_on_commit

from .enums import ListVisibility
from .models import Delegation, Member
from .services import mask_passport, may_see_passports

# kind -> {field: value once purged}
KINDS: dict[str, dict[str, object]] = {
    "passport": {"passport_number": "", "passport_expiry": None},
    "photo": {"photo": ""},
    "travel": {
        "arrival_flight": "",
        "arrival_at": None,
        "arrival_airport": "",
        "departure_flight": "",
        "departure_at": None,
        "departure_airport": "",
        "hotel": "",
    },
    "contact": {"email": "", "phone": "", "dietary_needs": "", "accessibility_needs": ""},
}
DEFAULT_RETENTION_DAYS = {"passport": 30, "photo": 30, "travel": 30, "contact": 180}


def retention_days() -> dict[str, int]:
    return {**DEFAULT_RETENTION_DAYS, **getattr(settings, "PRIVACY_RETENTION_DAYS", {})}


def _holding(kind: str):
    """Members that still hold data of this kind."""
    condition = Q()
    for name, empty in KINDS[kind].items():
        condition |= ~Q(**{f"{name}__isnull": True}) if empty is None else ~Q(**{name: empty})
    return Member.objects.filter(condition)


@dataclass
class KindPlan:
    kind: str
    days: int
    purge_on: datetime.date | None
    due: bool
    members: int


@dataclass
class PurgeReport:
    dry_run: bool
    today: datetime.date
    kinds: list[KindPlan] = field(default_factory=list)
    purged: dict[str, int] = field(default_factory=dict)


def privacy_purge(*, dry_run: bool = True, by=None, today: datetime.date | None = None) -> PurgeReport:
    """Blank every kind of personal data whose retention has ended (N days after the ceremony's last day).

    With ``dry_run`` nothing changes: the report says, per kind, the purge date and how many people still
    hold such data. Side effects (not dry run): Member rows blanked, photo files deleted on commit, one
    audit entry per delegation and kind, the delegation pages refreshed."""
    today = today or timezone.localdate()
    report = PurgeReport(dry_run=dry_run, today=today)
    ceremony = ceremony_get()
    last_day = getattr(ceremony, "last_day", None)
    for kind, days in retention_days().items():
        purge_on = last_day + datetime.timedelta(days=days) if last_day else None
        due = purge_on is not None and today >= purge_on
        report.kinds.append(KindPlan(kind, days, purge_on, due, _holding(kind).count()))
    if dry_run:
        return report
    for plan in report.kinds:
        if plan.due and plan.members:
            report.purged[plan.kind] = _purge_kind(plan.kind, by=by)
    return report


def _purge_kind(kind: str, *, by) -> int:
    blanks = KINDS[kind]
    total = 0
    with transaction.atomic():
        members = list(_holding(kind).select_for_update().order_by("delegation_id", "pk"))
        if kind == "photo":
            files_delete_on_commit(*[m.photo for m in members])
        per_delegation: dict[int, int] = {}
        for member in members:
            per_delegation[member.delegation_id] = per_delegation.get(member.delegation_id, 0) + 1
        Member.objects.filter(pk__in=[m.pk for m in members]).update(**blanks, updated_at=timezone.now())
        for delegation in Delegation.objects.filter(pk__in=per_delegation):
            audit_record(
                actor=by,
                action="member_data.purged",
                target=delegation,
                data={"kind": kind, "members": per_delegation[delegation.pk]},
            )
        total = len(members)
        if total:
            bump("delegations")
    return total


# --- A person's data --------------------------------------------------------------------------------------


def _plain(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "name") and hasattr(value, "storage"):  # a file
        return value.name or ""
    return value


def _row(obj) -> dict:
    return {
        f.name: _plain(getattr(obj, f.attname if f.is_relation else f.name))
        for f in obj._meta.concrete_fields
    }


def member_data_export(*, member: Member, by) -> dict:
    """Everything the product holds about one person: their record (the passport unmasked only for those who
    may see passports: the liaison's and accreditation officers' rule holds here too), every row elsewhere
    that names them (full powers, registrations, inscriptions, signing entries…) and the audit entries about
    them. Side effects: an audit entry (the export contains the full passport number)."""
    from hanoi_ceremony.audit.models import AuditEntry

    related = {}
    for rel in member._meta.related_objects:
        accessor = rel.get_accessor_name()
        if rel.one_to_one:
            obj = getattr(member, accessor, None) if hasattr(member, accessor) else None
            rows = [_row(obj)] if obj is not None else []
        else:
            rows = [_row(obj) for obj in getattr(member, accessor).all()]
        if rows:
            related[rel.related_model._meta.label] = rows
    history = [
        {"when": _plain(e.created_at), "action": e.action, "by": e.actor_repr, "data": e.data}
        for e in AuditEntry.objects.filter(
            Q(target_type__app_label="delegations", target_type__model="member", target_id=str(member.pk))
            | Q(data__member_id=member.pk)
        ).order_by("created_at", "pk")
    ]
    person = _row(member)
    unmasked = may_see_passports(by, member.delegation)
    if not unmasked:  # passports stay with the liaison and accreditation officers, export or not
        person["passport_number"] = mask_passport(member.passport_number)
    audit_record(
        actor=by,
        action="member.data_exported",
        target=member,
        data={"delegation_id": member.delegation_id, "passport_unmasked": unmasked},
    )
    return {
        "exported_at": timezone.now().isoformat(),
        "person": person,
        "delegation": str(member.delegation),
        "related": related,
        "history": history,
    }


ANONYMOUS = "Anonymised"


def member_anonymise(*, member: Member, by, reason: str) -> Member:
    """Erase a person on request: names replaced, every purgeable kind blanked, photo file deleted, kept off
    every list; what remains is their capacity, rank and delegation (the record of attendance). Earlier
    audit entries keep who did what but lose the person's name and the values they recorded.

    Side effects: the Member row; audit entries rewritten for this person; an audit entry (with the reason)."""
    from django.core.exceptions import ValidationError

    from hanoi_ceremony.audit.models import AuditEntry

    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why (the person's request, its date).")})
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        files_delete_on_commit(member.photo)
        for blanks in KINDS.values():
            for name, empty in blanks.items():
                setattr(member, name, empty)
        member.family_name = ANONYMOUS
        member.given_names = ""
        member.title = ""
        member.list_visibility = ListVisibility.NOBODY
        member.save()
        for entry in AuditEntry.objects.filter(data__member_id=member.pk):
            data = dict(entry.data)
            if "member" in data:
                data["member"] = ANONYMOUS
            if "changes" in data:
                data["changes"] = {k: ["…", "…"] for k in data["changes"]}
            entry.data = data
            entry.save(update_fields=["data"])
        AuditEntry.objects.filter(
            target_type__app_label="delegations", target_type__model="member", target_id=str(member.pk)
        ).update(target_repr=ANONYMOUS)
        audit_record(
            actor=by,
            action="member.anonymised",
            target=member,
            reason=reason.strip(),
            data={"delegation_id": member.delegation_id, "member_id": member.pk},
        )
        bump("delegations")
    return member
