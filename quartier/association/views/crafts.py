from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from quartier.association.actions import crafts as rules
from quartier.association.actions.errors import AssociationError
from quartier.association.forms.crafts import CraftItemForm, SaleForm, StockForm
from quartier.association.models import CraftItem, Sale
from quartier.association.money import euros
from quartier.association.views.common import (
    BOOKS,
    VIEW,
    association_of,
    form_page,
    optional_form,
    refuse,
)
from quartier.core.permissions import access, permission_required


@permission_required(VIEW)
def craft_list(request: HttpRequest, pk: int) -> HttpResponse:
    association = association_of(request, pk)
    form = optional_form(
        request,
        association,
        BOOKS,
        lambda data, files: CraftItemForm(data, association=association),
    )
    if form is not None and form.is_bound and form.is_valid():
        form.instance.association = association
        form.save()
        messages.success(request, _("Objet ajouté au stock."))
        return redirect("association:crafts", pk=association.pk)
    return render(
        request,
        "association/crafts.html",
        {
            "association": association,
            "items": association.craft_items.select_related("maker"),
            "sales": association.sales.select_related("entry").prefetch_related("lines")[:20],
            "form": form,
            "can_keep_books": form is not None,
        },
    )


@permission_required(VIEW)
def craft_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = access(
        request,
        CraftItem.objects.select_related("association", "maker", "made_in"),
        VIEW,
        via="association",
        pk=pk,
    )
    association = item.association
    can_keep_books = request.user.has_perm(BOOKS, association)
    which = request.POST.get("form") if request.method == "POST" else None
    form = CraftItemForm(
        request.POST if which == "item" else None, instance=item, association=association
    )
    stock_form = StockForm(request.POST if which == "stock" else None)
    if request.method == "POST":
        if not can_keep_books:
            association_of(request, association.pk, BOOKS)
        if which == "item" and form.is_valid():
            form.save()
            messages.success(request, _("Modifications enregistrées."))
            return redirect(item)
        if which == "stock" and stock_form.is_valid():
            rules.add_stock(item, stock_form.cleaned_data["quantity"])
            messages.success(
                request, _("Stock mis à jour : %(stock)s en stock.") % {"stock": item.stock}
            )
            return redirect(item)
    return render(
        request,
        "association/craft.html",
        {
            "association": association,
            "item": item,
            "form": form if can_keep_books else None,
            "stock_form": stock_form if can_keep_books else None,
            "sold": item.sale_lines.select_related("sale").order_by("-sale__sold_on")[:20],
        },
    )


@permission_required(BOOKS)
def sale_add(request: HttpRequest, pk: int) -> HttpResponse:
    association = association_of(request, pk, BOOKS)
    items = list(association.craft_items.filter(stock__gt=0).order_by("name"))
    form = SaleForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            sale = rules.record_sale(
                association,
                sold_on=form.cleaned_data["sold_on"],
                stall=form.cleaned_data["stall"],
                means=form.cleaned_data["means"],
                items=[
                    rules.SoldItem(item, quantity, price) for item, quantity, price in form.lines()
                ],
                recorded_by=request.user,
            )
        except AssociationError as error:
            refuse(form, error)
        else:
            messages.success(
                request,
                _("Vente enregistrée au livre de caisse (%(total)s), stock mis à jour.")
                % {"total": euros(sale.total)},
            )
            return redirect(sale)
    return form_page(
        request,
        form,
        association=association,
        title=_("Vente au stand"),
        submit=_("Enregistrer la vente"),
        back=reverse("association:crafts", args=[association.pk]),
        intro=_("Pour chaque objet, le nombre vendu ; le prix se change si besoin.")
        if items
        else _("Aucun objet en stock : ajoutez d'abord les objets faits aux ateliers."),
        template="association/sale_form.html",
    )


@permission_required(VIEW)
def sale_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sale = access(
        request,
        Sale.objects.select_related("association", "entry"),
        VIEW,
        via="association",
        pk=pk,
    )
    return render(
        request,
        "association/sale.html",
        {
            "association": sale.association,
            "sale": sale,
            "lines": sale.lines.select_related("item"),
        },
    )
