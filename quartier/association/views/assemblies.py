from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.association.actions import assemblies as rules
from quartier.association.actions.errors import AssociationError
from quartier.association.forms.assemblies import (
    AssemblyForm,
    AssemblyUpdateForm,
    ProxyForm,
    ResolutionForm,
    VotesForm,
)
from quartier.association.models import GeneralAssembly, Proxy, Resolution
from quartier.association.views.common import (
    ASSEMBLY,
    VIEW,
    association_of,
    form_page,
    optional_form,
    refuse,
)
from quartier.core.pdf import pdf_response
from quartier.core.permissions import access, permission_required
from quartier.people.models import Person


def _assembly(request: HttpRequest, pk: int, perm: str = VIEW) -> GeneralAssembly:
    return access(
        request,
        GeneralAssembly.objects.select_related("gathering", "association__territory"),
        perm,
        via="association",
        pk=pk,
    )


@permission_required(VIEW)
def assembly_list(request: HttpRequest, pk: int) -> HttpResponse:
    association = association_of(request, pk)
    title = _("Assemblée générale ordinaire %(year)s") % {"year": timezone.localdate().year}
    form = optional_form(
        request,
        association,
        ASSEMBLY,
        lambda data, files: AssemblyForm(data, initial={"title": title}),
    )
    if form is not None and form.is_bound and form.is_valid():
        try:
            assembly = rules.create_assembly(
                association, **form.cleaned_data, created_by=request.user
            )
        except AssociationError as error:
            refuse(form, error)
        else:
            messages.success(
                request,
                _("Assemblée créée. La convocation doit partir au plus tard le %(date)s.")
                % {"date": rules.convocation_deadline(assembly).strftime("%d/%m/%Y")},
            )
            return redirect(assembly)
    return render(
        request,
        "association/assemblies.html",
        {
            "association": association,
            "assemblies": association.assemblies.select_related("gathering"),
            "form": form,
        },
    )


def checkin_context(request: HttpRequest, assembly: GeneralAssembly, **extra) -> dict:
    """The attendance block: voting members, who is there, who is represented, the quorum."""
    voting = rules.voting_person_ids(assembly)
    present = set(assembly.gathering.attendances.values_list("person_id", flat=True))
    proxies = {p.giver_id: p for p in assembly.proxies.select_related("holder")}
    people = Person.objects.filter(pk__in=voting | present).order_by("search_name", "pk")
    rows = []
    for person in people:
        proxy = proxies.get(person.pk)
        rows.append(
            {
                "person": person,
                "voting": person.pk in voting,
                "present": person.pk in present,
                "proxy": proxy,
                "represented": proxy is not None
                and person.pk not in present
                and proxy.holder_id in present,
                "held": sum(1 for p in proxies.values() if p.holder_id == person.pk),
            }
        )
    return {
        "assembly": assembly,
        "quorum": rules.quorum(assembly),
        "rows": [r for r in rows if r["voting"]],
        "guests": [r for r in rows if not r["voting"]],
        "can_run": request.user.has_perm(ASSEMBLY, assembly.association),
        **extra,
    }


@permission_required(VIEW)
def assembly_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assembly = _assembly(request, pk)
    context = checkin_context(request, assembly)
    return render(
        request,
        "association/assembly.html",
        {
            **context,
            "association": assembly.association,
            "gathering": assembly.gathering,
            "deadline": rules.convocation_deadline(assembly),
            "warning": rules.convocation_warning(assembly),
            "proxies": assembly.proxies.select_related("giver", "holder"),
            "proxy_form": ProxyForm(voting=rules.voting_person_ids(assembly))
            if context["can_run"]
            else None,
            "resolutions": assembly.resolutions.all(),
            "resolution_form": ResolutionForm() if context["can_run"] else None,
            "elected": assembly.elected_mandates.select_related("person"),
        },
    )


@permission_required(ASSEMBLY)
def assembly_update(request: HttpRequest, pk: int) -> HttpResponse:
    assembly = _assembly(request, pk, ASSEMBLY)
    form = AssemblyUpdateForm(request.POST or None, instance=assembly)
    if request.method == "POST" and form.is_valid():
        form.save()
        if warning := rules.convocation_warning(assembly):
            messages.warning(request, warning)
        messages.success(request, _("Modifications enregistrées."))
        return redirect(assembly)
    return form_page(
        request,
        form,
        association=assembly.association,
        title=assembly.gathering.title,
        submit=_("Enregistrer"),
        back=assembly.get_absolute_url(),
        intro=_(
            "Selon les statuts, la convocation part au moins %(days)s jours avant, soit au plus "
            "tard le %(date)s."
        )
        % {
            "days": assembly.association.convocation_days,
            "date": rules.convocation_deadline(assembly).strftime("%d/%m/%Y"),
        },
    )


def _checkin_response(
    request: HttpRequest, assembly: GeneralAssembly, notice: str = "", error: str = ""
):
    if request.htmx:
        return render(
            request,
            "association/_checkin.html",
            checkin_context(request, assembly, notice=notice, error=error),
        )
    if notice:
        messages.success(request, notice)
    if error:
        messages.error(request, error)
    return redirect(f"{assembly.get_absolute_url()}#checkin")


@require_POST
@permission_required(ASSEMBLY)
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """Someone arrives (or leaves): the quorum figure updates in the same answer."""
    assembly = _assembly(request, pk, ASSEMBLY)
    raw = request.POST.get("person", "")
    if not raw.isdigit():
        return _checkin_response(request, assembly, error=_("Choisissez une personne."))
    person = get_object_or_404(Person, pk=int(raw))
    if request.POST.get("action") == "out":
        notice = rules.check_out(assembly, person)
    else:
        notice = rules.check_in(assembly, person, recorded_by=request.user)
    return _checkin_response(request, assembly, notice=notice)


@permission_required(VIEW)
def quorum(request: HttpRequest, pk: int) -> HttpResponse:
    """The quorum panel alone, polled by the assembly page while people arrive."""
    assembly = _assembly(request, pk)
    return render(
        request,
        "association/_quorum.html",
        {"assembly": assembly, "quorum": rules.quorum(assembly)},
    )


@require_POST
@permission_required(ASSEMBLY)
def proxy_add(request: HttpRequest, pk: int) -> HttpResponse:
    assembly = _assembly(request, pk, ASSEMBLY)
    form = ProxyForm(request.POST, voting=rules.voting_person_ids(assembly))
    if not form.is_valid():
        messages.error(
            request, _("Choisissez le membre qui ne peut pas venir et celui qui porte son pouvoir.")
        )
        return redirect(f"{assembly.get_absolute_url()}#proxies")
    try:
        proxy = rules.give_proxy(
            assembly, giver=form.cleaned_data["giver"], holder=form.cleaned_data["holder"]
        )
    except AssociationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Pouvoir de %(giver)s à %(holder)s enregistré.")
            % {"giver": proxy.giver.display_name, "holder": proxy.holder.display_name},
        )
    return redirect(f"{assembly.get_absolute_url()}#proxies")


@require_POST
@permission_required(ASSEMBLY)
def proxy_remove(request: HttpRequest, pk: int) -> HttpResponse:
    proxy = access(
        request,
        Proxy.objects.select_related("assembly__association", "assembly__gathering", "giver"),
        ASSEMBLY,
        via="assembly__association",
        pk=pk,
    )
    assembly = proxy.assembly
    proxy.delete()
    messages.success(
        request, _("Pouvoir de %(giver)s retiré.") % {"giver": proxy.giver.display_name}
    )
    return redirect(f"{assembly.get_absolute_url()}#proxies")


@require_POST
@permission_required(ASSEMBLY)
def resolution_add(request: HttpRequest, pk: int) -> HttpResponse:
    assembly = _assembly(request, pk, ASSEMBLY)
    form = ResolutionForm(request.POST)
    if form.is_valid():
        rules.add_resolution(assembly, **form.cleaned_data)
        messages.success(request, _("Résolution ajoutée : notez le vote quand il a lieu."))
    else:
        messages.error(request, _("Écrivez la résolution mise au vote."))
    return redirect(f"{assembly.get_absolute_url()}#resolutions")


@permission_required(ASSEMBLY)
def votes(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = access(
        request,
        Resolution.objects.select_related("assembly__association", "assembly__gathering"),
        ASSEMBLY,
        via="assembly__association",
        pk=pk,
    )
    assembly = resolution.assembly
    form = VotesForm(request.POST or None, instance=resolution)
    if request.method == "POST" and form.is_valid():
        try:
            rules.record_votes(resolution, **form.cleaned_data)
        except AssociationError as error:
            refuse(form, error)
        else:
            messages.success(
                request,
                _("Vote enregistré : résolution %(outcome)s.")
                % {"outcome": _("adoptée") if resolution.adopted else _("rejetée")},
            )
            return redirect(f"{assembly.get_absolute_url()}#resolutions")
    quorum_now = rules.quorum(assembly)
    return form_page(
        request,
        form,
        association=assembly.association,
        title=_("Vote : %(title)s") % {"title": resolution.title},
        submit=_("Enregistrer le vote"),
        back=reverse("association:assembly", args=[assembly.pk]),
        intro=_("Votants : %(count)s (%(present)s sur place, %(represented)s par pouvoir).")
        % {
            "count": quorum_now.counted,
            "present": quorum_now.present,
            "represented": quorum_now.represented,
        },
    )


def _pdf_context(assembly: GeneralAssembly) -> dict:
    from quartier.association.actions.board import representatives

    day = rules.assembly_date(assembly)
    return {
        "association": assembly.association,
        "assembly": assembly,
        "gathering": assembly.gathering,
        "quorum": rules.quorum(assembly),
        "representatives": representatives(assembly.association, day),
        "today": timezone.localdate(),
    }


@permission_required(VIEW)
def convocation(request: HttpRequest, pk: int) -> HttpResponse:
    assembly = _assembly(request, pk)
    return pdf_response(
        "association/pdf/convocation.html",
        {**_pdf_context(assembly), "deadline": rules.convocation_deadline(assembly)},
        filename=f"convocation-{assembly.gathering.start:%Y-%m-%d}",
        request=request,
    )


@permission_required(VIEW)
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The procès-verbal, drafted from what was recorded: attendance, quorum, votes, elections."""
    assembly = _assembly(request, pk)
    return pdf_response(
        "association/pdf/minutes.html",
        {
            **_pdf_context(assembly),
            "resolutions": assembly.resolutions.all(),
            "elected": assembly.elected_mandates.select_related("person"),
        },
        filename=f"proces-verbal-{assembly.gathering.start:%Y-%m-%d}",
        request=request,
    )
