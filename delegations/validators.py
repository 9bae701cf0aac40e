"""Checks for uploaded files, used by forms (message next to the field) and services alike.

Both go through ``hanoi_ceremony.core.uploads``: a photo is decoded completely and re-encoded (truncated
files refused, the multi-picture JPEGs phones write accepted, EXIF/GPS dropped), a PDF is checked by its own
signature and end marker, and what is stored gets a name the server chose."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hanoi_ceremony.core.uploads import PDF_MAX_BYTES, PHOTO_MAX_BYTES, pdf_clean, photo_clean

__all__ = ["PDF_MAX_BYTES", "PHOTO_MAX_BYTES", "clean_pdf", "clean_photo", "validate_pdf", "validate_photo"]

PDF_CONTENT_TYPES = {"application/pdf", "application/x-pdf", "application/octet-stream", ""}


def clean_photo(upload):
    """The re-encoded JPEG to store (a ContentFile with a server-chosen name); ValidationError if unusable."""
    try:
        return photo_clean(upload)
    finally:
        upload.seek(0)


def clean_pdf(upload):
    """The PDF to store (a ContentFile with a server-chosen name); ValidationError if it is not a PDF."""
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="pdf_empty")
    content_type = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if content_type not in PDF_CONTENT_TYPES:
        raise ValidationError(_("Only PDF files are accepted."), code="pdf_type")
    try:
        return pdf_clean(upload)
    except ValidationError as exc:
        if exc.code == "type":
            raise ValidationError(_("Only PDF files are accepted."), code="pdf_type") from None
        raise
    finally:
        upload.seek(0)


def validate_photo(upload) -> None:
    clean_photo(upload)


def validate_pdf(upload) -> None:
    clean_pdf(upload)
