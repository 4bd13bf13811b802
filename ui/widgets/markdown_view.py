"""Markdown shown rendered (app.articles.markdown_safe, bounded -> HTML -> QTextBrowser)."""
from __future__ import annotations

import html

from PySide6.QtWidgets import QTextBrowser

from app.articles import markdown_safe

CSS = ("body { font-size: 10pt; color: #2b2f36; } h1, h2, h3 { color: #1f2a37; margin: 6px 0 2px 0; } "
       "p { margin: 2px 0 6px 0; } code { background: #eef1f5; } blockquote { color: #555; }")


def render_markdown(text: str) -> str:
    """HTML for markdown ``text``; raw HTML in the source is shown as text, not run."""
    body = markdown_safe.render_or_escaped(text or "")  # raw HTML escaped; bounded time
    return f"<html><head><style>{CSS}</style></head><body>{body}</body></html>"


class MarkdownView(QTextBrowser):
    def __init__(self, parent=None, placeholder: str = ""):
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.setOpenLinks(False)
        self._placeholder = placeholder
        self._markdown = ""
        self._shown: str | None = None  # the text now rendered (None: nothing yet)
        self.set_markdown("")

    def set_markdown(self, text: str) -> None:
        if self._shown == (text or ""):
            return  # the same text again (the Segments memo on every coding): nothing to redo
        self._shown = text or ""
        self._markdown = text or ""
        if self._markdown.strip():
            self.setHtml(render_markdown(self._markdown))
        else:
            self.setHtml(f"<html><body><p style='color:#8a919c'><i>{html.escape(self._placeholder)}</i></p></body></html>")

    def markdown_text(self) -> str:
        return self._markdown
