"""The registry /metricas/ and `exportar_metricas` serve.

With PROMETHEUS_MULTIPROC_DIR set, every process of the group (gunicorn's workers,
a db_worker, a command) writes its values to files in that directory, and the
registry adds them up (MultiProcessCollector): exact whichever worker answers, and
after a worker restarts (gunicorn's child_exit marks it dead; its counts stay).
Without it (development, tests), the process's own default registry.
"""

import os

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess

from .collector import DATABASE_GAUGES


def multiprocess_dir() -> str:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


class _Default:
    """The default registry as one collector of another registry."""

    def collect(self):
        return REGISTRY.collect()


def registry_build(*, database_gauges: bool) -> CollectorRegistry:
    """`database_gauges`: the gauges read from the database (collector.py), served
    by the web's /metricas/ only, so that Prometheus does not read them from every
    worker's exporter too."""
    registry = CollectorRegistry(auto_describe=False)
    if multiprocess_dir():
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_Default())
    if database_gauges:
        registry.register(DATABASE_GAUGES)
    return registry


def metrics_text(*, database_gauges: bool = True) -> bytes:
    return generate_latest(registry_build(database_gauges=database_gauges))
