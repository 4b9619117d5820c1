"""Checks shared by every upload: the type read from the file's content, and its size."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from accounts.models import User

    from .models import UploadedDocument

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/webp", "image/gif"}


def sniff(upload: UploadedFile) -> str | None:
    """The MIME type the first bytes of the file announce (not its name or its header)."""
    import filetype

    upload.seek(0)
    kind = filetype.guess(upload.read(262))
    upload.seek(0)
    return kind.mime if kind else None


def check_document(upload: UploadedFile, field: str = "file") -> str:
    """Refuse anything but a PDF or an image of at most 10 MB; return its real type."""
    if (upload.size or 0) > MAX_UPLOAD_BYTES:
        raise ValidationError({field: [_("The file is larger than %(limit)s MB.") % {"limit": 10}]})
    content_type = sniff(upload)
    if content_type not in DOCUMENT_TYPES:
        raise ValidationError(
            {field: [_("Only PDF files and images (PNG, JPEG, WebP, GIF) can be attached.")]}
        )
    return content_type


def document_from_upload[D: UploadedDocument](
    model: type[D], *, upload: UploadedFile, title: str, by: User, **owner: object
) -> D:
    """A saved ``model`` (an UploadedDocument) for ``upload``, after the checks above."""
    content_type = check_document(upload)
    name = upload.name or ""
    document = model(
        file=upload,
        title=title.strip() or name,
        original_name=name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
        **owner,
    )
    document.full_clean()
    document.save()
    return document


def document_response(document: UploadedDocument) -> FileResponse:
    """Serve a document: PDFs as downloads, images inline, and nothing the browser may run."""
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=document.content_type == "application/pdf",
        filename=document.original_name,
    )
    response["Content-Security-Policy"] = "sandbox"
    return response
