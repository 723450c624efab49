"""Generator internals for the labelled corpus (see ../build.py)."""
