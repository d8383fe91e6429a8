"""Provinces come from the migrations' catalogue: found, never added."""

from factory.django import DjangoModelFactory

from clavepatronal.identity.models import Province


class ProvinceFactory(DjangoModelFactory):
    """Pichincha, or the province of `code` (`TramiteFactory(province__code="09")`)."""

    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = "17"

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        return cls._create(model_class, *args, **kwargs)  # a stored row even then
