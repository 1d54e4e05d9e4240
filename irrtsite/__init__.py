"""irrtsite: the static site generator of the International Relations Round Table (IRRT)."""

__version__ = "0.1.0"
