"""Saved news pages: the article's text and metadata, not the whole page.

trafilatura (with htmldate) finds the main text and reads the usual metadata; nothing is
fetched, it works on the saved markup. Where it finds no byline, outlet, date or language,
the page's own metadata is read here, in this order:

* JSON-LD (``NewsArticle``, ``Article``, ``BlogPosting``, ... also inside ``@graph``):
  ``headline``, ``author.name``, ``publisher.name``, ``datePublished``, ``inLanguage``;
* OpenGraph and article tags: ``og:title``, ``og:site_name``, ``article:published_time``,
  ``article:author`` (a name, not a profile URL), ``og:url``, ``og:locale``;
* ``<meta name=author>``, Dublin Core (``DC.creator``, ``DC.publisher``, ``DC.date.issued``,
  ``DC.language``) and schema.org microdata (``itemprop``);
* a "By ..." line (and a date line) just below the headline;
* ``<html lang>`` for the language, the ``<title>``'s " | Outlet" suffix for the outlet.

The published date prefers what the page says about the article (structured metadata),
then htmldate on the markup only (no "extensive" search of the visible text, which is
where a masthead's or footer's "today" lives), then a date line next to the headline.

``whole_page=True`` keeps every visible word of the page instead (the old behaviour), for
pages where the extraction misses text. The extraction used is reported in ``extraction``.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass

import trafilatura
from lxml import etree

from . import article
from .document import clean_field, clean_title
from .htmltext import HtmlText, parse_html, tree_to_text

# Bounded work: trafilatura's time grows with the number of elements (about 0.3 ms each
# here); beyond these the whole page's text is kept, and the summary says why.
ARTICLE_MAX_CHARS = 5_000_000
ARTICLE_MAX_ELEMENTS = 12_000
MIN_ARTICLE_CHARS = 200
MIN_ARTICLE_SHARE = 0.15  # of the whole page's text: less means the extraction missed
SAME_PAGE_WORDS = 2  # the article leaves out at most this many words: it is all there is
WHOLE_PAGE = "whole page"
ARTICLE = "article"
ARTICLE_IS_PAGE = "article (all of the page)"

_ARTICLE_TYPES = {"newsarticle", "article", "blogposting", "reportagenews", "analysisnewsarticle",
                  "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "webpage",
                  "socialmediaposting", "liveblogposting", "scholarlyarticle", "techarticle"}
_TITLE_SUFFIX = re.compile(r"\s+(?:\||–|—|-|::|·)\s+([^|–—]{2,60})$")
_BY = re.compile(r"^(?:by|von|par|por|di|door|av)\s+(.+)$", re.IGNORECASE)
# trafilatura's output tree uses its own tag names; say what each is for the text writer.
_TRAFILATURA_TAGS = {"head": "h2", "list": "ul", "item": "li", "quote": "blockquote", "lb": "br",
                     "row": "tr", "cell": "td", "code": "pre", "hi": "span", "ref": "span",
                     "del": "span", "graphic": "span"}

for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)  # their warnings are not the user's


@dataclass(frozen=True)
class PageArticle:
    text: str
    title: str | None
    author: str | None
    source: str | None
    published: str | None
    url: str | None
    language: str | None
    extraction: str  # 'article' | 'whole page' | 'whole page (...)'


def extract_page(markup: str, *, whole_page: bool = False) -> PageArticle:
    """The article (or with *whole_page* every visible word) of a saved page, with metadata."""
    root = parse_html(markup)
    whole = tree_to_text(root) if root is not None else HtmlText()
    meta = _page_metadata(root, whole) if root is not None else {}
    found = None
    extraction = WHOLE_PAGE
    if whole_page:
        extraction = WHOLE_PAGE + " (asked for)"
    elif len(markup) > ARTICLE_MAX_CHARS or _elements(root) > ARTICLE_MAX_ELEMENTS:
        extraction = WHOLE_PAGE + " (page too large for article extraction)"
    elif root is not None:
        found = _trafilatura(markup)
        if found is None or not found.get("text"):
            extraction = WHOLE_PAGE + " (no article found)"
            found = found if found else None
        elif (len(found["text"]) < MIN_ARTICLE_CHARS
              and len(found["text"]) < MIN_ARTICLE_SHARE * len(whole.text)):
            extraction = WHOLE_PAGE + " (the article found was too short)"
        elif len(whole.text.split()) - len(found["text"].split()) <= SAME_PAGE_WORDS:
            extraction = ARTICLE_IS_PAGE  # nothing to leave out: keep the page's own layout
        else:
            extraction = ARTICLE
    found = found or {}

    title = (clean_title(meta.get("headline")) or clean_title(found.get("title"))
             or clean_title(meta.get("og:title")) or _title_without_outlet(whole.title)
             or clean_title(whole.first_h1))
    author = (_person(found.get("author")) or _person(meta.get("author"))
              or _byline_near_headline(root, title))
    source = clean_field(found.get("sitename")) or clean_field(meta.get("publisher")) or _outlet_from_title(whole.title)
    if source and author and source.lower() == author.lower():
        author = _person(meta.get("author")) or _byline_near_headline(root, title)
    published = (meta.get("published") or article.parse_date(found.get("date"))
                 or _date_near_headline(root, title))
    if extraction == ARTICLE:
        text = found["text"]
        if title and not text.startswith(title):
            text = f"{title}\n\n{text}"
    else:
        text = whole.text
    return PageArticle(
        text=text, title=title, author=author, source=source, published=published,
        url=clean_field(meta.get("url") or found.get("url")), language=meta.get("language"),
        extraction=extraction,
    )


def _elements(root: etree._Element | None) -> int:
    """Elements trafilatura would look at (scripts, styles and the like are dropped first)."""
    if root is None:
        return 0
    skipped = sum(1 for _ in root.iter("script", "style", "noscript", "template", "svg"))
    return sum(1 for _ in root.iter()) - skipped


def _trafilatura(markup: str) -> dict | None:
    tree = parse_html(markup)
    if tree is None:
        return None
    for el in list(tree.iter("template", "noscript", "svg", "iframe", "object", "canvas")):
        if el.getparent() is not None:
            el.drop_tree()  # inert or fallback content, never the article
    try:
        doc = trafilatura.bare_extraction(
            tree, with_metadata=True, include_comments=False, include_tables=True,
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except (ValueError, TypeError, etree.LxmlError, RecursionError):
        return None  # trafilatura gives up on some malformed trees: use the whole page
    if doc is None:
        return None
    body = getattr(doc, "body", None)
    text = ""
    if body is not None and len(body):
        renamed = _rename(body)
        text = tree_to_text(renamed, skip=frozenset()).text
    return {"text": text, "title": doc.title, "author": doc.author, "sitename": doc.sitename,
            "date": doc.date, "url": doc.url}


def _rename(body: etree._Element) -> etree._Element:
    copy = etree.fromstring(etree.tostring(body))
    for el in copy.iter():
        if isinstance(el.tag, str) and el.tag in _TRAFILATURA_TAGS:
            el.tag = _TRAFILATURA_TAGS[el.tag]
    return copy


# -- the page's own metadata -------------------------------------------------------------
def _page_metadata(root: etree._Element, whole: HtmlText) -> dict[str, str]:
    """headline, author, publisher, published (ISO), language, url, og:title from the markup."""
    m = whole.meta
    out: dict[str, str] = {}

    def put(key: str, value: object) -> None:
        value = clean_field(value) if value is not None else None
        if value and key not in out:
            out[key] = value

    for item in _json_ld_articles(root):
        put("headline", item.get("headline") or item.get("name"))
        put("author", _names(item.get("author") or item.get("creator")))
        put("publisher", _names(item.get("publisher") or item.get("sourceOrganization")))
        put("published", article.parse_date(str(item.get("datePublished") or item.get("dateCreated") or "")))
        put("language", item.get("inLanguage") if isinstance(item.get("inLanguage"), str) else None)
        page = item.get("mainEntityOfPage")
        put("url", item.get("url") if isinstance(item.get("url"), str) else
            page if isinstance(page, str) else page.get("@id") if isinstance(page, dict) else None)
    micro = _microdata(root)
    for key in ("article:published_time", "datepublished", "dc.date.issued", "dcterms.issued",
                "dc.date", "date", "pubdate", "publishdate", "sailthru.date", "parsely-pub-date"):
        put("published", article.parse_date(m.get(key) or micro.get(key)))
    for key in ("author", "article:author", "dc.creator", "dcterms.creator", "byl", "parsely-author",
                "sailthru.author"):
        value = m.get(key) or micro.get(key)
        if value and not value.startswith(("http://", "https://", "/")):
            put("author", re.sub(r"^by\s+", "", value, flags=re.IGNORECASE))
    put("author", micro.get("author"))
    for key in ("og:site_name", "dc.publisher", "dcterms.publisher", "application-name", "publisher"):
        put("publisher", m.get(key) or micro.get(key))
    put("og:title", m.get("og:title"))
    put("url", whole.links.get("canonical") or m.get("og:url"))
    html_lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    for value in (html_lang, m.get("dc.language"), m.get("content-language"), m.get("language"),
                  m.get("og:locale")):
        if value and re.match(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$", value.strip()):
            put("language", value.strip())
    if "language" in out:
        out["language"] = out["language"].replace("_", "-").split("-")[0].lower()
    return out


def _json_ld_articles(root: etree._Element) -> list[dict]:
    items: list[dict] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        todo = [data]
        while todo and len(items) < 50:
            node = todo.pop(0)
            if isinstance(node, list):
                todo.extend(node)
            elif isinstance(node, dict):
                types = node.get("@type")
                types = types if isinstance(types, list) else [types]
                if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types):
                    items.append(node)
                if isinstance(node.get("@graph"), list):
                    todo.extend(node["@graph"])
    # articles before mere web pages
    return sorted(items, key=lambda n: "webpage" in str(n.get("@type")).lower())


def _names(value: object) -> str | None:
    if isinstance(value, str):
        return None if value.startswith(("http://", "https://")) else value
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else None
    if isinstance(value, list):
        names = [n for n in (_names(v) for v in value[:5]) if n]
        return " and ".join(names) if names else None
    return None


def _microdata(root: etree._Element) -> dict[str, str]:
    """itemprop values: datePublished, author (a Person's name), publisher (a name)."""
    out: dict[str, str] = {}
    for el in root.iter():
        prop = el.get("itemprop") if isinstance(el.tag, str) else None
        if not prop:
            continue
        prop = prop.lower()
        if prop in ("author", "creator", "publisher"):
            name = el.find('.//*[@itemprop="name"]')
            value = (name.get("content") or name.text_content()) if name is not None else (
                el.get("content") or el.text_content())
            key = "publisher" if prop == "publisher" else "author"
        elif prop in ("datepublished", "datecreated"):
            value = el.get("content") or el.get("datetime") or el.get("title") or el.text_content()
            key = "datepublished"
        else:
            continue
        value = clean_field(value)
        if value and key not in out:
            out[key] = value
    return out


def _person(value: str | None) -> str | None:
    value = clean_field(value)
    if not value or value.startswith(("http://", "https://")) or len(value) > 120:
        return None
    return value.replace("; ", " and ")


def _title_without_outlet(title: str | None) -> str | None:
    if not title:
        return None
    match = _TITLE_SUFFIX.search(title)
    return clean_title(title[:match.start()] if match else title)


def _outlet_from_title(title: str | None) -> str | None:
    match = _TITLE_SUFFIX.search(title or "")
    return clean_field(match.group(1)) if match else None


def _lines_after_headline(root: etree._Element | None, title: str | None, count: int = 6) -> list[str]:
    """Short text lines just after the page's h1 (the usual home of a byline and date)."""
    if root is None:
        return []
    heads = [h for h in root.iter("h1", "h2", "h3")
             if title and clean_title(h.text_content()) == title] or list(root.iter("h1"))[:1]
    if not heads:
        return []
    lines: list[str] = []
    for el in heads[0].itersiblings():
        if not isinstance(el.tag, str):
            continue
        text = clean_field(el.text_content())
        if text:
            lines.append(text)
        if len(lines) >= count:
            break
    return lines


def _byline_near_headline(root: etree._Element | None, title: str | None) -> str | None:
    for line in _lines_after_headline(root, title):
        if len(line) > article.MAX_META_LINE:
            continue
        match = _BY.match(line)
        if match:
            author, _ = article.parse_byline("By " + match.group(1))
            if author:
                return author
    return None


def _date_near_headline(root: etree._Element | None, title: str | None) -> str | None:
    for line in _lines_after_headline(root, title):
        if len(line) <= article.MAX_META_LINE:
            date = article.parse_date(line)
            if date:
                return date
    return None
