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
        application.language = _applicant_language()
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


def _applicant_language() -> str:
    from django.conf import settings
    from django.utils import translation

    language = (translation.get_language() or "").split("-")[0]
    return language if language in {code for code, _name in settings.LANGUAGES} else ""


# --- A journalist replaces a rejected photo (no account: a signed link in the rejection e-mail) ----------

PHOTO_LINK_SALT = "accreditation.media-photo"
PHOTO_LINK_DAYS = 30


def media_photo_link(accreditation: Accreditation) -> str:
    """The path of the page where the journalist sends a new photo: signed (no account), valid
    PHOTO_LINK_DAYS days, for this accreditation only."""
    from django.core import signing
    from django.urls import reverse

    token = signing.dumps({"a": accreditation.pk}, salt=PHOTO_LINK_SALT, compress=True)
    return reverse("accreditation:media_photo", args=[token])


def media_from_photo_link(token: str) -> Accreditation:
    """The accreditation a photo link names. Refused (400): altered, expired, or not a media one."""
    from django.core import signing

    try:
        payload = signing.loads(token, salt=PHOTO_LINK_SALT, max_age=PHOTO_LINK_DAYS * 86400)
    except signing.SignatureExpired:
        raise Invalid(
            _("This link has expired: write to the accreditation officers for a new one.")
        ) from None
    except signing.BadSignature:
        raise Invalid(_("This link is not valid. Use the link of the latest e-mail you received.")) from None
    accreditation = (
        Accreditation.objects.select_related("media")
        .filter(pk=payload.get("a") if isinstance(payload, dict) else None, kind=AccreditationKind.MEDIA)
        .first()
    )
    if accreditation is None:
        raise Invalid(_("This link is not valid. Use the link of the latest e-mail you received."))
    return accreditation


def media_photo_replace(*, accreditation: Accreditation, photo) -> Accreditation:
    """The journalist sends a new photo after a rejection: it goes back to the officers for review.
    Refused: no photo or a bad file (400 on the field); the photo is not (or no longer) rejected (409).
    Side effects: audit entry ("photo replaced"); the old file is deleted on commit."""
    from hanoi_ceremony.core.errors import Conflict
    from hanoi_ceremony.core.transitions import transition
    from hanoi_ceremony.core.uploads import files_delete_on_commit

    from ..enums import PHOTO_MACHINE

    if not photo:
        raise Invalid({"photo": _("Choose a photo to send.")})
    from django.core.exceptions import ValidationError

    try:
        cleaned = photo_clean(photo)
    except ValidationError as exc:
        raise Invalid({"photo": exc.messages}) from None
    with transaction.atomic():
        accreditation = (
            Accreditation.objects.select_for_update(of=("self",))
            .select_related("media")
            .get(pk=accreditation.pk)
        )
        if accreditation.photo_state != PhotoState.REJECTED:
            raise Conflict(
                _("Your photo is not waiting for a replacement: there is nothing to send."), code="stale"
            )
        application = MediaApplication.objects.select_for_update().get(pk=accreditation.media_id)
        files_delete_on_commit(application.photo)  # the rejected file goes once this commits
        application.photo.save(cleaned.name, cleaned, save=False)
        application.save(update_fields=["photo"])
        accreditation.photo_reason = ""
        transition(
            accreditation,
            machine=PHOTO_MACHINE,
            to=PhotoState.PENDING,
            by=None,
            action="accreditation.photo_replaced",
            fields=("photo_reason",),
        )
        bump(NAMESPACE)
    return accreditation
