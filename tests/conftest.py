import pytest

from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.documents.pki import ca_create
from clavepatronal.identity.models import Province

from .employers.factories import RegistrationFactory
from .employers.factories import answers as make_answers
from .pki import trust


@pytest.fixture
def pichincha(db):
    return Province.objects.get(code="17")


@pytest.fixture
def clave(db):
    """The procedure type «Clave patronal»."""
    return ProcedureType.objects.get(code=CLAVE_PATRONAL_CODE)


@pytest.fixture
def answers(pichincha):
    """Answers per page; `answers("ARTESANO", empleador__canton="Otavalo")`."""

    def build(sector: str = "PRIVADO", **overrides):
        data = make_answers(sector, **overrides)
        if not data["empleador"]["province"]:
            data["empleador"]["province"] = str(pichincha.pk)
        return data

    return build


@pytest.fixture
def registration(db):
    """Comercial Andina S.A., a private employer, registered: legal representative
    0926687856, authorizes Rosa Elena Quishpe Toapanta (passport AB123456)."""
    return RegistrationFactory()


@pytest.fixture
def commit_per_request(monkeypatch):
    """Each test-client request runs the on-commit callbacks it registered (its
    e-mails and tasks) when it ends, as the commit of a real request would: a test
    sees what a request mailed without a transactional test's flush and reload."""
    from django.test import Client, TestCase

    request = Client.request

    def request_then_commit(self, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return request(self, **kwargs)

    monkeypatch.setattr(Client, "request", request_then_commit)


@pytest.fixture(scope="session")
def test_ca():
    """An authority made with `cryptography`, standing in for an accredited one."""
    return ca_create()


@pytest.fixture
def revocation_server(trusted_ca, settings):
    """The trusted test CA's OCSP responder and CRL, served on 127.0.0.1, an origin
    the signature check may fetch from."""
    from .documents.revocation_server import RevocationServer

    with RevocationServer(trusted_ca) as server:
        settings.SIGNATURE_REVOCATION_HOSTS = [server.origin]
        yield server


@pytest.fixture
def trusted_ca(settings, tmp_path, test_ca):
    """`test_ca` as the configured trust root of this test."""
    trust(settings, tmp_path / "raices", test_ca)
    return test_ca
