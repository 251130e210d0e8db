"""The database cache that holds the rate-limit counters (settings.CACHES["ratelimit"]).

Django's DatabaseCache increments by reading and writing back, so two workers counting at once may both write the
same number. Here the increment runs in a transaction that first locks the counter's row (SELECT … FOR UPDATE on
PostgreSQL; SQLite takes its write lock when the transaction begins, settings' transaction_mode IMMEDIATE): parallel
requests are counted one by one.
"""

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router, transaction


class DatabaseCache(DjangoDatabaseCache):
    def incr(self, key, delta=1, version=None):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        with transaction.atomic(using=db):
            if connection.features.has_select_for_update:
                table = connection.ops.quote_name(self._table)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",
                        [self.make_and_validate_key(key, version=version)],
                    )
            return super().incr(key, delta, version=version)
