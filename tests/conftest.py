import pytest

from clavepatronal.identity.models import Province

from .employers.factories import answers as make_answers


@pytest.fixture
def pichincha(db):
    return Province.objects.get(code="17")


@pytest.fixture
def answers(pichincha):
    """Answers per page; `answers("ARTESANO", empleador__canton="Otavalo")`."""

    def build(sector: str = "PRIVADO", **overrides):
        data = make_answers(sector, **overrides)
        if not data["empleador"]["province"]:
            data["empleador"]["province"] = str(pichincha.pk)
        return data

    return build
