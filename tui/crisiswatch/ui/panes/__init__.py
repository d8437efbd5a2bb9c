"""The main screen's panes: headline stream, casualty counters, results table, status bar."""
