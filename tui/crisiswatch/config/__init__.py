"""feeds.toml as frozen, typed settings; every error names the file, the line and the key.

schema.py declares every table and key once: the dataclasses, their Annotated rules from
rules.py, and each class's checks across keys (words.py holds the closed sets of values).
walk.py reads parsed TOML by those declarations, located.py finds the line of a key, load.py
reads the file. Everything the rest of crisiswatch uses is imported from here.
"""

from crisiswatch.config.load import MAX_CONFIG_BYTES, load_config, load_found, parse_config
from crisiswatch.config.located import ConfigError
from crisiswatch.config.rules import parse_duration, parse_size
from crisiswatch.config.schema import (
    DEFAULT_CONCURRENT,
    DEFAULT_HOOK_TIMEOUT,
    DEFAULT_USER_AGENT,
    MAX_INTERVAL,
    MIN_INTERVAL,
    AlertHook,
    AlertSettings,
    Config,
    Election,
    FeedConfig,
    JsonMapping,
    Party,
    ResultsMapping,
    Settings,
    UiSettings,
    Watch,
)
from crisiswatch.config.words import ALERT_KINDS, RACES, FeedFormat, SeatMethod, ThresholdBase

__all__ = [
    "ALERT_KINDS",
    "DEFAULT_CONCURRENT",
    "DEFAULT_HOOK_TIMEOUT",
    "DEFAULT_USER_AGENT",
    "MAX_CONFIG_BYTES",
    "MAX_INTERVAL",
    "MIN_INTERVAL",
    "RACES",
    "AlertHook",
    "AlertSettings",
    "Config",
    "ConfigError",
    "Election",
    "FeedConfig",
    "FeedFormat",
    "JsonMapping",
    "Party",
    "ResultsMapping",
    "SeatMethod",
    "Settings",
    "ThresholdBase",
    "UiSettings",
    "Watch",
    "load_config",
    "load_found",
    "parse_config",
    "parse_duration",
    "parse_size",
]
