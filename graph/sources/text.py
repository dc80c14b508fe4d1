"""Read an article for extraction: plain text, Markdown or saved HTML, checked for bad input.

HTML goes through trafilatura, which keeps the main text and drops navigation, ads and
footers; Markdown loses its markup (headings, emphasis, links) but keeps its words; plain
text is taken as it is. The result is a list of paragraphs (blocks separated by blank
lines), a title and a date when the document gives them, and the digest that names the
source. A file that is empty, binary, too large or not in English is refused with a
message saying what to do, before anything else happens.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError

MAX_BYTES = 5 * 1024 * 1024
# Share of English function words among a text's words: English prose has 35-50 %,
# other languages written in Latin letters a few percent (their words rarely coincide).
MIN_ENGLISH_SHARE = 0.15
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MARKDOWN_SUFFIXES = (".md", ".markdown")

MONTHS = ("january february march april may june july august september october november december").split()
_DATE = re.compile(r"\b(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
                   rf"({'|'.join(MONTHS)})\s+(\d{{1,2}}),?\s+(\d{{4}})\b|\b(\d{{4}})-(\d{{2}})-(\d{{2}})\b", re.I)


@dataclass(frozen=True)
class Document:
    path: Path
    digest: str
    title: str | None
    date: str | None  # ISO yyyy-mm-dd
    paragraphs: tuple[str, ...]

    @property
    def source_id(self) -> str:
        """The local name of the document's source node: stable for the same bytes."""
        return f"text-{self.digest[:16]}"


def read_document(path: Path, max_bytes: int = MAX_BYTES) -> Document:
    """The article at ``path``; raises DataError (exit 2) for input it cannot use."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such file", "give the path of a .txt, .md or .html article")
    size = path.stat().st_size
    if size == 0:
        raise DataError(f"{path}: the file is empty", "give an article with some text in it")
    if size > max_bytes:
        raise DataError(f"{path}: the file has {size:,} bytes, more than the {max_bytes:,} an article may have",
                        "extract from the article itself, not a whole site dump or archive")
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise DataError(f"{path}: this is a binary file, not text", "save the article as text, Markdown or HTML")
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise DataError(f"{path}:{line}: the file is not UTF-8 text (byte {e.start})",
                        "save the article as UTF-8 text, Markdown or HTML") from None
    suffix = path.suffix.lower()
    title = date = None
    if suffix in HTML_SUFFIXES or raw.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        text, title, date = _from_html(path, raw)
    elif suffix in MARKDOWN_SUFFIXES:
        text, title = _from_markdown(raw)
    else:
        text = raw
    paragraphs = tuple(p for p in (" ".join(block.split()) for block in re.split(r"\n\s*\n", text)) if p)
    if not paragraphs:
        raise DataError(f"{path}: no text found in the file", "give an article with some text in it")
    _check_english(path, " ".join(paragraphs))
    return Document(path, hashlib.sha256(data).hexdigest(), title or _first_title(paragraphs),
                    date or _latest_date(paragraphs[:12]), paragraphs)


def _from_html(path: Path, raw: str) -> tuple[str, str | None, str | None]:
    import trafilatura

    found = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, include_tables=False,
                                        deduplicate=True)
    text = getattr(found, "text", None) if found is not None else None
    if not text:
        raise DataError(f"{path}: no article text found in this HTML page",
                        "save the page with its article (not only the site's frame), or paste its text into a .txt file")
    # trafilatura puts one paragraph per line; blank lines make them paragraphs here.
    date = getattr(found, "date", None)
    return text.replace("\n", "\n\n"), getattr(found, "title", None), date if date and re.fullmatch(
        r"\d{4}-\d{2}-\d{2}", date) else None


def _from_markdown(raw: str) -> tuple[str, str | None]:
    title = None
    lines = []
    for line in raw.splitlines():
        heading = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if heading:
            title = title or heading.group(1)
            lines += ["", heading.group(1), ""]
            continue
        line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", line)      # links and images: their text
        line = re.sub(r"(\*\*|__|\*|_|`)(.+?)\1", r"\2", line)      # emphasis, code
        line = re.sub(r"^\s{0,3}(?:[-*+]|\d+\.|>)\s+", "", line)    # list items, quotes
        lines.append(line)
    return "\n".join(lines), title


def _check_english(path: Path, text: str) -> None:
    from spacy.lang.en.stop_words import STOP_WORDS

    words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text.casefold())
    if len(words) < 3:
        raise DataError(f"{path}: too little text to extract from ({len(words)} words)",
                        "give the article's full text")
    share = sum(w in STOP_WORDS for w in words) / len(words)
    if share < MIN_ENGLISH_SHARE:
        raise DataError(f"{path}: the text does not look like English ({share:.0%} English function words)",
                        "actorkg extract reads English articles; translate the article first")


def _first_title(paragraphs: tuple[str, ...]) -> str | None:
    """A plain text's title: its first short line of several words that is no date."""
    for p in paragraphs[:12]:
        words = p.split()
        if 3 <= len(words) <= 20 and not _DATE.search(p) and not p.endswith((".", ":")) and re.search(r"[A-Za-z]", p):
            return p
    return None


def _latest_date(paragraphs: tuple[str, ...]) -> str | None:
    """The latest date near the top (a page's 'updated' line beats an older crawl stamp)."""
    found = []
    for p in paragraphs:
        for m in _DATE.finditer(p):
            if m.group(1):
                found.append(f"{int(m.group(3)):04d}-{MONTHS.index(m.group(1).lower()) + 1:02d}-{int(m.group(2)):02d}")
            else:
                found.append(f"{m.group(4)}-{m.group(5)}-{m.group(6)}")
    return max(found) if found else None
