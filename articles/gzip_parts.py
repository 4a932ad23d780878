"""A gzip body made of parts compressed apart, so a cached page is compressed once and only
its per-reader holes (a CSRF token, a form timestamp) are compressed per response.

Each part is a raw deflate stream ended by a sync flush: byte-aligned, not final, and with no
back-reference outside itself, so the streams concatenate into one valid deflate stream (as
pigz joins the blocks it compresses in parallel). A hole compressed on its own shares nothing
with the page around it, so its compressed size tells nothing about the page's other text,
which is what a BREACH attack measures.
"""

import struct
import zlib

LEVEL = 6
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, mtime 0
FINAL_EMPTY_BLOCK = b"\x03\x00"


def deflate_part(data):
    """`data` (bytes) as a raw deflate stream that another part may follow."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def gzip_join(parts):
    """One gzip body from `parts`, a list of (raw bytes, their deflate_part())."""
    crc, size = 0, 0
    for raw, _ in parts:
        crc = zlib.crc32(raw, crc)
        size += len(raw)
    trailer = struct.pack("<II", crc, size & 0xFFFFFFFF)
    return b"".join([GZIP_HEADER, *(packed for _, packed in parts), FINAL_EMPTY_BLOCK, trailer])
