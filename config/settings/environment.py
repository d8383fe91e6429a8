"""Where the service runs: the environment reader and the folders it writes."""

from pathlib import Path

import environ

env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Everything the running service writes (SQLite file, uploads, mail, dev secret key).
VAR_DIR = Path(env.str("CLAVEPATRONAL_VAR_DIR", default=str(BASE_DIR / "var")))


def cache_config(var: str, **default) -> dict:
    """The cache named by an environment variable; Redis through our backend, which
    reuses one client per connection pool (clavepatronal.core.cache)."""
    config = env.cache(var, **default)
    if config["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        config["BACKEND"] = "clavepatronal.core.cache.RedisCache"
    return config


def loopback_hosts_only(hosts: list[str]) -> list[str]:
    """ALLOWED_HOSTS where demo trust is on (the demo CA, demo accounts, committed
    secret keys): only this machine may be served, so such settings never start on
    a public host by mistake."""
    import ipaddress

    from django.core.exceptions import ImproperlyConfigured

    def loopback(host: str) -> bool:
        host = host.strip().lower().removeprefix(".")
        if host == "localhost" or host.endswith(".localhost"):
            return True
        try:
            return ipaddress.ip_address(host.strip("[]")).is_loopback
        except ValueError:
            return False

    public = [host for host in hosts if not loopback(host)]
    if public:
        raise ImproperlyConfigured(
            "DEMO_DATA_ALLOWED: these settings trust the demo CA and demo accounts and "
            f"serve only loopback hosts; ALLOWED_HOSTS has {', '.join(public)}. "
            "Use config.settings.prod for a public host."
        )
    return hosts
