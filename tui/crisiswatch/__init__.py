"""crisiswatch: casualty counts, election results and headlines from news feeds, in a terminal."""

__version__ = "0.1.0"
