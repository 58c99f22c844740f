"""Redis as a cache that an outage cannot turn into errors.

While Redis is away (restarting, say), a read is a miss and a write is skipped, with a
warning: sessions (cached_db) and the organisation's settings then come from the
database, and pages keep being served instead of answering 500.
"""

import logging
from functools import wraps

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

log = logging.getLogger(__name__)
OUTAGE = (ConnectionError, TimeoutError)


def _forgiving(method, fallback):
    @wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except OUTAGE as error:
            log.warning(
                "Cache unavailable (%s): %s goes to the database instead", error, method.__name__
            )
            return fallback(*args, **kwargs)

    return call


def _default(key, default=None, *args, **kwargs):
    return default


class ForgivingRedisCache(RedisCache):
    get = _forgiving(RedisCache.get, _default)
    get_many = _forgiving(RedisCache.get_many, lambda *args, **kwargs: {})
    has_key = _forgiving(RedisCache.has_key, lambda *args, **kwargs: False)
    set = _forgiving(RedisCache.set, lambda *args, **kwargs: None)
    set_many = _forgiving(RedisCache.set_many, lambda *args, **kwargs: [])
    add = _forgiving(RedisCache.add, lambda *args, **kwargs: False)
    touch = _forgiving(RedisCache.touch, lambda *args, **kwargs: False)
    delete = _forgiving(RedisCache.delete, lambda *args, **kwargs: False)
    delete_many = _forgiving(RedisCache.delete_many, lambda *args, **kwargs: None)
