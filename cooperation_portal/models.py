import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def document_path(instance: "UploadedDocument", filename: str) -> str:
    # The stored name is random: the original name is kept in the row, never trusted as a path.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"{instance.storage_folder}/{uuid.uuid4().hex}{suffix}"


def derived_path(instance: "UploadedDocument", filename: str) -> str:
    """Where a file made from an upload (a thumbnail, a preview) is stored: beside it."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"{instance.storage_folder}/derived/{uuid.uuid4().hex}{suffix}"


class WebLink(models.Model):
    """A link someone added as a source or as evidence: the text to show and the address."""

    title = models.CharField(_("link text"), max_length=200)
    url = models.URLField(_("address"), max_length=500)

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class UploadedDocument(models.Model):
    """A PDF or an image someone uploaded: its type read from the content, its size, who and
    when. Served through views that check who may see it, never straight from MEDIA_URL."""

    storage_folder = "documents"

    file = models.FileField(_("file"), upload_to=document_path)
    title = models.CharField(_("title"), max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def type_label(self) -> str:
        """The type as people name it (``PDF``, ``PNG image``), not as a MIME type."""
        labels = {
            "application/pdf": _("PDF"),
            "image/png": _("PNG image"),
            "image/jpeg": _("JPEG image"),
            "image/webp": _("WebP image"),
            "image/gif": _("GIF image"),
        }
        return str(labels.get(self.content_type, _("File")))

    @property
    def type_icon(self) -> str:
        """The static path of the type's icon."""
        if self.content_type.startswith("image/"):
            return "img/file-image.svg"
        return "img/file-pdf.svg"
