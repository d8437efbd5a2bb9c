"""Network in, items out: fetching, parsing and scheduling feed polls."""
