"""Media accreditation (domain rule 8): a public application, approved by the accreditation officers.

A delegation's own press officers are accredited through their delegation, never as media: the passport
key is unique across both kinds, so a second accreditation is refused with a message on the field."""

from django.db import transaction
from django.utils.translation import gettext as _

from hanoi_ceremony.core.errors import Invalid
from hanoi_ceremony.core.pagecache import bump
from hanoi_ceremony.core.uploads import pdf_clean, photo_clean

from ..enums import AccreditationKind, PhotoState
from ..models import Accreditation, BadgeCategory, MediaApplication
from ._common import NAMESPACE, passport_key
from .vetting import _save_unique, passport_check

MEDIA_FIELDS = (
    "family_name",
    "given_names",
    "nationality",
    "passport_number",
    "passport_expiry",
    "email",
    "phone",
    "outlet",
    "outlet_country",
    "role",
    "press_card_number",
)


def media_apply(*, data: dict, assignment_letter, press_card, photo) -> Accreditation:
    """A journalist applies (no account needed). Files are checked and stored under server-chosen names.

    Refuses (400 on the field): a passport not valid after the ceremony, a passport already accredited
    (with a delegation or as media), missing documents. Side effects: audit entry; the application shows
    in the officers' queue as New."""
    errors = {}
    cleaned = {}
    for name, upload, clean in (
        ("assignment_letter", assignment_letter, pdf_clean),
        ("press_card", press_card, pdf_clean),
        ("photo", photo, photo_clean),
    ):
        if not upload:
            errors[name] = _("This document is required.")
            continue
        try:
            cleaned[name] = clean(upload)
        except Invalid as exc:
            errors[name] = exc.messages
    if errors:
        raise Invalid(errors)
    passport_check(expiry=data.get("passport_expiry"))
    key = passport_key(data.get("nationality", ""), data.get("passport_number", ""))
    if key is None:
        raise Invalid({"passport_number": _("Give the passport number.")})
    with transaction.atomic():
        application = MediaApplication(
            **{k: (data.get(k) or ("" if k != "passport_expiry" else None)) for k in MEDIA_FIELDS}
        )
        application.nationality = application.nationality.upper()
        application.outlet_country = application.outlet_country.upper()
        for name, content in cleaned.items():
            getattr(application, name).save(content.name, content, save=False)
        application.full_clean()
        application.save()
        accreditation = Accreditation(
            kind=AccreditationKind.MEDIA,
            media=application,
            passport_key=key,
            category=BadgeCategory.objects.filter(for_media=True).order_by("order", "code").first(),
            photo_state=PhotoState.PENDING,
        )
        _save_unique(accreditation, by=None, action="mediaapplication.submitted", created=True)
        bump(NAMESPACE)
    return accreditation
