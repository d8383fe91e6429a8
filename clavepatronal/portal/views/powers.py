"""«Registro de poder notarial» from the employer's portal: the employer names an
apoderado by filing the notarized power with its scan; the province's delegado
jurídico validates it (backoffice), and only then does it count."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clavepatronal.core.constants import GET_POST
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.employers.forms import PowerFilingForm
from clavepatronal.employers.models import EmployerAccount
from clavepatronal.employers.services import power_file_online

from .common import employer_required


@require_http_methods(GET_POST)
@employer_required
def power_new(request: HttpRequest, account: EmployerAccount) -> HttpResponse:
    registration = account.registration
    form = PowerFilingForm(
        request.POST or None,
        request.FILES or None,
        initial={"province": registration.province_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            power_file_online(
                registration=registration,
                province=form.cleaned_data["province"],
                data=form.power_data(),
                scan=form.cleaned_data["scan"],
                filed_by=f"empleador {account.identification} (portal)",
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Registramos el poder notarial. El delegado jurídico de la "
                    "provincia lo revisará; le avisaremos por correo cuando lo valide."
                ),
            )
            return redirect("portal:dashboard")
    return render(request, "portal/power_new.html", {"form": form})
