"""The marks that sort the tests into CI's two database passes (conftest.py): a test
that touches the database or the cache is marked `backends` and runs on PostgreSQL
+ Redis too; one that is not marked cannot reach the cache."""

import pytest
from django.core.cache import cache

from conftest import CacheBlocked


def test_a_test_without_the_database_is_not_marked(request):
    assert request.node.get_closest_marker("backends") is None


def test_a_test_without_the_mark_cannot_reach_the_cache():
    with pytest.raises(CacheBlocked, match="@pytest.mark.cache"):
        cache.get("cualquier-clave")


def test_the_database_fixture_marks_a_test(db, request):
    assert request.node.get_closest_marker("backends") is not None
    cache.set("clave", 1)  # the cache is open to it
    assert cache.get("clave") == 1


@pytest.mark.django_db
def test_the_django_db_mark_marks_a_test(request):
    assert request.node.get_closest_marker("backends") is not None


@pytest.fixture
def uses_the_database(db):
    return "registro"


def test_a_fixture_that_needs_the_database_marks_a_test(uses_the_database, request):
    assert request.node.get_closest_marker("backends") is not None


@pytest.mark.cache
def test_the_cache_mark_marks_a_test_and_opens_the_cache(request):
    assert request.node.get_closest_marker("backends") is not None
    assert cache.add("contador", 1, 60) is True
