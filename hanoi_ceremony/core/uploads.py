"""A file a user uploads is never served as they named it.

- Stored under a name the server chooses (a random token and the extension of the type the server found
  in the content), never the uploader's name or extension.
- Photos are decoded and re-encoded as JPEG (which drops EXIF/GPS metadata and anything hidden after the
  image); truncated images are refused; the multi-picture JPEGs phones write (MPO) are accepted (first
  frame).
- PDFs must start with the PDF signature and end with an EOF marker.
- Served with the content type the server determined, ``Content-Disposition`` and ``nosniff``
  (``protected_file_response``).
"""

import contextlib
import io
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_SIDE = 1600
PHOTO_MIN_SIDE = 200
PDF_MAX_BYTES = 10 * 1024 * 1024


def server_name(extension: str) -> str:
    return f"{secrets.token_urlsafe(18)}.{extension}"


def _read_within(upload, max_bytes: int, too_large: str) -> bytes:
    """The upload's bytes, refused (`too_large`, with its size and the limit) when over `max_bytes`."""
    if upload.size and upload.size > max_bytes:
        raise ValidationError(
            too_large,
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
    upload.seek(0)
    return upload.read()


def photo_clean(upload, *, max_bytes: int = PHOTO_MAX_BYTES) -> ContentFile:
    """Decode, check and re-encode an uploaded photo. Returns a ContentFile named by the server (.jpg)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    raw = _read_within(upload, max_bytes, _("The photo is too large (%(size)s); the limit is %(limit)s."))
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            kind = probe.format
            probe.verify()
        if kind not in ("JPEG", "MPO", "PNG"):
            raise ValidationError(_("Upload the photo as a JPEG or PNG image."), code="type")
        with Image.open(io.BytesIO(raw)) as image:
            image.load()  # refuses truncated data (ImageFile.LOAD_TRUNCATED_IMAGES stays False)
            image.seek(0)
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("This file is not a readable JPEG or PNG image."), code="invalid") from None
    if min(image.size) < PHOTO_MIN_SIDE:
        raise ValidationError(
            _("The photo is %(width)s×%(height)s pixels; each side must be at least %(min)s pixels."),
            code="too_small",
            params={"width": image.size[0], "height": image.size[1], "min": PHOTO_MIN_SIDE},
        )
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=88, optimize=True)  # no exif= argument: metadata is dropped
    return ContentFile(out.getvalue(), name=server_name("jpg"))


def pdf_clean(upload, *, max_bytes: int = PDF_MAX_BYTES) -> ContentFile:
    """Check an uploaded PDF. Returns a ContentFile named by the server (.pdf)."""
    raw = _read_within(upload, max_bytes, _("The file is too large (%(size)s); the limit is %(limit)s."))
    if not raw.startswith(b"%PDF-") or b"%%EOF" not in raw[-2048:]:
        raise ValidationError(_("Upload the document as a PDF file."), code="type")
    return ContentFile(raw, name=server_name("pdf"))


_ZIP_KINDS = {"docx", "xlsx", "pptx", "odt", "ods"}
_TEXT_KINDS = {"txt", "csv"}


def attachment_clean(upload, *, allowed: tuple[str, ...], max_bytes: int = PDF_MAX_BYTES) -> ContentFile:
    """An attachment of one of the `allowed` kinds (by extension), whose content must be of that kind
    (PDF signature, PNG/JPEG signature, a ZIP container for office files, text without NUL bytes for
    txt/csv). Returns a ContentFile named by the server with the kind's extension."""
    import os

    extension = os.path.splitext(getattr(upload, "name", "") or "")[1].lower().lstrip(".")
    if extension == "jpeg":
        extension = "jpg"
    if extension not in allowed and not (extension == "jpg" and "jpeg" in allowed):
        raise ValidationError(
            _("Files of type “%(ext)s” are not accepted. Use one of: %(allowed)s."),
            code="type",
            params={"ext": extension or "?", "allowed": ", ".join(allowed)},
        )
    raw = _read_within(upload, max_bytes, _("The file is too large (%(size)s); the limit is %(limit)s."))
    upload.seek(0)
    if extension == "pdf":
        matches = raw.startswith(b"%PDF")
    elif extension == "png":
        matches = raw.startswith(b"\x89PNG\r\n\x1a\n")
    elif extension == "jpg":
        matches = raw.startswith(b"\xff\xd8\xff")
    elif extension in _ZIP_KINDS:
        matches = raw.startswith(b"PK\x03\x04")
    elif extension in _TEXT_KINDS:
        matches = b"\x00" not in raw
    else:
        matches = False
    if not matches:
        raise ValidationError(
            _("This file's content is not what its name says (%(ext)s)."),
            code="mismatch",
            params={"ext": extension},
        )
    return ContentFile(raw, name=server_name(extension))


def file_delete_quietly(field_file) -> None:
    """Remove a replaced file from storage (on commit, so a rolled-back change keeps it)."""
    if field_file and getattr(field_file, "name", ""):
        with contextlib.suppress(OSError):
            field_file.storage.delete(field_file.name)


def files_delete_on_commit(*field_files) -> None:
    """Remove replaced or orphaned uploads from storage once the surrounding transaction commits (a
    rolled-back change keeps them). Call it inside the service's ``transaction.atomic``."""
    from django.db import transaction

    doomed = [(f.storage, f.name) for f in field_files if f and getattr(f, "name", "")]

    def delete() -> None:
        for storage, name in doomed:
            with contextlib.suppress(OSError):
                storage.delete(name)

    if doomed:
        transaction.on_commit(delete)


CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
INLINE_TYPES = {"image/jpeg", "image/png", "application/pdf"}


def download_name(original: str, *, extension: str, fallback: str = "document") -> str:
    """A name to offer in ``Content-Disposition``: the uploader's stem (letters, digits, ``-_.`` and
    spaces only) with the extension of the type the server stored, never the uploader's extension."""
    import os
    import re

    stem = os.path.splitext(os.path.basename(original or ""))[0]
    stem = re.sub(r"[^\w\- .]", "_", stem).strip(" .")[:80] or fallback
    return f"{stem}.{extension}"


def protected_file_response(field_file, *, download_name: str, inline: bool = True) -> FileResponse:
    """Serve a stored upload with the type the server chose, never the one its name suggests."""
    extension = field_file.name.rsplit(".", 1)[-1].lower() if "." in field_file.name else ""
    content_type = CONTENT_TYPES.get(extension, "application/octet-stream")
    if content_type not in INLINE_TYPES:
        inline = False
    response = FileResponse(
        field_file.open("rb"), content_type=content_type, as_attachment=not inline, filename=download_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
