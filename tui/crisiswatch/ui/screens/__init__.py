"""Screens pushed over the main one: an item, a counter, a party's history, feed health, help."""
