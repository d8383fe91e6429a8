"""The portal's tests use the employers' fixtures: an employer with its clave
(employer, make_employer), the login helper and a second employer."""

from tests.employers.conftest import (  # noqa: F401 -- fixtures, by name
    employer,
    fill,
    issue_link,
    login,
    make_employer,
    other_employer,
    other_registration,
    register,
)
