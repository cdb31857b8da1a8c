from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from quartier.core.exports import spreadsheet_response
from quartier.core.pdf import pdf_response
from quartier.core.permissions import access, permission_required
from quartier.diagnosis import services
from quartier.diagnosis.forms import AreaForm, ImportForm, LocalFactForm
from quartier.diagnosis.models import Dataset, ImportDraft
from quartier.people.models import Territory
from quartier.statistics.errors import ReadError, StatisticsError
from quartier.statistics.portrait import Portrait
from quartier.statistics.render import level_title


@permission_required("diagnosis.view_diagnosis")
def index(request: HttpRequest) -> HttpResponse:
    territories = Territory.objects.prefetch_related("datasets", "local_facts")
    return render(request, "diagnosis/index.html", {"territories": territories})


@permission_required("diagnosis.import_dataset")
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[services.Problem] = []
    if request.method == "POST" and form.is_valid():
        upload, meta = form.cleaned_data["file"], form.cleaned_data["meta"]
        data = upload.read(services.MAX_BYTES + 1)
        meta_data = meta.read(services.MAX_BYTES + 1) if meta else None
        name = upload.name or "fichier.csv"
        try:
            services.read_upload(data, name, meta_data)
        except ReadError as error:
            problems += services.problems_of(error, name)
            form.add_error("file", _("Ce fichier ne peut pas être importé : voir le rapport."))
        else:
            draft = services.save_draft(
                form.cleaned_data["territory"],
                form.cleaned_data["title"],
                data,
                name,
                request.user,
                meta_data,
                meta.name if meta else "",
            )
            return redirect("diagnosis:import_preview", draft=draft.pk)
    return render(request, "diagnosis/import_upload.html", {"form": form, "problems": problems})


def import_preview(request: HttpRequest, draft) -> HttpResponse:
    # A draft is seen only by whoever uploaded it: another's is "not found".
    draft = access(
        request, ImportDraft, "diagnosis.import_dataset", pk=draft, created_by=request.user
    )
    problems: list[services.Problem] = []
    try:
        table = services.read_draft(draft)
    except ReadError as error:
        table = None
        problems += services.problems_of(error, draft.file_name)
    if request.method == "POST" and table is not None:
        dataset = services.confirm_draft(draft, request.user, table)
        messages.success(
            request, _("%(count)s territoires importés.") % {"count": len(table.codes)}
        )
        return redirect(dataset)
    return render(
        request,
        "diagnosis/import_preview.html",
        {
            "draft": draft,
            "preview": services.preview(table, draft.territory) if table is not None else None,
            "problems": problems,
        },
    )


DATASETS = Dataset.objects.select_related("territory")


def _portrait_context(dataset: Dataset, portrait: Portrait) -> dict:
    """What the page and the PDF both show of a portrait."""
    return {
        "dataset": dataset,
        "portrait": portrait,
        "titles": [level_title(level) for level in portrait.levels],
        "rows": services.comparison_rows(portrait),
        "gaps": services.gap_sentences(portrait),
        "facts": services.facts_for(dataset.territory),
    }


def _portrait(request: HttpRequest, dataset: Dataset) -> tuple[Portrait | None, AreaForm, str]:
    """The portrait of the territory, or of the area asked for in `?zone=`."""
    form = AreaForm(request.GET or None)
    error = ""
    code = None
    if form.is_valid() and form.cleaned_data["zone"].strip():
        code = form.cleaned_data["zone"].strip()
    try:
        return services.dataset_portrait(dataset, code), form, error
    except StatisticsError as problem:
        error = str(problem)
    if code:
        try:
            return services.dataset_portrait(dataset), form, error
        except StatisticsError:
            pass
    return None, form, error


def dataset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = access(request, DATASETS, "diagnosis.view_diagnosis", pk=pk)
    portrait, form, error = _portrait(request, dataset)
    context = {
        "dataset": dataset,
        "portrait": portrait,
        "area_form": form,
        "area_error": error,
        "facts": services.facts_for(dataset.territory),
    }
    if portrait is not None:
        context.update(_portrait_context(dataset, portrait))
        context["zone"] = request.GET.get("zone", "")[:12] if not error else ""
    return render(request, "diagnosis/dataset_detail.html", context)


def dataset_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = access(request, DATASETS, "diagnosis.view_diagnosis", pk=pk)
    portrait, _form, error = _portrait(request, dataset)
    if portrait is None:
        messages.error(request, error)
        return redirect(dataset)
    name = f"portrait de territoire {portrait.area.name or portrait.area.code}"
    return pdf_response(
        "diagnosis/portrait_pdf.html", _portrait_context(dataset, portrait), name, request
    )


def dataset_export(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = access(request, DATASETS, "diagnosis.view_diagnosis", pk=pk)
    portrait, _form, error = _portrait(request, dataset)
    if portrait is None:
        messages.error(request, error)
        return redirect(dataset)
    header, rows = services.export_table(portrait)
    file_format = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    name = f"diagnostic {portrait.area.name or portrait.area.code}"
    return spreadsheet_response(name, header, rows, file_format)


def dataset_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove an imported file (a wrong edition, a mistaken upload) after a confirmation."""
    dataset = access(request, DATASETS, "diagnosis.delete_dataset", pk=pk)
    if request.method == "POST":
        title = dataset.title
        dataset.delete()  # its areas go with it, in one statement
        messages.success(request, _("Statistiques « %(title)s » supprimées.") % {"title": title})
        return redirect("diagnosis:index")
    return render(request, "diagnosis/dataset_delete.html", {"dataset": dataset})


@permission_required("diagnosis.add_localfact")
def fact_create(request: HttpRequest) -> HttpResponse:
    form = LocalFactForm(request.POST or None, initial={"territory": Territory.objects.first()})
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        form.save()
        messages.success(request, _("Fait local enregistré."))
        return redirect("diagnosis:index")
    return render(request, "diagnosis/fact_form.html", {"form": form})
