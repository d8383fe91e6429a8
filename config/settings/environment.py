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
