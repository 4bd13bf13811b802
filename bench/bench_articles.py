"""Article import and Markdown rendering on hostile and large inputs, beside the old way
measured in the same run.

    .venv/bin/python bench/bench_articles.py

* Markdown: Python-Markdown (the old renderer, the baseline) against
  app.articles.markdown_safe.render on runs of '[' (the quadratic case of issue 9) and an
  ordinary long document. The baseline is only run on sizes it finishes in seconds.
* Saved pages: article extraction of the test set's pages (time per page).
* DOCX: a document whose XML holds more text than the limit, refused by the streaming
  count, against python-docx reading it whole (the old path).
"""
from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(fn, *args, **kw) -> float:
    start = time.perf_counter()
    fn(*args, **kw)
    return time.perf_counter() - start


def markdown_rows() -> None:
    import markdown

    from app.articles import markdown_safe

    print("Markdown ('[' repeated)      old Python-Markdown    markdown_safe.render")
    for size in (1_000, 2_000, 4_000, 16_000, 200_000):
        text = "[" * size
        old = f"{timed(markdown.markdown, text):8.2f} s" if size <= 4_000 else "   (skipped: ~43 s at 16 KB)"
        new = timed(markdown_safe.render_or_escaped, text)
        print(f"  {size:>8,} chars            {old:>22}    {new:8.2f} s")
    para = "Some *emphasis*, a [link](https://example.org) and `code` in ordinary prose. " * 10 + "\n\n"
    text = ("# Heading\n\n" + para * 5 + "- a\n- b\n\n") * 300
    print(f"  ordinary {len(text):,} chars       {timed(markdown.markdown, text):8.2f} s"
          f"               {timed(markdown_safe.render_or_escaped, text):8.2f} s")


def page_rows() -> None:
    from app.articles.importers import extract

    pages = sorted((ROOT / "tests" / "fixtures" / "pages").glob("*.html"))
    article = sum(timed(extract, p) for p in pages)
    whole = sum(timed(extract, p, whole_page=True) for p in pages)
    print(f"Saved pages ({len(pages)}): article extraction {article / len(pages) * 1000:.0f} ms/page, "
          f"whole page (old way) {whole / len(pages) * 1000:.0f} ms/page")


def docx_rows() -> None:
    import random
    import zipfile

    import docx

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.docx"
        random.seed(1)
        words = ["".join(random.choice("abcdefghij") for _ in range(6)) for _ in range(150)]
        docx.Document().save(str(path.with_suffix(".t")))
        with zipfile.ZipFile(path.with_suffix(".t")) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for item in src.infolist():
                if item.filename != "word/document.xml":
                    out.writestr(item, src.read(item.filename))
            with out.open("word/document.xml", "w") as f:
                f.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
                for _ in range(12_000):
                    f.write(f"<w:p><w:r><w:t>{' '.join(random.choices(words, k=400))}</w:t></w:r></w:p>".encode())
                f.write(b"</w:body></w:document>")
        size = zipfile.ZipFile(path).getinfo("word/document.xml").file_size
        code = ("import sys, resource, time; sys.path.insert(0, {root!r}); t = time.perf_counter(); {body}; "
                "print(round(time.perf_counter() - t, 2), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)")
        old = code.format(root=str(ROOT), body=f"import docx; d = docx.Document({str(path)!r}); "
                                               "t2 = chr(10).join(p.text for p in d.paragraphs)")
        new = code.format(root=str(ROOT), body="from app.articles.importers import extract, ImportRejected\n"
                                               "try: extract(" + repr(str(path)) + ", max_bytes=10_000_000)\n"
                                               "except ImportRejected as e: print(e)")
        new = new.replace("; from app", "\nfrom app").replace("; print(round", "\nprint(round")
        for label, src in (("old: python-docx reads it whole", old), ("new: streamed count, refused", new)):
            out = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True).stdout.split()
            print(f"DOCX {path.stat().st_size / 1e6:.1f} MB, {size / 1e6:.0f} MB of XML, limit 10 MB of text: "
                  f"{label}: {out[-2]} s, peak {out[-1]} MB")


if __name__ == "__main__":
    markdown_rows()
    page_rows()
    docx_rows()
    print(f"(bench process peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB)")
