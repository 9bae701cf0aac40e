"""Checks for uploaded files: badge photos (real images within size and dimension limits) and PDF
documents (content type, magic bytes and size). Used by forms (message next to the field) and services."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MIN_SIDE = 200
PHOTO_MAX_SIDE = 6000
PHOTO_FORMATS = {"JPEG", "PNG"}
PDF_MAX_BYTES = 10 * 1024 * 1024
PDF_CONTENT_TYPES = {"application/pdf", "application/x-pdf"}


def validate_photo(upload) -> None:
    """A JPEG or PNG badge photo, at most 5 MB, each side between 200 and 6000 pixels."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is too large (%(size)s); the limit is %(limit)s."),
            code="photo_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(PHOTO_MAX_BYTES)},
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not a readable JPEG or PNG image."), code="photo_invalid"
        ) from None
    finally:
        upload.seek(0)
    if image_format not in PHOTO_FORMATS:
        raise ValidationError(_("Upload the photo as a JPEG or PNG image."), code="photo_format")
    if min(width, height) < PHOTO_MIN_SIDE or max(width, height) > PHOTO_MAX_SIDE:
        raise ValidationError(
            _(
                "The photo is %(width)s×%(height)s pixels; each side must be between %(min)s and %(max)s pixels."
            ),
            code="photo_dimensions",
            params={"width": width, "height": height, "min": PHOTO_MIN_SIDE, "max": PHOTO_MAX_SIDE},
        )


def validate_pdf(upload) -> None:
    """A PDF (declared content type and the file's own %PDF signature), at most 10 MB, not empty."""
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="pdf_empty")
    if upload.size > PDF_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="pdf_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(PDF_MAX_BYTES)},
        )
    content_type = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if content_type not in PDF_CONTENT_TYPES or head != b"%PDF-":
        raise ValidationError(_("Only PDF files are accepted."), code="pdf_type")
