"""A registration in progress: the answers of one draft (models.RegistrationDraft).

Each flow (a browser tab) has its own draft, named in its URLs, so two tabs never
mix. Only what the person typed is stored, page by page; every read re-validates it
with the page's form, so going back, reloading or changing the sector never loses an
answer and never lets a stale one through.
"""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from clavepatronal.identity.validators import identification_compact

from .constants import Sector
from .forms import AuthorizationForm, EmployerForm, RepresentativeForm, SectorForm
from .models import RegistrationDraft
from .services.drafts import registration_draft_delete, registration_draft_save
from .services.registration import RegistrationData
from .sri import SriResult


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form_class: type[forms.Form]


STEPS = [
    Step("sector", _("Sector del empleador"), SectorForm),
    Step("empleador", _("Datos del empleador"), EmployerForm),
    Step("representante", _("Representante legal"), RepresentativeForm),
    Step("autorizacion", _("Autorización de Retiro de Contraseña"), AuthorizationForm),
]
STEP_BY_SLUG = {step.slug: step for step in STEPS}


def registration_data_from_pages(pages: dict[str, dict]) -> RegistrationData:
    """The one place that knows which page asked what."""
    employer = pages["empleador"]
    representative = pages["representante"]
    authorization = pages["autorizacion"]
    return RegistrationData(
        sector=pages["sector"]["sector"],
        employer_identification=employer["identification"],
        business_name=employer["business_name"],
        main_activity=employer.get("main_activity", ""),
        province=employer["province"],
        canton=employer["canton"],
        address=employer["address"],
        phone=employer["phone"],
        email=employer["email"],
        artisan_number=employer.get("artisan_number", ""),
        artisan_expiry=employer.get("artisan_expiry"),
        rep_id_type=representative["id_type"],
        rep_identification=representative["id_number"],
        rep_names=representative["names"],
        rep_nationality=representative["nationality"],
        rep_email=representative["email"],
        rep_mobile=representative["mobile"],
        authorized_names=authorization["names"],
        authorized_id_type=authorization["id_type"],
        authorized_identification=authorization["id_number"],
    )


class DraftAnswers:
    def __init__(self, record: RegistrationDraft) -> None:
        self.record = record
        self.key = record.key
        self.state: dict = record.state
        self._bound_forms: dict[str, forms.Form | None] | None = None

    def _save(self) -> None:
        registration_draft_save(draft=self.record, state=self.state)

    @property
    def sector(self) -> str:
        return self.state.get("answers", {}).get("sector", {}).get("sector", "")

    @property
    def sri_result(self) -> SriResult | None:
        """The SRI's answer about the RUC last typed on the employer page."""
        stored = self.state.get("sri")
        return SriResult.from_json(stored) if stored else None

    @sri_result.setter
    def sri_result(self, result: SriResult) -> None:
        """Keep the answer, and the name it gave for its RUC (EmployerForm never
        carries one RUC's name over to another)."""
        self.state["sri"] = result.to_json()
        if result.is_found:
            self.state.setdefault("sri_names", {})[result.ruc] = result.razon_social
        self._bound_forms = None
        self._save()

    def sri_unverified(self) -> bool:
        """The SRI did not answer about the stored employer RUC (the registration
        will be marked «RUC no verificado con el SRI»)."""
        result = self._sri_about_employer()
        return (
            result is not None
            and result.is_unavailable
            and self.sector != Sector.DOMESTICO
        )

    def _domestic_employer(self) -> dict[str, str] | None:
        """A domestic employer's own data, from the employer page as stored: she is
        her own legal representative."""
        employer = self.state.get("answers", {}).get("empleador")
        if self.sector != Sector.DOMESTICO or not employer:
            return None
        return {
            "identification": identification_compact(employer.get("identification")),
            "names": str(employer.get("business_name", "")).strip(),
            "email": str(employer.get("email", "")).strip().lower(),
            "phone": str(employer.get("phone", "")),
        }

    def _sri_about_employer(self) -> SriResult | None:
        """The SRI's answer, if it is about the stored employer RUC."""
        result = self.sri_result
        employer = self.state.get("answers", {}).get("empleador") or {}
        typed = identification_compact(employer.get("identification"))
        return result if result is not None and result.ruc == typed else None

    def _sri_for_employer(self) -> SriResult | None:
        """The answer, if it is about the stored employer RUC and found it."""
        result = self._sri_about_employer()
        return result if result is not None and result.is_found else None

    def form(self, slug: str, data=None) -> forms.Form:
        """The page's form: bound to `data` when posted, else showing stored answers."""
        step = STEP_BY_SLUG[slug]
        kwargs = {}
        if step.form_class is EmployerForm:
            kwargs = {
                "sector": self.sector,
                "sri": self.sri_result,
                "sri_names": self.state.get("sri_names", {}),
            }
        elif step.form_class is RepresentativeForm:
            kwargs = {
                "sri": self._sri_for_employer(),
                "same_person": self._domestic_employer(),
            }
        if data is not None:
            return step.form_class(data, **kwargs)
        stored = self.state.get("answers", {}).get(slug)
        return step.form_class(initial=stored, **kwargs)

    def _bound(self, slug: str) -> forms.Form | None:
        stored = self.state.get("answers", {}).get(slug)
        return None if stored is None else self.form(slug, data=stored)

    def store(self, slug: str, form: forms.Form) -> None:
        answers = self.state.setdefault("answers", {})
        answers[slug] = {name: form.data.get(name, "") for name in form.fields}
        self._bound_forms = None  # the sector may have changed another page's form
        self.state.pop("verification_id", None)  # a changed answer needs a new code
        self._save()

    def _all_bound(self) -> dict[str, forms.Form | None]:
        """Every page's stored answers bound to its form, validated once per request."""
        if self._bound_forms is None:
            self._bound_forms = {step.slug: self._bound(step.slug) for step in STEPS}
        return self._bound_forms

    def first_incomplete(self) -> str | None:
        for slug, form in self._all_bound().items():
            if form is None or not form.is_valid():
                return slug
        return None

    def forms(self) -> dict[str, forms.Form]:
        """Every page's form, bound and valid; call only when nothing is incomplete."""
        bound = self._all_bound()
        assert all(form is not None and form.is_valid() for form in bound.values())
        return bound

    def cleaned(self) -> RegistrationData:
        return registration_data_from_pages(
            {slug: form.cleaned_data for slug, form in self.forms().items()}
        )

    @property
    def verification_id(self) -> int | None:
        return self.state.get("verification_id")

    @verification_id.setter
    def verification_id(self, value: int | None) -> None:
        self.state["verification_id"] = value
        self._save()

    def employer_contact(self) -> tuple[str, str] | None:
        """(identification, e-mail) from a valid employer page, if there is one."""
        form = self._all_bound()["empleador"]
        if form is None or not form.is_valid():
            return None
        return form.cleaned_data["identification"], form.cleaned_data["email"]

    def email_verified_at(self, email: str) -> str | None:
        """When `email` was proved by a code in this draft (ISO time), if it was."""
        verified = self.state.get("email_verified") or {}
        return verified.get("at") if verified.get("email") == email else None

    def email_verified_set(self, email: str, at: str) -> None:
        self.state["email_verified"] = {"email": email, "at": at}
        self._save()

    def clear(self) -> None:
        registration_draft_delete(draft=self.record)
