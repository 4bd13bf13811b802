"""The codebook as a readable document (Markdown, or HTML made from that Markdown).

For a methods appendix: a title, the date, then one section per code in tree order,
headed by depth (top-level codes are ``##``), with the fields as labelled paragraphs.
Code names and paths are escaped so they show literally; definitions and the other
text fields are Markdown and are rendered. The HTML is the whole Markdown document
converted with the bounded renderer of ``app.articles.markdown_safe``, raw HTML switched off (so ``<script>``
anywhere shows as text), links limited to http(s)/mailto/relative, and a minimal
inline style sheet.
"""
from __future__ import annotations

import html
import re
from datetime import datetime, timezone

from app.articles import markdown_safe
from app.coding.codepaths import split_path
from app.exchange.exports.common import Selection
from app.exchange.exports.codebook import codebook_entries
from app.exchange.exports.decisions import rationales_by_code

COLOUR_RE = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
FIELDS = (("definition", "Definition"), ("when_to_use", "When to use"), ("when_not_to_use", "When not to use"),
          ("example", "Example"), ("description", "Description"))
_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")  # inline markup; names never start a line

STYLE = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 46em; margin: 2em auto; padding: 0 1em;
       line-height: 1.5; color: #222; }
h1, h2, h3, h4, h5, h6 { font-family: Helvetica, Arial, sans-serif; margin-bottom: .3em; }
h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; }
.swatch { display: inline-block; width: 1em; height: 1em; border: 1px solid #555; vertical-align: middle;
          margin-right: .4em; }
code { background: #f3f3f3; padding: 0 .2em; }
pre { background: #f3f3f3; padding: .6em; overflow-x: auto; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .2em .5em; }
""".strip()


def md_escape(text: str) -> str:
    """Inline user text (a name, a path) that must show literally in Markdown."""
    text = " ".join((text or "").split())
    text = _MD_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;").replace("<", "&lt;")
    stripped = text.rstrip("#")  # a heading's trailing '#'s would be dropped
    return stripped + "\\#" * (len(text) - len(stripped))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def codebook_markdown(selection: Selection, title: str, source: str) -> tuple[str, int]:
    entries = codebook_entries(selection)
    rationales = rationales_by_code()  # empty while blind mode is on
    today = datetime.now(timezone.utc).date().isoformat()
    lines = [f"# Codebook: {md_escape(title)}", "",
             f"Exported {today} from {md_escape(source)}. {_plural(len(entries), 'code')}.", ""]
    for code, parent, (segments, documents, coders) in entries:
        depth = len(split_path(code.path))
        lines += [f"{'#' * min(depth + 1, 6)} {md_escape(code.name)}", ""]
        lines += [f"**Path:** {md_escape(code.path)}", ""]
        colour = f"`{code.colour}`" if COLOUR_RE.fullmatch(code.colour or "") else md_escape(code.colour)
        lines += [f"**Colour:** {colour}", ""]
        for field, label in FIELDS:
            value = (getattr(code, field) or "").strip()
            if value:
                lines += [f"**{label}:**", "", value, ""]
        lines += [f"**Coded:** {_plural(segments, 'segment')} in {_plural(documents, 'document')} "
                  f"by {_plural(coders, 'coder')}", ""]
        for outcome, who, when, rationale in rationales.get(code.id, []):  # review decisions (AGREEMENT)
            lines += [f"**Decision ({md_escape(outcome)}, {md_escape(who)}, {when}):**", "", rationale, ""]
    return "\n".join(lines), len(entries)


_SWATCH_RE = re.compile(r"<p><strong>Colour:</strong> <code>(#[0-9a-fA-F]{3,8})</code>")


def render_markdown(text: str) -> str:
    """Markdown to HTML, bounded (app.articles.markdown_safe: raw HTML shown as text, links
    limited to http(s)/mailto/relative, no remote images); a colour swatch before each
    'Colour:' value."""
    body = markdown_safe.render_or_escaped(text)
    return _SWATCH_RE.sub(lambda m: (f'<p><strong>Colour:</strong> <span class="swatch" '
                                     f'style="background: {m.group(1)}"></span> <code>{m.group(1)}</code>')
                          if COLOUR_RE.fullmatch(m.group(1)) else m.group(0), body)


def codebook_html(selection: Selection, title: str, source: str) -> tuple[str, int]:
    text, count = codebook_markdown(selection, title, source)
    body = render_markdown(text)
    page = (f"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>Codebook: {html.escape(title)}</title>\n<style>\n{STYLE}\n</style>\n</head>\n"
            f"<body>\n{body}\n</body>\n</html>\n")
    return page, count
