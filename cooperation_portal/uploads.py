"""Checks shared by every upload: the type read from the file's content, and its size; images
decoded and copied at smaller sizes with Pillow; the first page of a PDF as a picture."""

from __future__ import annotations

import io
import logging
import resource
import shutil
import subprocess
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from accounts.models import User

    from .models import UploadedDocument

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
IMAGE_TYPES = {"image/png", "image/jpeg", "image/webp", "image/gif"}
DOCUMENT_TYPES = {"application/pdf", *IMAGE_TYPES}
#: An image larger than this is refused before it is decoded: a small file can unpack into
#: gigabytes of pixels (a "decompression bomb").
MAX_IMAGE_PIXELS = 40_000_000


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


# --- Images --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedImage:
    content_type: str
    width: int
    height: int


def check_image(upload: UploadedFile, field: str = "file") -> CheckedImage:
    """Refuse anything but a PNG, JPEG, WebP or GIF image of at most 10 MB and 40 megapixels
    that Pillow can decode whole; return its real type and size."""
    from PIL import Image, UnidentifiedImageError

    if (upload.size or 0) > MAX_UPLOAD_BYTES:
        raise ValidationError({field: [_("The file is larger than %(limit)s MB.") % {"limit": 10}]})
    content_type = sniff(upload)
    if content_type not in IMAGE_TYPES:
        raise ValidationError({field: [_("Only images (PNG, JPEG, WebP, GIF) can be used here.")]})
    unreadable = ValidationError({field: [_("The image cannot be read: the file is damaged.")]})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise ValidationError(
                        {field: [_("The image is too large: at most 40 megapixels.")]}
                    )
                image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise unreadable from None
    except Image.DecompressionBombWarning:
        raise ValidationError(
            {field: [_("The image is too large: at most 40 megapixels.")]}
        ) from None
    finally:
        upload.seek(0)
    return CheckedImage(content_type=content_type, width=width, height=height)


def resized_copy(upload: UploadedFile, *, longest_side: int) -> bytes:
    """The image turned upright (by its EXIF orientation), at most ``longest_side`` pixels on
    its longest side, as WebP without the original's metadata (a photo's place, its camera)."""
    from PIL import Image, ImageOps

    upload.seek(0)
    with Image.open(upload) as source:
        image = ImageOps.exif_transpose(source)
        image.thumbnail((longest_side, longest_side), Image.Resampling.LANCZOS)
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "transparency" in image.info else "RGB")
        out = io.BytesIO()
        image.save(out, format="WEBP", quality=82, method=4)
    upload.seek(0)
    return out.getvalue()


# --- PDF previews --------------------------------------------------------------------------

#: pdftoppm (poppler-utils) draws the page; a hostile PDF gets this much time and memory.
PDFTOPPM = "pdftoppm"
PREVIEW_SECONDS = 30
PREVIEW_MEMORY_BYTES = 512 * 1024 * 1024


def _limit_child() -> None:  # pragma: no cover - runs in the child process
    resource.setrlimit(resource.RLIMIT_AS, (PREVIEW_MEMORY_BYTES, PREVIEW_MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (PREVIEW_SECONDS, PREVIEW_SECONDS))


def pdf_first_page_png(pdf: bytes, *, longest_side: int = 800) -> bytes | None:
    """The first page of a PDF as a PNG at most ``longest_side`` pixels on its longest side,
    drawn by poppler's ``pdftoppm`` in a child process with limited time and memory; None
    when the PDF cannot be drawn (damaged, encrypted, too costly) or poppler is missing."""
    executable = shutil.which(PDFTOPPM)
    if executable is None:
        log.warning("pdftoppm (poppler-utils) is not installed: no PDF previews")
        return None
    with tempfile.TemporaryDirectory(prefix="preview-") as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        target = Path(folder) / "page"
        try:
            subprocess.run(  # noqa: S603 - a fixed executable, arguments we build
                [
                    executable,
                    "-png",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    "-scale-to",
                    str(longest_side),
                    str(source),
                    str(target),
                ],
                check=True,
                capture_output=True,
                timeout=PREVIEW_SECONDS,
                preexec_fn=_limit_child,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            log.info("No preview for a PDF: %s", error)
            return None
        page = target.with_suffix(".png")
        return page.read_bytes() if page.exists() else None
