"""Text clean-up shared by the importers: plain text from HTML, slugs for ids, length limits."""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from html.parser import HTMLParser

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_SOUND = re.compile(r"\[sound:[^\]]*\]")
_BLOCK_TAGS = {"br", "div", "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "hr"}
_SOUND_NAME = re.compile(r"\[sound:([^\]]+)\]")
_IMG_SOURCE = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_LOOKS_LIKE_HTML = re.compile(
    r"<(br|div|p|span|b|i|u|img|li|ul|ol|font|sub|sup)\b[^>]*>|&(nbsp|amp|lt|gt|quot);", re.I
)


def clean_text(text: str) -> str:
    """Single spaces instead of tabs, no control characters, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").replace("\u00a0", " ")
    text = _CONTROL.sub("", text)
    lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_LIKE_HTML.search(text))


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.images: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self._end_line()
        elif tag == "img":
            source = dict(attrs).get("src") or ""
            if source.startswith(("http://", "https://")):
                self.images.append(source)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self._end_line()

    def _end_line(self) -> None:
        """A block starts or ends on its own line, without adding blank lines between blocks."""
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data.replace("\n", " "))  # in HTML a line break is <br>, a newline is a space


def html_to_text(html: str) -> tuple[str, list[str]]:
    """Visible text of an HTML fragment (Anki fields), and the web addresses of its images."""
    extractor = _TextExtractor()
    extractor.feed(_SOUND.sub("", html))
    extractor.close()
    return clean_text("".join(extractor.parts)), extractor.images


def media_references(html: str) -> list[str]:
    """Local files an Anki field shows or plays (<img src> that is not a web address, [sound:...]),
    each once, in order; entities decoded. Names only: nothing here is ever used as a path."""
    names = [next(group for group in match.groups() if group is not None) for match in _IMG_SOURCE.finditer(html)]
    names += [match.group(1) for match in _SOUND_NAME.finditer(html)]
    found = (unescape(name).strip() for name in names)
    return list(dict.fromkeys(name for name in found if name and not name.startswith(("http://", "https://", "data:"))))


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-") + "…"


def slugify(text: str, limit: int) -> str:
    """Lowercase a-z, 0-9 and single hyphens, at most `limit` characters, cut between words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.replace("'", "")).strip("-")
    if len(slug) > limit:
        slug = slug[:limit]
        slug = slug.rsplit("-", 1)[0] if "-" in slug and slug[limit - 1 : limit] != "-" else slug
        slug = slug.strip("-")
    return slug


class IdMaker:
    """Unique, stable ids: the same texts in the same order always give the same ids."""

    def __init__(self, limit: int, fallback: str = "card") -> None:
        self.limit = limit
        self.fallback = fallback
        self.used: set[str] = set()

    def make(self, text: str) -> str:
        base = slugify(text, self.limit) or self.fallback
        candidate, number = base, 1
        while candidate in self.used:
            number += 1
            suffix = f"-{number}"
            candidate = slugify(base, self.limit - len(suffix)) + suffix
        self.used.add(candidate)
        return candidate
