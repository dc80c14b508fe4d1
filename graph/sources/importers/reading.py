"""Reading dataset files: their encoding, the header row, and the rows one at a time.

A file is never read into memory whole. One pass over its bytes settles the encoding (a
BOM, else UTF-8 if every byte sequence is valid, else the dataset's fallback, e.g. SIPRI's
Latin-1) and counts its lines; the rows are then parsed as they are read. Files that are
not text of the expected kind (UTF-16, binary, a dataset in the wrong encoding) are
refused with the line to look at, before anything is imported.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import DataError

_BLOCK = 1 << 20
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass
class Encoding:
    name: str
    lines: int


def sniff(path: Path, fallback: str) -> Encoding:
    """The encoding ``path`` is read with and its number of lines; DataError if it is not
    text this importer can read (``fallback`` 'utf-8' means UTF-8 only)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines, offset, valid, first = 0, 0, True, b""
    try:
        with path.open("rb") as f:
            while block := f.read(_BLOCK):
                if not first:
                    first = block[:4096]
                    kind = _not_text(first)
                    if kind:
                        raise DataError(f"{path}: this is {kind}, not a CSV or N3 text file",
                                        f"convert it to UTF-8 first, e.g. iconv -f UTF-16 -t UTF-8 {path} > copy{path.suffix}"
                                        if kind == "UTF-16 text" else "give the dataset's text file")
                if valid:
                    try:
                        decoder.decode(block)
                    except UnicodeDecodeError as e:
                        valid = False
                        bad_line = lines + block[:e.start].count(b"\n") + 1
                        bad_byte = offset + e.start
                lines += block.count(b"\n")
                offset += len(block)
        if valid:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                valid, bad_line, bad_byte = False, lines + 1, offset  # cut inside a character
    except OSError as e:
        raise DataError(f"{path}: cannot read: {e.strerror or e}") from None
    if valid:
        name = "utf-8-sig" if first.startswith(codecs.BOM_UTF8) else "utf-8"
    elif fallback.lower().replace("_", "-") not in ("utf-8", "utf8") and not first.startswith(codecs.BOM_UTF8):
        name = fallback
    else:
        raise DataError(f"{path} line {bad_line}: not UTF-8 text (byte {bad_byte:,} cannot be decoded)",
                        f"this dataset is published in UTF-8; convert the file, e.g. "
                        f"iconv -f LATIN1 -t UTF-8 {path} > copy{path.suffix}, or download it again")
    return Encoding(name, lines)


def _not_text(first: bytes) -> str | None:
    """'UTF-16 text' or 'binary data' when the file's first bytes say so."""
    if first.startswith(_UTF16_BOMS):
        return "UTF-16 text"
    if b"\x00" not in first:
        return None
    sample = first[:400]
    # UTF-16 without a BOM: every other byte is zero, the others are mostly printable.
    for zeros, chars in ((sample[0::2], sample[1::2]), (sample[1::2], sample[0::2])):
        printable = sum(1 for c in chars if 32 <= c < 127 or c in b"\t\r\n")
        if zeros.count(0) > 0.9 * len(zeros) and printable > 0.9 * len(chars):
            return "UTF-16 text"
    return "binary data"


class Rows:
    """The (line number, fields) rows after the header, parsed as the file is read;
    iterable more than once. ``len`` is the number of lines, for progress."""

    def __init__(self, path: Path, encoding: str, skip: int, total: int):
        self.path, self.encoding, self.skip, self.total = path, encoding, skip, total

    def __len__(self) -> int:
        return max(self.total - self.skip, 0)

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        with self.path.open(encoding=self.encoding, newline="") as f:
            for _ in range(self.skip):
                f.readline()
            reader = csv.reader(f)
            try:
                for fields in reader:
                    if fields:
                        yield self.skip + reader.line_num, fields
            except csv.Error as e:
                raise DataError(f"{self.path} line {self.skip + reader.line_num}: {e}",
                                "the file is not valid CSV there; fix or remove that line") from None


@dataclass
class Table:
    """A CSV file: its header and its rows, read as they are used."""

    path: Path
    encoding: str
    header: list[str]
    header_line: int
    rows: Iterable[tuple[int, list[str]]]
    notes: list[str] = field(default_factory=list)


def head(path: Path, encoding: str, count: int) -> list[str]:
    """The first ``count`` lines of ``path``."""
    out = []
    with path.open(encoding=encoding, errors="replace", newline="") as f:
        for line in f:
            out.append(line)
            if len(out) == count:
                break
    return out


def read_table(path: Path, kind: str, title: str, required: Iterable[str], fallback: str = "latin-1",
               search_lines: int = 40) -> Table:
    """Open a CSV file whose header holds ``required`` columns, possibly after note lines.

    Raises DataError naming the expected columns when no such header is found (e.g. an
    ATOP file given to the SIPRI importer), and suggests the importer the file fits. The
    header is looked for before the encoding is checked, so a file of another dataset is
    named as such even when its encoding differs.
    """
    required = list(required)
    if not path.is_file():
        raise DataError(f"{path}: no such file", "give the path of the dataset file")
    lines = head(path, "utf-8", search_lines)  # undecodable bytes shown as U+FFFD
    if lines:
        lines[0] = lines[0].lstrip("\ufeff")
    first_fields: list[str] = []
    for index, line in enumerate(lines):
        fields = [f.strip() for f in next(csv.reader([line]), [])]
        if index == 0:
            first_fields = fields
        if all(column in fields for column in required):
            encoding = sniff(path, fallback)
            shown = head(path, encoding.name, index + 1)
            header = [f.strip() for f in next(csv.reader([shown[index]]), [])]
            return Table(path, encoding.name, header, index + 1,
                         Rows(path, encoding.name, index + 1, encoding.lines),
                         [line.strip() for line in shown[:index]])
    sniff(path, "latin-1")  # binary or UTF-16: say so rather than 'wrong columns'
    from . import guess_kind

    guess = guess_kind(lines)
    hint = (f"it looks like a {guess[1]} file: run 'actorkg import {guess[0]} {path}'" if guess
            and guess[0] != kind else f"give the {title} CSV file")
    shown = ", ".join(first_fields[:8]) + (", ..." if len(first_fields) > 8 else "")
    raise DataError(f"{path}: not a {title} file: expected the columns {', '.join(required)}; "
                    f"its first line has: {shown or '(nothing)'}", hint)
