"""Administrators search the audit trail. Read-only: the page offers no edit or
delete, and the model refuses both anyway."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..constants import AUDIT
from ..forms import AuditFilterForm
from ..selectors.audit import (
    audit_action_choices,
    audit_event_search,
    audit_rows,
)
from ..selectors.scope import StaffScope
from .common import staff_required

PAGE_SIZE = 50


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
