from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.ec import ci

from . import forms as identity_forms
from .validators import validate_cedula, validate_ruc


class Province(models.Model):
    """The 24 provinces plus 30 (exterior), with the codes the Registro Civil uses."""

    code = models.CharField(_("código"), max_length=2, unique=True)
    name = models.CharField(_("nombre"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provincia")
        verbose_name_plural = _("provincias")

    def __str__(self) -> str:
        return self.name


class _CompactedNumberField(models.CharField):
    """A CharField that stores identity numbers without spaces or dashes."""

    form_class: type

    def to_python(self, value):
        value = super().to_python(value)
        return ci.compact(value) if value else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": self.form_class, **kwargs})


class CedulaField(_CompactedNumberField):
    default_validators = [validate_cedula]
    form_class = identity_forms.CedulaField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(*args, **kwargs)


class RucField(_CompactedNumberField):
    default_validators = [validate_ruc]
    form_class = identity_forms.RucField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 13)
        super().__init__(*args, **kwargs)
