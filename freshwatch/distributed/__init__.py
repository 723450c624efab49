"""Crawling across processes and machines: the local process pool and the Celery executor."""
