"""The bundled offline demo: a dramatised replay of the October 2020 Kyrgyzstan crisis."""

from crisiswatch.demo.replay import DemoReplay
from crisiswatch.demo.timeline import FEEDS, TIMELINE, DemoFeed, DemoItem

__all__ = ["FEEDS", "TIMELINE", "DemoFeed", "DemoItem", "DemoReplay"]
