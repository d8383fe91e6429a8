from django.db import models
from django.utils.translation import gettext_lazy as _


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
