"""How large a grid calamine would build of each sheet, measured before it builds it.

calamine reads a sheet into a dense grid (about 40 bytes a cell, empty or not) spanning every
cell it finds.  A few hundred bytes of .ods (one row repeated a million times, sixteen thousand
repeated empty cells before one value) or of .xls (one cell record at row 65,536) ask for a
gigabyte.  These functions read only the structure, in bounded memory, and give each sheet's
(name, height, width, cells written); ``reader`` refuses what is too large for what it holds.
The .xlsx measure is ``reader._check_sheet``.  ``CompoundFile`` reads the OLE container of an
.xls (and tells ``reader`` what else such a container is: an encrypted workbook, a .doc).
"""
from __future__ import annotations

import struct
import xml.parsers.expat
from typing import BinaryIO, Iterator

Extent = tuple[str, int, int, int]  # sheet name, rows, columns, cell elements or records written
MAX_DEPTH = 100
CHUNK = 4 * 1024 * 1024


class TooDeep(Exception):
    """Elements nested deeper than MAX_DEPTH."""


def _count(attrs: dict, name: str) -> int:
    for key, value in attrs.items():
        if key.rsplit(" ", 1)[-1] == name:
            try:
                return max(1, min(int(value), 1 << 31))
            except ValueError:
                return 1
    return 1


def ods_extents(stream: BinaryIO) -> list[Extent]:
    """The extent of each table of an OpenDocument ``content.xml``, read as a stream.

    A row or cell repeated N times (``number-rows-repeated``, ``number-columns-repeated``)
    counts N times in the extent but once as written; the empty rows and cells LibreOffice
    writes after the data (repeated to the end of the sheet) do not count.  Raises TooDeep and
    xml.parsers.expat.ExpatError.
    """
    out: list[Extent] = []
    s = {"depth": 0, "table": "", "row": 0, "repeat": 1, "col": 0, "row_end": 0, "height": 0, "width": 0,
         "cells": 0, "cell_depth": 0, "filled": False, "span": 1}

    def start(tag, attrs):
        s["depth"] += 1
        if s["depth"] > MAX_DEPTH:
            raise TooDeep()
        local = tag.rsplit(" ", 1)[-1]
        if s["cell_depth"]:
            s["filled"] = True  # text (or anything) inside a cell
        elif local == "table":
            name = next((v for k, v in attrs.items() if k.rsplit(" ", 1)[-1] == "name"), "")
            s.update(table=name, row=0, height=0, width=0, cells=0)
        elif local == "table-row":
            s.update(repeat=_count(attrs, "number-rows-repeated"), col=0, row_end=0)
        elif local in ("table-cell", "covered-table-cell"):
            s["span"] = _count(attrs, "number-columns-repeated")
            s["filled"] = any(k.rsplit(" ", 1)[-1] == "value-type" for k in attrs)
            s["cell_depth"] = s["depth"]

    def end(tag):
        if s["cell_depth"] == s["depth"]:
            s["col"] += s["span"]
            if s["filled"]:
                s["cells"] += 1
                s["row_end"] = s["col"]
            s["cell_depth"] = 0
        elif not s["cell_depth"]:
            local = tag.rsplit(" ", 1)[-1]
            if local == "table-row":
                if s["row_end"]:
                    s["height"] = s["row"] + s["repeat"]
                    s["width"] = max(s["width"], s["row_end"])
                s["row"] += s["repeat"]
            elif local == "table":
                out.append((s["table"], s["height"], s["width"], s["cells"]))
        s["depth"] -= 1

    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler, parser.EndElementHandler = start, end
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            break
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return out


# -- .xls (BIFF8 in an OLE compound file) ---------------------------------------------------------------

_CELL_RECORDS = {0x0006, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6}  # FORMULA … RSTRING
_MULTI_RECORDS = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column, …, last column
_BOF, _EOF, _BOUNDSHEET = 0x0809, 0x000A, 0x0085


def biff_extents(read) -> list[Extent]:
    """The extent of each worksheet of a BIFF8 ``Workbook`` stream, from its cell records;
    ``read(n)`` gives the stream's next ``n`` bytes (fewer at its end)."""
    names: list[str] = []
    out: list[Extent] = []
    depth, substream, sheet = 0, -1, None
    while True:
        head = read(4)
        if len(head) < 4:
            break
        kind, length = struct.unpack("<HH", head)
        body = read(length)
        if kind == _BOF:
            depth += 1
            if depth == 1:
                substream += 1  # the first is the workbook's globals, then one per sheet
                worksheet = len(body) >= 4 and struct.unpack_from("<H", body, 2)[0] == 0x0010
                sheet = [0, 0, 0] if worksheet and substream else None  # height, width, records
        elif kind == _EOF:
            if depth == 1 and sheet is not None:
                name = names[substream - 1] if substream - 1 < len(names) else str(substream)
                out.append((name, *sheet))
                sheet = None
            depth = max(0, depth - 1)
        elif kind == _BOUNDSHEET and depth == 1 and substream == 0 and len(body) >= 8:
            names.append(_short_string(body[6:]))
        elif sheet is not None and depth == 1 and len(body) >= 4:
            row, col = struct.unpack_from("<HH", body, 0)
            if kind in _CELL_RECORDS:
                last = col
            elif kind in _MULTI_RECORDS and len(body) >= 6:
                last = struct.unpack_from("<H", body, len(body) - 2)[0]
            else:
                continue
            sheet[0] = max(sheet[0], row + 1)
            sheet[1] = max(sheet[1], last + 1)
            sheet[2] += 1
    return out


def _short_string(data: bytes) -> str:
    if len(data) < 2:
        return ""
    count, flags = data[0], data[1]
    raw = data[2:2 + count * (2 if flags & 1 else 1)]
    return raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")


class CompoundFile:
    """The directory of an OLE compound file (MS-CFB: .xls, an encrypted .xlsx, a .doc) and a
    reader of its streams, every sector index and chain bounded by the file's size.  Raises
    ValueError (or struct.error) for a file that is not one or is broken."""

    def __init__(self, handle: BinaryIO, size: int):
        self.handle = handle
        handle.seek(0)
        header = handle.read(512)
        if len(header) < 512:
            raise ValueError("short header")
        shift = struct.unpack_from("<H", header, 30)[0]
        if shift not in (9, 12):
            raise ValueError("sector size")
        self.sector = 1 << shift
        self.limit = size // self.sector + 1  # no chain is longer than the file has sectors
        self.size = size
        fat_count, dir_start = struct.unpack_from("<I", header, 44)[0], struct.unpack_from("<I", header, 48)[0]
        self.cutoff, self.minifat_start = struct.unpack_from("<II", header, 56)
        difat_start, difat_count = struct.unpack_from("<II", header, 68)
        fat_sectors = [v for v in struct.unpack_from("<109I", header, 76) if v < 0xFFFFFFFA]
        nxt, seen = difat_start, 0
        while nxt < 0xFFFFFFFA and seen < min(difat_count, self.limit):
            block = struct.unpack(f"<{self.sector // 4}I", self._sector(nxt))
            fat_sectors += [v for v in block[:-1] if v < 0xFFFFFFFA]
            nxt, seen = block[-1], seen + 1
        self.fat: list[int] = []
        for index in fat_sectors[:max(fat_count, 1)][:self.limit]:
            self.fat.extend(struct.unpack(f"<{self.sector // 4}I", self._sector(index)))
        directory = b"".join(self._sector(i) for i in self._chain(dir_start, self.fat, self.limit))
        self.entries: list[tuple[str, int, int, int]] = []  # lower-case name, kind, first sector, size
        for offset in range(0, len(directory) - 127, 128):
            length = struct.unpack_from("<H", directory, offset + 64)[0]
            if not 2 <= length <= 64:
                continue
            name = directory[offset:offset + length - 2].decode("utf-16-le", "replace").lower()
            start, stream_size = struct.unpack_from("<II", directory, offset + 116)
            self.entries.append((name, directory[offset + 66], start, stream_size))

    def _sector(self, index: int) -> bytes:
        if index >= self.limit:
            raise ValueError("sector out of range")
        self.handle.seek((index + 1) * self.sector)
        return self.handle.read(self.sector)

    @staticmethod
    def _chain(first: int, table: list[int], bound: int) -> Iterator[int]:
        current, steps = first, 0
        while current < 0xFFFFFFFA:
            steps += 1
            if steps > bound or current >= len(table):
                raise ValueError("broken chain")
            yield current
            current = table[current]

    def names(self) -> set[str]:
        """The names of its storages and streams (and the root), lower case."""
        return {name for name, kind, _start, _size in self.entries if kind in (1, 2, 5)}

    def stream(self, wanted: tuple[str, ...]):
        """A ``read(n)`` over the first stream whose name is in ``wanted``, a sector at a time;
        None when there is none."""
        found = next(((start, n) for name, kind, start, n in self.entries if kind == 2 and name in wanted), None)
        if found is None:
            return None
        start, stream_size = found
        if stream_size > self.size:
            raise ValueError("stream larger than the file")
        if stream_size >= self.cutoff:
            pieces = (self._sector(i) for i in self._chain(start, self.fat, self.limit))
        else:  # a small stream lives in the mini stream (the root entry's chain), in 64-byte pieces
            root = next((e for e in self.entries if e[1] == 5), None)
            if root is None:
                raise ValueError("no root entry")
            mini = b"".join(self._sector(i) for i in self._chain(root[2], self.fat, self.limit))
            minifat: list[int] = []
            for index in self._chain(self.minifat_start, self.fat, self.limit):
                minifat.extend(struct.unpack(f"<{self.sector // 4}I", self._sector(index)))
            pieces = (mini[i * 64:(i + 1) * 64] for i in self._chain(start, minifat, len(minifat)))
        return _Reader(pieces, stream_size).read


class _Reader:
    """``read(n)`` over an iterator of byte pieces, stopping at ``size`` bytes."""

    def __init__(self, pieces: Iterator[bytes], size: int):
        self.pieces, self.left, self.buffer = pieces, size, b""

    def read(self, n: int) -> bytes:
        while len(self.buffer) < n and self.left > 0:
            piece = next(self.pieces, b"")
            if not piece:
                break
            piece = piece[:self.left]
            self.left -= len(piece)
            self.buffer += piece
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out
