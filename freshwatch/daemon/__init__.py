"""The unattended service: the scheduler that crawls, probes and sends digests, and its health."""
