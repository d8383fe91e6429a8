"""Procedure types come from the migrations' catalogue: found, never added."""

from factory.django import DjangoModelFactory

from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
from clavepatronal.catalogue.models import ProcedureType


class ProcedureTypeFactory(DjangoModelFactory):
    """The clave patronal, or the procedure of `code`
    (`TurnFactory(procedure_type__code="certificados-empleador")`)."""

    class Meta:
        model = ProcedureType
        django_get_or_create = ("code",)

    code = CLAVE_PATRONAL_CODE

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        return cls._create(model_class, *args, **kwargs)  # a stored row even then
