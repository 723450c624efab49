"""Small but real files: images a browser can show, documents whose magic bytes match their type."""

from __future__ import annotations

import struct
import zlib

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "gif": "image/gif",
}


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


# A 1x1 red GIF89a (the classic "new" marker next to fresh list items).
GIF = bytes.fromhex("47494638396101000100800000ff000000000021f90401000000002c00000000010001000002024401003b")


def pdf(text: str) -> bytes:
    """A one-page PDF with a valid xref table, padded like a scanned notice so it is not trivially tiny."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def ole(seed: int, size: int = 6144) -> bytes:
    """An OLE2 compound-file header (the .doc/.xls signature) followed by deterministic filler."""
    header = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(16) + struct.pack("<HHH", 0x3E, 3, 0xFFFE)
    filler = bytes((seed * 31 + i * 7) % 251 for i in range(size - len(header)))
    return header + filler


def ooxml(seed: int) -> bytes:
    """A zip local-file header (the .docx/.xlsx signature) followed by deterministic filler."""
    return b"PK\x03\x04\x14\x00\x06\x00" + bytes((seed + i * 13) % 253 for i in range(4088))


def attachment_bytes(ext: str, seed: int, text: str) -> bytes:
    if ext == "pdf":
        return pdf(text)
    if ext in ("docx", "xlsx"):
        return ooxml(seed)
    return ole(seed)
