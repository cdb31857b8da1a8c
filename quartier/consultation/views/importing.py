"""Importing a spreadsheet of contributions: upload, column mapping, check, import."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from quartier.consultation.actions.importing import (
    ImportMapping,
    ImportPlan,
    draft_table,
    guess_mapping,
    guess_text_column,
    plan_import,
    run_import,
    save_import_draft,
)
from quartier.consultation.forms import ImportMappingForm, ImportUploadForm
from quartier.consultation.models import Consultation, ImportDraft
from quartier.consultation.views.common import part_of
from quartier.core.permissions import access
from quartier.core.tabular import MAX_BYTES, TabularError, read_tabular

PREVIEW_ROWS = 10
MAX_REPORTED_PROBLEMS = 200


def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access(request, Consultation, "consultation.import_contributions", pk=pk)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_tabular(upload.read(MAX_BYTES + 1), upload.name or "")
        except TabularError as error:
            form.add_error("file", str(error))
        else:
            draft = save_import_draft(consultation, table, upload.name or "", request.user)
            return redirect("consultation:import_mapping", pk=pk, draft=draft.pk)
    return render(
        request, "consultation/import_upload.html", {"consultation": consultation, "form": form}
    )


def import_mapping(request: HttpRequest, pk: int, draft) -> HttpResponse:
    # A draft is seen only by whoever uploaded it: another's is "not found".
    draft = part_of(
        request,
        ImportDraft,
        "consultation.import_contributions",
        pk,
        draft,
        created_by=request.user,
    )
    consultation = draft.consultation
    table = draft_table(draft)
    plan = None
    if request.method == "POST":
        form = ImportMappingForm(request.POST, header=table.header, consultation=consultation)
        if form.is_valid():
            mapping = ImportMapping(
                text=form.column("text"),
                author=form.column("author"),
                kind=form.column("kind"),
                channel=form.column("channel"),
                date=form.column("date"),
                age_band=form.column("age_band"),
                default_kind=form.cleaned_data["default_kind"],
                default_channel=form.cleaned_data["default_channel"],
                gathering=form.cleaned_data["gathering"],
                create_unknown_people=form.cleaned_data["create_unknown_people"],
                skip_duplicates=form.cleaned_data["skip_duplicates"],
            )
            if request.POST.get("action") == "import":
                plan = run_import(consultation, table, mapping, request.user)
                if plan.is_valid:
                    draft.delete()
                    messages.success(request, _import_summary(plan))
                    return redirect(consultation)
            else:
                plan = plan_import(consultation, table, mapping)
    else:
        guess = guess_mapping(table.header)
        guess["text"] = guess_text_column(table, guess)
        initial = {k: "" if v is None else str(v) for k, v in guess.items()}
        form = ImportMappingForm(initial=initial, header=table.header, consultation=consultation)
    return render(
        request,
        "consultation/import_mapping.html",
        {
            "consultation": consultation,
            "draft": draft,
            "table": table,
            "preview": table.rows[:PREVIEW_ROWS],
            "row_count": len(table.rows),
            "form": form,
            "plan": plan,
            "problems": plan.problems[:MAX_REPORTED_PROBLEMS] if plan else [],
            "more_problems": max(len(plan.problems) - MAX_REPORTED_PROBLEMS, 0) if plan else 0,
            "duplicates": plan.duplicates[:MAX_REPORTED_PROBLEMS] if plan else [],
        },
    )


def _import_summary(plan: ImportPlan) -> str:
    summary = ngettext(
        "%(count)s contribution importée.",
        "%(count)s contributions importées.",
        len(plan.contributions),
    ) % {"count": len(plan.contributions)}
    if plan.duplicates_skipped:
        summary += " " + ngettext(
            "%(count)s ligne déjà importée laissée de côté.",
            "%(count)s lignes déjà importées laissées de côté.",
            len(plan.duplicates),
        ) % {"count": len(plan.duplicates)}
    if plan.created_people:
        summary += " " + ngettext(
            "%(count)s personne créée.", "%(count)s personnes créées.", plan.created_people
        ) % {"count": plan.created_people}
    return summary
