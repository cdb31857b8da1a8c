"""Every URL of the project, requested by every role and anonymously, answers what the access
table in docs/security.md says. A URL without a row in that table fails this test, so a new
page cannot ship without someone deciding who may open it."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from quartier.people.models import User
from quartier.testing.demo import load_demo

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

SECURITY_DOC = Path(
    os.environ.get(
        "QUARTIER_SECURITY_DOC", Path(__file__).resolve().parents[2] / "docs" / "security.md"
    )
)
ROLES = {
    "anonymous": None,
    "resident": "habitant",
    "volunteer": "benevole",
    "professional": "claire",
    "administrator": "admin",
}
# Namespaces that are not ours to police row by row: Django's admin has its own staff check.
EXTERNAL_NAMESPACES = {"admin"}


def url_names() -> set[str]:
    """Every named URL pattern of the project, as 'namespace:name'."""
    names: set[str] = set()

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                namespace = pattern.namespace
                if namespace in EXTERNAL_NAMESPACES:
                    continue
                walk(pattern.url_patterns, f"{prefix}{namespace}:" if namespace else prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(prefix + pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def access_table() -> dict[str, dict[str, str]]:
    """Rows of the table between the url-access markers of docs/security.md."""
    text = SECURITY_DOC.read_text(encoding="utf-8")
    block = re.search(r"<!-- url-access:start -->(.*?)<!-- url-access:end -->", text, re.S)
    assert block, "docs/security.md has no url-access table"
    lines = [line for line in block.group(1).splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    table = {}
    for line in lines[2:]:
        cells = [cell.strip().strip("`") for cell in line.strip("|").split("|")]
        row = dict(zip(header, cells, strict=True))
        table[row["URL name"]] = row
    return table


def _pk(model_path: str, **filters) -> int:
    from django.apps import apps

    obj = apps.get_model(model_path).objects.filter(**filters).order_by("pk").first()
    assert obj is not None, f"the demo holds no {model_path} {filters}"
    return obj.pk


def _by_pk(model_path: str, **filters) -> Callable[[User | None], dict]:
    return lambda user: {"pk": _pk(model_path, **filters)}


def _attendance(user: User | None) -> dict:
    from quartier.gatherings.models import Attendance

    attendance = Attendance.objects.order_by("pk").first()
    return {"pk": attendance.gathering_id, "attendance_pk": attendance.pk}


def _contribution(user: User | None) -> dict:
    from quartier.consultation.models import Contribution

    contribution = Contribution.objects.order_by("pk").first()
    return {"pk": contribution.consultation_id, "contribution_pk": contribution.pk}


def _import_draft(user: User | None) -> dict:
    """A draft belongs to whoever uploaded it: each role probes a draft of its own."""
    from quartier.consultation.models import Consultation, ImportDraft

    consultation = Consultation.objects.order_by("pk").first()
    owner = user or User.objects.get(username="admin")
    draft = ImportDraft.objects.create(
        consultation=consultation, created_by=owner, filename="a.csv", header=["texte"], rows=[]
    )
    return {"pk": consultation.pk, "draft": draft.pk}


def _consultation_theme(user: User | None) -> dict:
    from quartier.consultation.models import Theme

    theme = Theme.objects.order_by("pk").first()
    return {"pk": theme.consultation_id, "theme_pk": theme.pk}


def _theme_proposal(user: User | None) -> dict:
    """A re-run's suggestion to accept (or not): each role probes a fresh one."""
    from quartier.consultation.models import GroupingRun, ThemeProposal

    run = GroupingRun.objects.order_by("pk").first()
    proposal = ThemeProposal.objects.create(
        consultation=run.consultation, run=run, kind="rename", label="Autre intitulé"
    )
    return {"pk": run.consultation_id, "proposal_pk": proposal.pk}


def _published_restitution(user: User | None) -> dict:
    """Residents read a restitution once the team has published it (the demo's is)."""
    from quartier.consultation.models import Consultation

    consultation = Consultation.objects.order_by("pk").first()
    Consultation.objects.filter(pk=consultation.pk).update(restitution_published=True)
    return {"pk": consultation.pk}


def _membership(user: User | None) -> dict:
    from quartier.groups.models import Membership

    membership = Membership.objects.order_by("pk").first()
    return {"pk": membership.group_id, "membership_pk": membership.pk}


def _consent(user: User | None) -> dict:
    from quartier.people.models import Consent

    consent = Consent.objects.order_by("pk").first()
    return {"pk": consent.person_id, "consent_pk": consent.pk}


def _document(user: User | None) -> dict:
    from django.core.files.base import ContentFile

    from quartier.groups.models import Proposal, ProposalDocument

    document = ProposalDocument.objects.order_by("pk").first()
    if document is None:
        document = ProposalDocument(proposal=Proposal.objects.order_by("pk").first(), title="Note")
        document.file.save("note.txt", ContentFile(b"note"), save=True)
    return {"pk": document.pk}


def _theme(user: User | None) -> dict:
    """The demo may hold no theme yet: probe one on the first consultation."""
    from quartier.consultation.models import Consultation, Theme

    theme = Theme.objects.order_by("pk").first()
    if theme is None:
        consultation = Consultation.objects.order_by("pk").first()
        theme = Theme.objects.create(consultation=consultation, label="Les jeunes")
    return {"pk": theme.pk}


def _diagnosis_draft(user: User | None) -> dict:
    """An import draft belongs to whoever uploaded it: each role probes a draft of its own."""
    from quartier.diagnosis.models import ImportDraft
    from quartier.people.models import Territory

    owner = user or User.objects.get(username="admin")
    draft = ImportDraft.objects.create(
        territory=Territory.objects.order_by("pk").first(),
        title="Essai",
        file_name="a.csv",
        data=b"CODGEO;P18_POP\n18001;1\n",
        created_by=owner,
    )
    return {"draft": draft.pk}


def _activity_toggle(user: User | None) -> dict:
    from quartier.people.models import Person

    return {
        "pk": _pk("activities.ActivitySession"),
        "person_pk": Person.objects.filter(kind="resident").order_by("pk").first().pk,
    }


def _association_document(user: User | None) -> dict:
    """A statute with one version: the demo keeps no file, each probe gets its own."""
    from django.core.files.base import ContentFile

    from quartier.association.models import Association, Document, DocumentVersion

    document = Document.objects.create(
        association=Association.objects.order_by("pk").first(), kind="statutes", title="Statuts"
    )
    version = DocumentVersion(document=document, original_name="statuts.pdf")
    version.file.save("statuts.pdf", ContentFile(b"%PDF-1.4 statuts"), save=True)
    return {"pk": version.pk}


def _association_document_page(user: User | None) -> dict:
    from quartier.association.models import DocumentVersion

    version = _association_document(user)
    return {"pk": DocumentVersion.objects.get(pk=version["pk"]).document_id}


def _own_member(user: User | None) -> dict:
    """The demo resident's own membership: their page and card answer them, no one else's."""
    from quartier.association.models import Member

    resident = User.objects.get(username="habitant")
    return {"pk": Member.objects.get(person_id=resident.person_id).pk}


def _proxy(user: User | None) -> dict:
    """A proxy to withdraw: each role probes a fresh one (the previous POST may have removed
    it)."""
    from quartier.association.models import GeneralAssembly, Proxy

    assembly = GeneralAssembly.objects.order_by("pk").first()
    proxy = assembly.proxies.order_by("pk").first()
    if proxy is None:
        present = assembly.gathering.attendances.order_by("pk")
        first, second = (a.person for a in present[:2])
        proxy = Proxy.objects.create(assembly=assembly, giver=first, holder=second)
    return {"pk": proxy.pk}


def _open_year(user: User | None) -> dict:
    """The last year of the demo, still open (the earlier ones are closed)."""
    from quartier.association.models import FinancialYear

    return {"pk": FinancialYear.objects.filter(closed_at__isnull=True).order_by("pk").first().pk}


def _correctable_entry(user: User | None) -> dict:
    from quartier.association.models import Entry

    entry = (
        Entry.objects.filter(
            financial_year__closed_at__isnull=True, kind="expense", reversed_by__isnull=True
        )
        .order_by("pk")
        .first()
    )
    return {"pk": entry.pk}


_gathering = _by_pk("gatherings.Gathering")
_resident = _by_pk("people.Person", kind="resident")
_consultation = _by_pk("consultation.Consultation")
_group = _by_pk("groups.WorkingGroup")
_session = _by_pk("groups.Session")
_proposal = _by_pk("groups.Proposal")
_association = _by_pk("association.Association")
_assembly = _by_pk("association.GeneralAssembly")


# How to fill each URL's arguments from the demo story, for the account probing it.
def _contactable(user: User | None) -> dict:
    """A person who agreed to be called (the follow-up pages list no one else)."""
    return {"pk": _pk("people.Person", consents__purpose="contact", consents__withdrawn_on=None)}


URL_ARGUMENTS: dict[str, Callable[[User | None], dict]] = {
    "gatherings:detail": _gathering,
    "gatherings:update": _gathering,
    "gatherings:delete": _gathering,
    "gatherings:attendance_add": _gathering,
    "gatherings:suggestions": _gathering,
    "gatherings:attendance_remove": _attendance,
    "gatherings:sign_in_sheet": _gathering,
    "gatherings:poster": _gathering,
    "gatherings:calendar": lambda user: {"slug": "les-montoires"},
    "people:detail": _resident,
    "people:update": _resident,
    "people:merge": _resident,
    "people:delete": _resident,
    "consultation:detail": _consultation,
    "consultation:update": _consultation,
    "consultation:capture": _consultation,
    "consultation:capture_add": _consultation,
    "consultation:author_suggestions": _consultation,
    "consultation:author_pick": _consultation,
    "consultation:contributions": _consultation,
    "consultation:contribution_update": _contribution,
    "consultation:contribution_delete": _contribution,
    "consultation:export": _consultation,
    "consultation:import": _consultation,
    "consultation:import_mapping": _import_draft,
    "consultation:public": _consultation,
    "avis:go": _consultation,
    "consultation:moderation": _consultation,
    "consultation:moderate": _contribution,
    "consultation:themes": _consultation,
    "consultation:grouping_start": _consultation,
    "consultation:grouping_progress": _consultation,
    "consultation:grouping_cancel": _consultation,
    "consultation:curation_undo": _consultation,
    "consultation:theme_other": _consultation,
    "consultation:theme": _consultation_theme,
    "consultation:theme_rename": _consultation_theme,
    "consultation:theme_split": _consultation_theme,
    "consultation:theme_action": _consultation_theme,
    "consultation:contribution_theme": _contribution,
    "consultation:proposal": _theme_proposal,
    "consultation:restitution": _published_restitution,
    "consultation:restitution_pdf": _published_restitution,
    "consultation:restitution_publish": _consultation,
    "groups:create_from_theme": _theme,
    "groups:detail": _group,
    "groups:update": _group,
    "groups:members": _group,
    "groups:member_leave": _membership,
    "groups:session_create": _group,
    "groups:group_due": _group,
    "groups:action_create": _group,
    "groups:proposal_create": _group,
    "groups:invitations": _group,
    "groups:reminders": _group,
    "groups:calendar": _group,
    "groups:session": _session,
    "groups:minutes": _session,
    "groups:decision_add": _session,
    "groups:approve": _session,
    "groups:action_update": _by_pk("groups.Action"),
    "groups:proposal": _proposal,
    "groups:proposal_update": _proposal,
    "groups:proposal_step": _proposal,
    "groups:document_add": _proposal,
    "groups:document": _document,
    "activities:detail": _by_pk("activities.Activity"),
    "activities:update": _by_pk("activities.Activity"),
    "activities:plan": _by_pk("activities.Activity"),
    "activities:session_create": _by_pk("activities.Activity"),
    "activities:calendar": _by_pk("activities.Activity"),
    "activities:territory_calendar": lambda user: {"slug": "les-montoires"},
    "activities:month_pdf": lambda user: {"slug": "les-montoires", "year": 2026, "month": 12},
    "activities:session": _by_pk("activities.ActivitySession"),
    "activities:toggle": _activity_toggle,
    "activities:newcomer": _by_pk("activities.ActivitySession"),
    "activities:guests": _by_pk("activities.ActivitySession"),
    "activities:facilitators": _by_pk("activities.ActivitySession"),
    "activities:cancel": _by_pk("activities.ActivitySession"),
    "activities:reinstate": _by_pk("activities.ActivitySession"),
    "diagnosis:dataset": _by_pk("diagnosis.Dataset"),
    "diagnosis:dataset_pdf": _by_pk("diagnosis.Dataset"),
    "diagnosis:dataset_export": _by_pk("diagnosis.Dataset"),
    "diagnosis:dataset_delete": _by_pk("diagnosis.Dataset"),
    "diagnosis:import_preview": _diagnosis_draft,
    "evaluation:export": lambda user: {"table": "mobilisation", "file_format": "csv"},
    "evaluation:follow_up_export": lambda user: {"file_format": "csv"},
    "evaluation:open_data_export": lambda user: {"file_format": "csv"},
    "evaluation:follow_up_person": _contactable,
    "evaluation:follow_up_note": _contactable,
    "evaluation:path": _resident,
    "evaluation:path_add": lambda user: {**_resident(user), "what": "milestone"},
    "privacy:person_export": _resident,
    "privacy:person_export_json": _resident,
    "privacy:person_export_pdf": _resident,
    "privacy:person_erase": _resident,
    "privacy:consent_add": _resident,
    "privacy:consent_withdraw": _consent,
    "association:home": _association,
    "association:update": _association,
    "association:documents": _association,
    "association:document": _association_document_page,
    "association:document_download": _association_document,
    "association:in_kind": _association,
    "association:loan_update": _by_pk("association.PremisesLoan"),
    "association:members": _association,
    "association:members_export": _association,
    "association:member_add": _association,
    "association:member": _own_member,
    "association:dues_add": _own_member,
    "association:member_leave": _own_member,
    "association:member_card": _own_member,
    "association:board": _association,
    "association:mandate_end": _by_pk("association.Mandate", ended_on__isnull=True),
    "association:register": _association,
    "association:assemblies": _association,
    "association:assembly": _assembly,
    "association:assembly_update": _assembly,
    "association:checkin": _assembly,
    "association:quorum": _assembly,
    "association:proxy_add": _assembly,
    "association:proxy_remove": _proxy,
    "association:resolution_add": _assembly,
    "association:votes": _by_pk("association.Resolution"),
    "association:convocation": _assembly,
    "association:minutes": _assembly,
    "association:cashbook": _association,
    "association:cashbook_export": _association,
    "association:receipt_add": _association,
    "association:expense_add": _association,
    "association:transfer_add": _association,
    "association:entry": _by_pk("association.Entry"),
    "association:entry_correct": _correctable_entry,
    "association:entry_cancel": _correctable_entry,
    "association:years": _association,
    "association:year_close": _open_year,
    "association:bank_check": _association,
    "association:categories": _association,
    "association:income_statement": _by_pk("association.FinancialYear"),
    "association:income_statement_export": _by_pk("association.FinancialYear"),
    "association:fec": _by_pk("association.FinancialYear"),
    "association:subsidies": _association,
    "association:subsidy_add": _association,
    "association:subsidy": _by_pk("association.Subsidy"),
    "association:subsidy_update": _by_pk("association.Subsidy"),
    "association:budget_line_add": _by_pk("association.Subsidy"),
    "association:subsidy_payment": _by_pk("association.Subsidy"),
    "association:cerfa": _by_pk("association.Subsidy"),
    "association:crafts": _association,
    "association:craft": _by_pk("association.CraftItem"),
    "association:sale_add": _association,
    "association:sale": _by_pk("association.Sale"),
}


def outcome(response) -> str:
    """Name what an answer means for access: ok, login, denied."""
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return "login"
    if response.status_code == 403:
        return "denied"
    if response.status_code < 400 or response.status_code == 405:
        return "ok"
    return str(response.status_code)


def test_every_url_has_a_row_in_the_access_table():
    missing = sorted(url_names() - set(access_table()))
    assert not missing, f"add these URLs to the table in docs/security.md: {missing}"
    stale = sorted(set(access_table()) - url_names())
    assert not stale, f"these rows of docs/security.md name no URL: {stale}"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_every_url_answers_each_role_as_the_table_says():
    load_demo()
    table = access_table()
    mismatches = []
    for name in sorted(url_names()):
        row = table[name]
        for role, username in ROLES.items():
            # Arguments are picked afresh: a POST as the previous role may have removed them.
            user = User.objects.get(username=username) if username else None
            kwargs = URL_ARGUMENTS[name](user) if name in URL_ARGUMENTS else None
            url = reverse(name, kwargs=kwargs)
            client = Client()
            if user:
                client.force_login(user)
            method = row["method"].lower()
            response = client.post(url, {}) if method == "post" else client.get(url)
            got = outcome(response)
            if got != row[role]:
                mismatches.append(f"{name} as {role}: expected {row[role]}, got {got}")
    assert not mismatches, "\n".join(mismatches)
