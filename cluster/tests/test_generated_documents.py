"""Generated PDFs in the cluster: one app server draws a document, its bytes land in
the private S3 bucket (not in PostgreSQL), and either server verifies it by code and
hands out the same bytes."""

import hashlib
import http.client
import os
import re
import secrets
from importlib import import_module

import boto3
from django.conf import settings
from django.db import connection
from django.utils.crypto import get_random_string

from bench.journey import User, request
from clavepatronal.documents.models import GeneratedDocument

from .conftest import APP_A, APP_B

UPLOAD_PAGE = re.compile(r"^/empleador/olvido/firma/cargar/\?codigo=([0-9A-Z]+)$")


def _browser() -> User:
    """A fresh browser: an empty session in Redis, which both servers read."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store.create()
    number = secrets.randbelow(10**6)
    return User(
        number=number,
        session_key=store.session_key,
        csrf=get_random_string(32),
        ip="127.0.0.1",
    )


def _download(port: int, path: str, user: User) -> tuple[int, bytes]:
    connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection_.request(
            "GET",
            path,
            headers={"Host": f"127.0.0.1:{port}", "Cookie": user.cookie_header()},
        )
        response = connection_.getresponse()
        return response.status, response.read()
    finally:
        connection_.close()


def _s3_object(name: str) -> bytes:
    s3 = boto3.client(
        "s3", endpoint_url=os.environ["S3_ENDPOINT_URL"], region_name="us-east-1"
    )
    return s3.get_object(Bucket=settings.S3_BUCKET, Key=name)["Body"].read()


def test_a_generated_pdf_lands_in_s3_and_both_servers_serve_and_verify_it():
    user = _browser()
    email = f"restablecer{user.number}@cluster.ec"
    reply = request(
        APP_A,
        "POST",
        "/empleador/olvido/firma/",
        user=user,
        data={
            "identification": "1790011674001",
            "email": email,
            "email_again": email,
            "mobile": "0991234567",
        },
    )
    assert reply.status == 302, (reply.status, reply.body[:500])
    code = UPLOAD_PAGE.match(reply.location).group(1)

    document = GeneratedDocument.objects.get(code=code)
    assert document.file.name.startswith("generados/")
    stored = _s3_object(document.file.name)
    assert hashlib.sha256(stored).hexdigest() == document.sha256
    assert len(stored) == document.size
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = %s AND data_type = 'bytea'",
            [GeneratedDocument._meta.db_table],
        )
        assert cursor.fetchone()[0] == 0

    for port in (APP_A, APP_B):
        page = request(port, "GET", f"/documentos/verificar/{code}/")
        assert page.status == 200
        assert "Documento válido" in page.body, port
        status, body = _download(port, f"/empleador/olvido/firma/{code}.pdf", user)
        assert status == 200, port
        assert body == stored, port
