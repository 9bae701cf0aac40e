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
from django.utils.translation import gettext as _

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_SIDE = 1600
PHOTO_MIN_SIDE = 200
PDF_MAX_BYTES = 10 * 1024 * 1024


def server_name(extension: str) -> str:
    return f"{secrets.token_urlsafe(18)}.{extension}"


def photo_clean(upload, *, max_bytes: int = PHOTO_MAX_BYTES) -> ContentFile:
    """Decode, check and re-encode an uploaded photo. Returns a ContentFile named by the server (.jpg)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if upload.size and upload.size > max_bytes:
        raise ValidationError(_("The photo is larger than 5 MB."), code="too_large")
    upload.seek(0)
    raw = upload.read()
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
        raise ValidationError(
            _("This file is not a complete JPEG or PNG image. Upload the photo again."), code="invalid"
        ) from None
    if min(image.size) < PHOTO_MIN_SIDE:
        raise ValidationError(
            _("The photo is too small: it needs at least %(px)s pixels on each side."),
            code="too_small",
            params={"px": PHOTO_MIN_SIDE},
        )
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=88, optimize=True)  # no exif= argument: metadata is dropped
    return ContentFile(out.getvalue(), name=server_name("jpg"))


def pdf_clean(upload, *, max_bytes: int = PDF_MAX_BYTES) -> ContentFile:
    """Check an uploaded PDF. Returns a ContentFile named by the server (.pdf)."""
    if upload.size and upload.size > max_bytes:
        raise ValidationError(_("The document is larger than 10 MB."), code="too_large")
    upload.seek(0)
    raw = upload.read()
    if not raw.startswith(b"%PDF-") or b"%%EOF" not in raw[-2048:]:
        raise ValidationError(_("Upload the document as a PDF file."), code="type")
    return ContentFile(raw, name=server_name("pdf"))


def file_delete_quietly(field_file) -> None:
    """Remove a replaced file from storage (on commit, so a rolled-back change keeps it)."""
    if field_file and getattr(field_file, "name", ""):
        with contextlib.suppress(OSError):
            field_file.storage.delete(field_file.name)


CONTENT_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}


def protected_file_response(field_file, *, download_name: str, inline: bool = True) -> FileResponse:
    """Serve a stored upload with the type the server chose, never the one its name suggests."""
    extension = field_file.name.rsplit(".", 1)[-1].lower() if "." in field_file.name else ""
    content_type = CONTENT_TYPES.get(extension, "application/octet-stream")
    if content_type == "application/octet-stream":
        inline = False
    response = FileResponse(
        field_file.open("rb"), content_type=content_type, as_attachment=not inline, filename=download_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
