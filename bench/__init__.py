"""Benchmarks: freshwatch against the tools a user would pick instead (``python -m bench --help``)."""
