"""Content-Encoding undone a slice at a time, with the body cap checked while decoding.

httpx decodes every layer of ``Content-Encoding: gzip, gzip`` whole before the caller sees a
byte, so 1.8 KB on the wire became 2 GB in memory before the size cap could look at it.  Here each
layer's decompressor is asked for no more than the room left under the cap (zlib's
``max_length``), so no layer ever holds more than ``limit + 1`` bytes of output.
"""

from __future__ import annotations

import zlib

__all__ = ["BoundedInflater", "InflateError"]


class InflateError(ValueError):
    """The body does not decode under its declared Content-Encoding."""


class _Layer:
    """One zlib stream (gzip, or deflate with or without its zlib header, as browsers accept)."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._first = True
        self._inner = zlib.decompressobj(zlib.MAX_WBITS | 16 if encoding == "gzip" else zlib.MAX_WBITS)
        self.produced = 0

    def feed(self, data: bytes, room: int) -> bytes:
        try:
            out = self._inner.decompress(data, max(1, room))
        except zlib.error as error:
            if not (self._first and self.encoding == "deflate"):
                raise InflateError(f"{self.encoding}: {error}") from None
            self._inner = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, no zlib header
            self._first = False
            return self.feed(data, room)
        self._first = False
        self.produced += len(out)
        return out

    @property
    def stalled(self) -> bool:
        """Input is left over because the output hit the room: the layer is bigger than allowed."""
        return bool(self._inner.unconsumed_tail)


class BoundedInflater:
    """Feed raw chunks, get decoded bytes; ``exceeded`` once any layer would pass ``limit``."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        names = [name.strip().lower() for name in content_encoding.split(",") if name.strip()]
        # layers were applied in the listed order, so they come off in reverse; unknown ones are
        # passed through as httpx does (we only ever ask for gzip and deflate)
        names = ["gzip" if name == "x-gzip" else name for name in reversed(names)]
        self._layers = [_Layer(name) for name in names if name in ("gzip", "deflate")]
        self.limit = limit
        self.exceeded = False

    def feed(self, raw: bytes) -> bytes:
        data = raw
        for layer in self._layers:
            if not data:
                return b""
            room = self.limit + 1 - layer.produced
            if room <= 0:
                self.exceeded = True
                return b""
            data = layer.feed(data, room)
            if layer.stalled or layer.produced > self.limit:
                self.exceeded = True
        return data
