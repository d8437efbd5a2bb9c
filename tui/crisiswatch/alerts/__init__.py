"""Alerts on figures: what changed in a watch's headline figures, and who is told."""
