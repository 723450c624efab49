"""The ``freshwatch`` command line: argument parsing and printing for people and scripts."""
