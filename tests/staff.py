"""Staff sessions for tests: signed in and past the second factor, as the back
office's login leaves them (the login itself is tested in tests/backoffice)."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def verified_login(client, user):
    """Sign `user` in on `client` with a verified TOTP device; returns the client."""
    device = TOTPDevice.objects.filter(
        user=user, confirmed=True
    ).first() or TOTPDevice.objects.create(user=user, name="pruebas", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
