"""The Redis cache, tolerant of a Redis outage where the cache only saves work.

viewflow looks up each user's avatar URL in the cache (``cache.get`` then ``cache.set``)
on every page, so with Django's plain Redis backend every staff page answered 500 while
Redis was down. Here a plain read misses and a plain write is dropped (logged) instead.
Everything else (``add``, ``incr``, ``get_many``, ``delete``…) still raises: the callers
that count or coordinate through the cache — the login throttle, the search relay's
debounce — decide themselves what an outage means.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class TolerantRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as exc:
            logger.warning("cache read missed: Redis is unreachable (%s)", exc)
            return default

    def set(self, key, value, timeout=None, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as exc:
            logger.warning("cache write dropped: Redis is unreachable (%s)", exc)
