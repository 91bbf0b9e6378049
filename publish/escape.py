"""Contributed text is untrusted: everything rendered goes through these helpers."""

from __future__ import annotations

import html
import re

# Bidi controls and other invisible formatting characters can make text display in a
# different order from how it reads in the source; show them as visible code points instead.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def text(value) -> str:
    """HTML-escape a value for element content or a quoted attribute."""
    if value is None:
        return ""
    s = str(value)
    s = _INVISIBLE.sub(lambda m: f"U+{ord(m.group(0)):04X}", s)
    return html.escape(s, quote=True)


def safe_title(value, fallback: str) -> str:
    """A page title made only of characters that mean nothing to HTML, Markdown or YAML."""
    cleaned = re.sub(r"[^A-Za-z0-9 .,()+_/-]", "", str(value or "")).strip()
    return cleaned or re.sub(r"[^a-z0-9./-]", "", fallback)


def link(url, label) -> str:
    """An anchor only for https URLs; anything else is shown as inert text."""
    if isinstance(url, str) and re.match(r"^https://[A-Za-z0-9.-]+(:[0-9]+)?(/[^\s<>\"'`]*)?$", url):
        return f'<a href="{text(url)}" rel="noopener nofollow">{text(label)}</a>'
    return text(label)


def json_for_script(payload: str) -> str:
    """JSON that can sit inside <script type="application/json"> without ending it early."""
    return payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
