"""While Redis is away, the cache misses instead of failing: pages are still served."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from loops.models import OrgSettings

pytestmark = pytest.mark.django_db

AWAY = {
    "default": {
        "BACKEND": "debrief.cache.ForgivingRedisCache",
        # Nothing listens on port 1: every call to Redis fails to connect.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def test_with_redis_away_people_sign_in_and_pages_are_served(settings, client, hiring_manager):
    settings.CACHES = AWAY
    assert cache.get("anything", "missed") == "missed"
    cache.set("anything", 1)
    assert OrgSettings.load().pk == 1
    client.force_login(hiring_manager)
    assert client.get(reverse("loops:roles")).status_code == 200
    assert client.get(reverse("loops:my-interviews")).status_code == 200


def test_with_redis_there_the_cache_keeps_what_it_is_given(settings):
    settings.CACHES = {
        **AWAY,
        "default": {**AWAY["default"], "LOCATION": "redis://127.0.0.1:6379/3"},
    }
    cache.set("kept", "yes")
    assert cache.get("kept") == "yes"
    cache.delete("kept")
