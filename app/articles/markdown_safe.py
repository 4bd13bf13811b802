"""Markdown to HTML with bounded work: the one renderer for imports, exports and the window.

Python-Markdown has quadratic paths (16 KB of ``[`` took 43 s, 200 KB never ended, an
18 MB nested list hung), so Chorus renders with markdown-it-py (CommonMark, linear in
the input; text nested deeper than its cap is refused, never dropped) and bounds the work three ways:

* a size limit (``limit`` characters, default ``DEFAULT_LIMIT``): longer text is refused;
* short text (up to ``INPROCESS_CHARS``) is rendered here, where even the worst input
  found takes well under a second;
* longer text is rendered in a separate Python process whose CPU time is capped at
  ``time_limit`` seconds (default ``TIME_LIMIT``; RLIMIT_CPU, so a busy machine does not
  make it fail) and which is killed after ``WALL_FACTOR`` times that in wall time, so no
  input can hang the caller.

``render`` raises ``MarkdownRefused`` (a one-line ChorusError) when it will not render;
``render_or_escaped`` never fails and shows the text unrendered instead.

Output rules: raw HTML in the source is escaped (shown as text) unless ``allow_html``;
links keep only http, https, mailto and relative targets (others become ``#``,
autolinks included); images
are not rendered as images (``![alt](src)`` stays text), so the HTML loads nothing.
"""
from __future__ import annotations

import html
import math
import re
import resource
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

from markdown_it import MarkdownIt

from app.errors import ChorusError

DEFAULT_LIMIT = 2_000_000  # characters
INPROCESS_CHARS = 20_000
TIME_LIMIT = 4.0  # seconds, for the worker process
MAX_NESTING = 100  # markdown-it's block nesting (a list item counts two)
INLINE_NESTING = 20  # markdown-it's own default for CommonMark
_SAFE_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_ROOT = str(Path(__file__).resolve().parents[2])


class MarkdownRefused(ChorusError):
    """Markdown that is too long or too slow to render; the message is one line."""


def _link_ok(url: str) -> bool:
    plain = "".join(ch for ch in unquote(html.unescape(url)) if ch > " ").lower()
    match = _SCHEME.match(plain)
    return not match or match.group(1) in _SAFE_SCHEMES


def _safe_link_open(self, tokens, idx, options, env):
    token = tokens[idx]
    if not _link_ok(str(token.attrGet("href") or "")):
        token.attrSet("href", "#")
    return self.renderToken(tokens, idx, options, env)


def _renderer(allow_html: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": allow_html, "maxNesting": MAX_NESTING})
    md.enable("table").disable("image")
    md.validateLink = lambda url: True  # every link is parsed; unsafe targets become '#'
    md.add_render_rule("link_open", _safe_link_open)
    md.core.ruler.after("block", "chorus_nesting", _check_nesting)
    return md


def _check_nesting(state) -> None:
    """Between block and inline parsing: refuse blocks nested to the cap (markdown-it
    would drop their text), then cap inline nesting lower (its cost grows with the cap;
    inline markup past it stays literal text, nothing is lost)."""
    if any(token.level >= MAX_NESTING - 1 for token in state.tokens):
        raise MarkdownRefused(f"Markdown nested too deeply (lists or quotes over {MAX_NESTING // 2 - 1} levels)")
    state.md.options["maxNesting"] = INLINE_NESTING


def _render_here(text: str, allow_html: bool) -> str:
    return _renderer(allow_html).render(text).rstrip("\n")


def render(text: str, *, limit: int = DEFAULT_LIMIT, allow_html: bool = False,
           time_limit: float = TIME_LIMIT) -> str:
    """HTML for Markdown *text*, or MarkdownRefused when it is over *limit* characters or
    takes more than *time_limit* seconds."""
    text = text or ""
    if len(text) > limit:
        raise MarkdownRefused(f"Markdown of {len(text):,} characters is over the limit of {limit:,}")
    if len(text) <= INPROCESS_CHARS:
        return _render_here(text, allow_html)
    return _render_in_worker(text, allow_html, time_limit)


def render_or_escaped(text: str, **options) -> str:
    """Like ``render``, but Markdown it refuses is shown as escaped plain paragraphs."""
    try:
        return render(text, **options)
    except MarkdownRefused as exc:
        return escaped_paragraphs(text or "", note=str(exc))


def escaped_paragraphs(text: str, note: str = "") -> str:
    """*text* as HTML paragraphs with everything escaped (linear, never fails)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    body = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>\n" for p in paragraphs)
    if note:
        body = f"<p><em>{html.escape(note)}: shown as plain text.</em></p>\n" + body
    return body.rstrip("\n")


_WORKER = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from app.articles.markdown_safe import _worker_main; _worker_main(sys.argv[2] == '1', float(sys.argv[3]))"
)
WALL_FACTOR = 3  # the worker's CPU time is capped at time_limit; its wall time at this times more


def _render_in_worker(text: str, allow_html: bool, time_limit: float) -> str:
    command = [sys.executable, "-c", _WORKER, _ROOT, "1" if allow_html else "0", repr(time_limit)]
    try:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)
    except OSError as exc:
        raise MarkdownRefused(f"cannot start the Markdown renderer ({exc.strerror or exc})") from None
    try:
        out, _ = proc.communicate(text.encode("utf-8", "surrogatepass"),
                                  timeout=time_limit * WALL_FACTOR + 1)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise MarkdownRefused(f"Markdown took over {time_limit * WALL_FACTOR + 1:g} s to render (stopped)") from None
    result = out.decode("utf-8", "surrogatepass")
    if proc.returncode == 3:
        raise MarkdownRefused(result)
    if proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise MarkdownRefused(f"Markdown took over {math.ceil(time_limit)} s to render (stopped)")
    if proc.returncode != 0:
        raise MarkdownRefused(f"the Markdown renderer failed (exit status {proc.returncode})")
    return result


def _worker_main(allow_html: bool, time_limit: float) -> None:
    """In the worker process: CPU time capped (SIGXCPU ends it), render stdin to stdout."""
    seconds = max(1, math.ceil(time_limit))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    text = sys.stdin.buffer.read().decode("utf-8", "surrogatepass")
    try:
        html_out = _render_here(text, allow_html)
    except MarkdownRefused as exc:
        sys.stdout.write(str(exc))
        sys.exit(3)
    sys.stdout.buffer.write(html_out.encode("utf-8", "surrogatepass"))
