"""The shared SQLite store: items, feed health and the figures read from items."""

from crisiswatch.store.database import (
    FeedState,
    FeedSuccess,
    NewItem,
    Store,
    StoreError,
    StoreRefused,
    probe_path,
)
from crisiswatch.store.schema import SCHEMA_VERSION, SchemaTooNew

__all__ = [
    "SCHEMA_VERSION",
    "FeedState",
    "FeedSuccess",
    "NewItem",
    "SchemaTooNew",
    "Store",
    "StoreError",
    "StoreRefused",
    "probe_path",
]
