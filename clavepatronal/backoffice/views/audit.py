"""Administrators search the audit trail. Read-only: the page offers no edit or
delete, and the model refuses both anyway."""

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from ..constants import AUDIT, Role
from ..selectors.audit import (
    ROLE_EMPLOYER,
    ROLE_NONE,
    audit_action_choices,
    audit_event_search,
    audit_rows,
)
from ..selectors.scope import StaffScope
from .common import staff_required
from .reports import PeriodForm

PAGE_SIZE = 50

ROLE_CHOICES = [
    ("", _("Todos los roles")),
    *Role.choices,
    (ROLE_EMPLOYER, _("Empleador")),
    (ROLE_NONE, _("Sin cuenta (ciudadano o sistema)")),
]


class AuditFilterForm(PeriodForm):
    accion = forms.CharField(
        label=_("Acción"),
        help_text=_("Elija una de la lista o escriba el comienzo, p. ej. «tramite.»"),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"list": "acciones", "autocomplete": "off"}),
    )
    actor = forms.CharField(label=_("Usuario o actor"), required=False, max_length=150)
    objeto = forms.CharField(
        label=_("Objeto"),
        help_text=_("Identificador, número de trámite, código de turno o de registro."),
        required=False,
        max_length=64,
    )
    rol = forms.ChoiceField(label=_("Rol"), required=False, choices=ROLE_CHOICES)
    ip = forms.GenericIPAddressField(
        label=_("Dirección IP"),
        required=False,
        error_messages={"invalid": _("Escriba una dirección IPv4 o IPv6 válida.")},
    )


@require_safe
@staff_required(AUDIT)
def audit(request: HttpRequest, scope: StaffScope) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    context = {"scope": scope, "form": form, "actions": audit_action_choices()}
    if form.is_bound and not form.is_valid():
        return render(request, "backoffice/audit.html", context, status=400)
    filters = form.cleaned_data if form.is_bound else {}
    events = audit_event_search(
        date_from=filters.get("desde"),
        date_to=filters.get("hasta"),
        action=filters.get("accion", ""),
        actor=filters.get("actor", ""),
        target=filters.get("objeto", ""),
        role=filters.get("rol", ""),
        ip=filters.get("ip", ""),
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    context.update(
        page=page, rows=audit_rows(events=page.object_list), query=query.urlencode()
    )
    return render(request, "backoffice/audit.html", context)
