"""Creating an association, its categories, and the documents it keeps (every version)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from quartier.association import chart
from quartier.association.actions.errors import AssociationError
from quartier.association.actions.ledger import financial_year_for, opening_spec, record_entry
from quartier.association.models import Association, Category, Document, DocumentVersion

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# What a statute or a receipt comes as; anything else (a web page, a program) is refused. Each
# type is checked by its first bytes too: a renamed file does not pass.
DOCUMENT_TYPES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".odt": (b"PK\x03\x04",),
    ".docx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
}


def ensure_categories(association: Association) -> None:
    """The plain-words categories every association starts with (kept if renamed or added)."""
    if association.categories.filter(purpose=Category.Purpose.DUES).exists():
        return
    existing = set(association.categories.values_list("label", flat=True))
    Category.objects.bulk_create(
        [
            Category(
                association=association,
                label=category.label,
                kind=category.kind,
                account=category.account,
                purpose=category.purpose,
            )
            for category in chart.DEFAULT_CATEGORIES
            if category.label not in existing
        ]
    )


@transaction.atomic
def create_association(
    *,
    opening_bank: int = 0,
    opening_cash: int = 0,
    opening_on: dt.date | None = None,
    recorded_by=None,
    **fields,
) -> Association:
    """A new association with its categories, and its first year opening on the money it
    already has (bank and cash), if any."""
    association = Association(**fields)
    association.full_clean()
    association.save()
    ensure_categories(association)
    if opening_bank or opening_cash:
        year = financial_year_for(association, opening_on or association.founded_on)
        spec = opening_spec(
            association,
            year,
            {chart.BANK: opening_bank, chart.CASH: opening_cash},
            recorded_by if getattr(recorded_by, "is_authenticated", False) else None,
        )
        if spec is not None:
            record_entry(spec)
    return association


def validate_upload(upload) -> str:
    """The upload's extension once its type is allowed and its content matches it."""
    extension = Path(upload.name or "").suffix.lower()
    if extension not in DOCUMENT_TYPES:
        raise AssociationError(
            _("Format non accepté. Déposez un PDF, une image (PNG, JPEG) ou un document texte."),
            field="file",
        )
    if upload.size > MAX_DOCUMENT_BYTES:
        raise AssociationError(_("Fichier trop lourd (10 Mo au plus)."), field="file")
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(DOCUMENT_TYPES[extension]):
        raise AssociationError(
            _("Ce fichier n'est pas un vrai %(type)s : il a peut-être été renommé.")
            % {"type": extension.lstrip(".").upper()},
            field="file",
        )
    return extension


@transaction.atomic
def add_version(
    document: Document,
    upload,
    *,
    note: str = "",
    adopted_on: dt.date | None = None,
    declared_on: dt.date | None = None,
    uploaded_by=None,
) -> DocumentVersion:
    validate_upload(upload)
    version = DocumentVersion(
        document=document,
        original_name=Path(upload.name).name[:200],
        note=note,
        adopted_on=adopted_on,
        declared_on=declared_on,
        uploaded_by=uploaded_by if getattr(uploaded_by, "is_authenticated", False) else None,
    )
    version.file.save(Path(upload.name).name, upload, save=False)
    version.save()
    return version


@transaction.atomic
def add_document(
    association: Association, *, kind: str, title: str, upload, uploaded_by=None, **version
) -> Document:
    document = Document.objects.create(association=association, kind=kind, title=title)
    add_version(document, upload, uploaded_by=uploaded_by, **version)
    return document


def content_type_of(version: DocumentVersion) -> str:
    return CONTENT_TYPES.get(Path(version.file.name).suffix.lower(), "application/octet-stream")
