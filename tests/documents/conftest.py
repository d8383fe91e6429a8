import pytest

from .revocation_server import RevocationServer


@pytest.fixture
def revocation_server(trusted_ca):
    """The trusted test CA's OCSP responder and CRL, served on 127.0.0.1."""
    with RevocationServer(trusted_ca) as server:
        yield server
