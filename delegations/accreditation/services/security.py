"""The security service's file exchange: an export of the people to vet (passport fields included,
accreditation officers only, every download audited) and an import of their decisions (CSV, validated
row by row, previewed, then applied in one transaction with an audit entry per change)."""

import csv
import hashlib
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hanoi_ceremony.core.errors import Conflict, Invalid
from hanoi_ceremony.core.exports import Column

from ..enums import VETTING_MACHINE, VettingState
from ..models import Accreditation
from ._common import check_officer, passport_key
from .vetting import vetting_decide

V = VettingState
IMPORT_MAX_BYTES = 2 * 1024 * 1024
IMPORT_MAX_ROWS = 20000
# What the security service may write in the "decision" column.
DECISIONS = {
    "approved": V.APPROVED,
    "approve": V.APPROVED,
    "on_hold": V.ON_HOLD,
    "on hold": V.ON_HOLD,
    "hold": V.ON_HOLD,
    "rejected": V.REJECTED,
    "reject": V.REJECTED,
}


def reference_of(accreditation) -> str:
    return f"ACC-{accreditation.pk:06d}"


def _parse_reference(text: str) -> int | None:
    text = (text or "").strip().upper()
    if text.startswith("ACC-") and text[4:].isdigit():
        return int(text[4:])
    return None


def security_columns() -> list[Column]:
    def person(a):
        return a.person

    return [
        Column(gettext_lazy("reference"), reference_of),
        Column(gettext_lazy("kind"), lambda a: a.get_kind_display()),
        Column(
            gettext_lazy("delegation or media organisation"),
            lambda a: a.delegation.name if a.delegation_id else a.media.outlet,
        ),
        Column(gettext_lazy("family name"), lambda a: person(a).family_name),
        Column(gettext_lazy("given names"), lambda a: person(a).given_names),
        Column(gettext_lazy("nationality"), lambda a: person(a).nationality),
        Column(gettext_lazy("passport number"), lambda a: person(a).passport_number),
        Column(gettext_lazy("passport expiry"), lambda a: person(a).passport_expiry),
        Column(gettext_lazy("badge category"), lambda a: a.category.name if a.category_id else ""),
        Column(gettext_lazy("vetting state"), "vetting"),
        Column(gettext_lazy("decision"), lambda a: ""),
        Column(gettext_lazy("note"), lambda a: ""),
    ]


def security_export_rows():
    """Everyone awaiting security's decision or decided, with their passport fields (pre-approved first)."""
    return (
        Accreditation.objects.exclude(vetting=V.NEW)
        .select_related("member", "media", "delegation", "category")
        .order_by("vetting", "pk")
    )


@dataclass
class ImportRow:
    line: int
    reference: str
    decision: str
    note: str
    accreditation: Accreditation | None = None
    to: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def unchanged(self) -> bool:
        return self.ok and self.accreditation is not None and self.accreditation.vetting == self.to


@dataclass
class ImportPreview:
    digest: str
    rows: list[ImportRow]
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and all(r.ok for r in self.rows)

    @property
    def changes(self) -> list[ImportRow]:
        return [r for r in self.rows if r.ok and not r.unchanged]


def _header_key(name: str) -> str:
    return (name or "").strip().lstrip("\ufeff").lower().replace("_", " ")


def security_import_preview(*, content: bytes, by) -> ImportPreview:
    """Validate every row of a decisions file without changing anything.

    Columns (header row, any order, others ignored): reference, decision (approved / on hold / rejected),
    note (required for on hold and rejected), passport number (optional: when given it must match)."""
    check_officer(by)
    digest = hashlib.sha256(content).hexdigest()
    if len(content) > IMPORT_MAX_BYTES:
        return ImportPreview(digest, [], [_("The file is larger than 2 MB.")])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ImportPreview(digest, [], [_("The file is not UTF-8 text: save it as CSV (UTF-8).")])
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = [_header_key(h) for h in next(reader)]
    except (StopIteration, csv.Error):
        return ImportPreview(digest, [], [_("The file is empty.")])
    missing = [name for name in ("reference", "decision") if name not in header]
    if missing:
        return ImportPreview(
            digest, [], [_("The header row lacks the column(s): %(names)s.") % {"names": ", ".join(missing)}]
        )
    index = {
        name: header.index(name)
        for name in ("reference", "decision", "note", "passport number")
        if name in header
    }
    raw_rows = []
    try:
        for line, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            if len(raw_rows) >= IMPORT_MAX_ROWS:
                return ImportPreview(digest, [], [_("The file has more than 20,000 rows.")])
            raw_rows.append((line, values))
    except csv.Error as exc:
        return ImportPreview(digest, [], [_("The file is not valid CSV: %(error)s") % {"error": exc}])

    def cell(values, name):
        i = index.get(name)
        return values[i].strip() if i is not None and i < len(values) else ""

    rows = [
        ImportRow(
            line=line, reference=cell(v, "reference"), decision=cell(v, "decision"), note=cell(v, "note")
        )
        for line, v in raw_rows
    ]
    passports = {r.line: cell(v, "passport number") for r, (_line, v) in zip(rows, raw_rows, strict=True)}
    ids = {i for i in (_parse_reference(r.reference) for r in rows) if i is not None}
    known = Accreditation.objects.select_related("member", "media").in_bulk(ids)
    seen: dict[int, int] = {}
    for row in rows:
        pk = _parse_reference(row.reference)
        if pk is None:
            row.errors.append(_("“%(ref)s” is not a reference like ACC-000123.") % {"ref": row.reference})
            continue
        row.accreditation = known.get(pk)
        if row.accreditation is None:
            row.errors.append(_("No person has the reference %(ref)s.") % {"ref": row.reference})
            continue
        if pk in seen:
            row.errors.append(
                _("%(ref)s is also on line %(line)s.") % {"ref": row.reference, "line": seen[pk]}
            )
        seen[pk] = row.line
        passport = passports[row.line]
        if (
            passport
            and passport_key(row.accreditation.person.nationality, passport) != row.accreditation.passport_key
        ):
            row.errors.append(_("The passport number does not match the person with this reference."))
        row.to = DECISIONS.get(row.decision.lower(), "")
        if not row.to:
            row.errors.append(
                _("“%(decision)s” is not a decision: write approved, on hold or rejected.")
                % {"decision": row.decision}
            )
            continue
        if row.to in (V.ON_HOLD, V.REJECTED) and not row.note:
            row.errors.append(_("A note is needed for on hold and rejected."))
        current = row.accreditation.vetting
        if current != row.to and not VETTING_MACHINE.allows(current, row.to):
            row.errors.append(
                _("This person is %(state)s: security's decision cannot make them %(target)s.")
                % {
                    "state": VETTING_MACHINE.label(current).lower(),
                    "target": VETTING_MACHINE.label(row.to).lower(),
                }
            )
    if not rows:
        return ImportPreview(digest, [], [_("The file has no rows below its header.")])
    return ImportPreview(digest, rows)


def security_import_apply(*, content: bytes, digest: str, by) -> int:
    """Apply a previewed decisions file: every row or none. `digest` is the previewed file's SHA-256 (the
    file must not have changed since the preview); each row is re-validated under lock.

    Side effects: one audit entry per changed person ("accreditation.imported"), badges issued or
    revoked accordingly."""
    check_officer(by)
    preview = security_import_preview(content=content, by=by)
    if preview.digest != digest:
        raise Conflict(_("The file changed since its preview: preview it again."))
    if not preview.ok:
        raise Invalid(_("The file has errors: nothing was applied. Correct it and preview again."))
    with transaction.atomic():
        for row in preview.changes:
            vetting_decide(
                accreditation=row.accreditation,
                to=row.to,
                by=by,
                reason=row.note,
                expected=row.accreditation.vetting,
                action="accreditation.imported",
            )
    return len(preview.changes)
