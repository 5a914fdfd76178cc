"""Safe by construction: no data or page can run code, fetch a file, or plant a live link.

A hostile edition (tests/safety.py) puts script links, other schemes, local files, requests to a
listener and raw HTML in every prose, text and URL field of every file, in a base reached through
`extends` and in department pages. The site and the PDFs are then read back."""

from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import textwrap

import pypdf
import pytest
import yaml

from handbook import prose
from handbook.build import build
from handbook.edition import load_edition
from handbook.problems import EditionError
from helpers import ROOT, search_entries, write
from safety import BAD_SCHEMES, Listener, bad_targets, hostile_edition, start_tags


@pytest.fixture(scope="module")
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def hostile_build(tmp_path_factory, listener, request):
    """The hostile edition of tests/safety.py (every field of every file) built by each site engine, with PDFs."""
    work = tmp_path_factory.mktemp("safety")
    city = hostile_edition(work, listener.port)
    # the page that tries Python's internals is checked on its own below; here it only has to be inert
    (city / "pages" / "second-front-matter.md").write_text(
        "---\ntitle: Second\n---\n---\nrender_macros: true\n---\n{{ 7*7 }}\n", encoding="utf-8"
    )
    out = work / "out"
    build(city, out, ["staff", "public"], engine=request.param)
    return city, out


# --------------------------------------------------------------------------- the rendering path


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html,x)",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "![x](javascript:alert(1))",
        "![x](file:///etc/passwd)",
        "<a href='javascript:alert(1)'>x</a>",
        "[x](java\nscript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](//evil.example/x)",
        "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
    ],
)
def test_prose_never_makes_a_dangerous_link_or_tag(text):
    for rendered in (prose.html(text), prose.inline_html(text)):
        assert not bad_targets(rendered), rendered
        assert (
            "<script" not in rendered
            and "<img" not in rendered
            and "onerror" not in rendered.replace("onerror=alert", "")
        )
        assert not re.search(r"<a [^>]*href=\"//", rendered)


def test_allowed_links_stay_links_and_refused_ones_show_as_text():
    rendered = prose.html(
        "See [the form](https://example.org/form), [call](tel:+15551234567) or "
        "[write](mailto:a@example.org); [bad](javascript:alert(1))."
    )
    assert '<a href="https://example.org/form" rel="noopener noreferrer">the form</a>' in rendered
    assert 'href="tel:+15551234567"' in rendered and 'href="mailto:a@example.org"' in rendered
    assert "[bad](javascript:alert(1))" in rendered


def test_a_field_of_twenty_thousand_brackets_renders_at_once():
    result = subprocess.run(
        [sys.executable, "-c", "from handbook import prose; prose.html('[' * 20000); prose.html('[' * 1_000_000)"],
        timeout=60,
        capture_output=True,
    )
    assert result.returncode == 0, result.stderr


def test_check_warns_where_a_link_or_address_will_be_text(run, default_copy):
    write(
        default_copy / "programs.yaml",
        (default_copy / "programs.yaml").read_text(encoding="utf-8").replace("url: https://", "url: www.", 1),
    )
    path = default_copy / "process.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("summary: >-\n", "summary: >-\n  Report it [here](javascript:alert(1)).\n", 1), encoding="utf-8"
    )
    code, _, err = run("check", "--data", default_copy)
    assert code == 0
    assert re.search(
        r"programs\.yaml:\d+:\d+: warning: the address 'www\.[^']+' has no scheme, so it is shown as "
        r"text; write it with https:// in front \(https://www\.",
        err,
    ), err
    assert re.search(
        r"process\.yaml:\d+:\d+: warning: the link target 'javascript:alert\(1\)' is not allowed, so it "
        r"is shown as text",
        err,
    ), err


# --------------------------------------------------------------------------- the hostile edition, built


def built_files(out: pathlib.Path) -> list[pathlib.Path]:
    return [p for p in out.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".xml")]


def test_no_page_index_or_sitemap_carries_a_dangerous_target(hostile_build):
    _, out = hostile_build
    files = built_files(out)
    assert any(p.name == "sitemap.xml" for p in files)
    for path in files:
        if path.name not in ("search_index.json", "search.json"):  # MkDocs' or Zensical's search index: below
            content = path.read_text(encoding="utf-8")
            assert not bad_targets(content), (path, bad_targets(content)[:3])
    for audience in ("staff", "public"):
        entries = search_entries(out / audience)  # read in either engine's format
        content = " ".join(entry["text"] + entry["title"] for entry in entries)
        assert entries and not bad_targets(content), (audience, bad_targets(content)[:3])


def test_no_script_handler_or_frame_comes_from_the_data(hostile_build):
    _, out = hostile_build
    for path in out.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        if "<article" in page:  # the page's content; the theme's own search form is outside it
            page = page[page.index("<article") : page.index("</article>")]
        tags = start_tags(page)
        ours = [("form", [("class", "matrix-filter"), ("data-matrix-filter", ""), ("hidden", "")])]  # the filter
        assert not [
            (t, a)
            for t, a in tags
            if t in ("script", "iframe", "form", "object", "embed", "img") and (t, a) not in ours
        ], path
        assert not [(t, name) for t, attrs in tags for name, _ in attrs if name.startswith("on")], path


def test_template_code_in_pages_and_data_is_never_run(hostile_build):
    _, out = hostile_build
    staff = out / "staff"
    second = (staff / "pages/second-front-matter/index.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in second and ">49<" not in second
    # figures the handbook computes may be 49 (a page's reading time, a count from the made-up cases)
    pages = "".join(
        p.read_text(encoding="utf-8")
        for p in staff.rglob("*.html")
        if not {"performance", "how-we-are-doing"} & set(p.parts)
    )
    pages = re.sub(r"about \d+ minutes", "", pages)
    assert "{{ 7*7 }}" in pages and " 49 " not in pages


def test_pdf_links_use_allowed_schemes_only(hostile_build):
    _, out = hostile_build
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) >= 10
    for path in pdfs:
        for page in pypdf.PdfReader(path).pages:
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A") or {}
                uri = str(action.get("/URI", ""))
                assert not re.sub(r"\s", "", uri).lower().startswith(BAD_SCHEMES), (path, uri)


def test_the_build_sends_no_request(hostile_build, listener):
    assert listener.requests == []


def test_the_pdf_step_opens_no_file_outside_the_allowed_folders(tmp_path, listener):
    """The PDF step of the hostile edition under an audit hook on `open`."""
    city = hostile_edition(tmp_path / "work", listener.port)
    secret = tmp_path / "outside" / "secret.png"
    secret.parent.mkdir()
    secret.write_bytes(b"\x89PNG not really")
    programs = tmp_path / "work" / "base" / "programs.yaml"
    data = yaml.safe_load(programs.read_text(encoding="utf-8"))
    data["programs"][0]["how_to_apply"] += f" ![s](file://{secret})"
    programs.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    script = textwrap.dedent(f"""
        import json, pathlib, sys
        from handbook.edition import load_edition
        from handbook.pdf import writer
        from handbook.pdf import workers as pdf_workers
        edition = load_edition({str(city)!r})
        pdf_workers.count = lambda: 1     # every layout in this process, under the hook (workers would not have it)
        opened = []
        sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" and args
                         and isinstance(args[0], (str, bytes, pathlib.Path)) else None)
        writer.build_pdfs(edition, {{"staff": pathlib.Path({str(tmp_path / "site")!r})}},
                          cache_dir=pathlib.Path({str(tmp_path / "cache")!r}))
        print(json.dumps(opened))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    opened = json.loads(result.stdout.strip().splitlines()[-1])
    allowed = [
        str(ROOT),
        str(tmp_path),
        sys.prefix,
        sys.base_prefix,
        "/usr/",
        "/etc/fonts",
        "/var/cache/fontconfig",
        "/proc/",
        "/dev/",
        "/sys/",
        "/root/.cache/fontconfig",
        "/etc/ld.so",
        "/lib",
        "/etc/mime.types",
        "/tmp",
    ]  # ctypes' find_library, as WeasyPrint loads Pango, runs the compiler on a temporary file
    outside = sorted({p for p in opened if p.startswith("/") and not p.startswith(tuple(allowed))})
    assert outside == [], outside
    # the fonts WeasyPrint copies for Fontconfig go in the build's cache, none in the system's temporary folder
    assert [p for p in opened if p.startswith(os.path.join(tempfile.gettempdir(), "weasyprint-"))] == []
    assert [p for p in opened if p.startswith(str(tmp_path / "cache" / "fonts"))]
    assert not [p for p in opened if "secret.png" in p or p == "/etc/passwd"]
    assert listener.requests == []


# --------------------------------------------------------------------------- a department's own pages


def test_a_page_that_reaches_for_python_internals_fails_with_its_place(minimal, tmp_path):
    write(
        minimal / "pages" / "snow.md",
        """
        ---
        title: Snow
        render_macros: true
        ---
        # Snow

        Fine so far.
        {{ cycler.__init__.__globals__.os.popen('id').read() }}
    """,
    )
    with pytest.raises(EditionError) as caught:
        build(minimal, tmp_path / "out", ["staff"], pdf=False)
    message = str(caught.value)
    assert re.search(
        r"pages/snow\.md:8:1: 'cycler' is not one of the handbook's macros; a page may call only "
        r"agendas_page, ",
        message,
    ), message


def test_a_page_may_not_call_attributes_of_python_objects(minimal, tmp_path):
    write(
        minimal / "pages" / "snow.md",
        """
        ---
        render_macros: true
        ---
        {{ curriculum_page.__globals__ }}
    """,
    )
    with pytest.raises(EditionError) as caught:
        build(minimal, tmp_path / "out", ["staff"], pdf=False)
    assert "pages/snow.md:4:1: this '{{' does not hold a macro call" in str(caught.value)


def test_a_page_that_calls_registered_macros_works(tmp_path):
    data = tmp_path / "data"
    import shutil

    shutil.copytree(ROOT / "data", data)
    partner = load_edition(data).partners[0]
    category = load_edition(data).process.categories[0]
    write(
        data / "pages" / "contacts.md",
        f"""
        ---
        title: Who to call
        render_macros: true
        ---
        # Who to call

        {{{{ partner_card("{partner.id}") }}}}

        {{{{ response_target("{category.id}") }}}}
    """,
    )
    build(data, tmp_path / "out", ["staff"], pdf=False)
    page = (tmp_path / "out/staff/pages/contacts/index.html").read_text(encoding="utf-8")
    assert partner.name.split()[0] in page
    assert category.initial_response.words() in page


def test_raw_html_in_a_page_is_cleaned(minimal, tmp_path):
    write(
        minimal / "pages" / "raw.md",
        """
        # Raw

        <script>window.HOSTILE=1</script>
        <img src=x onerror="window.HOSTILE=2">
        <p onclick="window.HOSTILE=3">kept text</p>

        [x](javascript:alert(1)) [ok](https://example.org/)
    """,
    )
    build(minimal, tmp_path / "out", ["staff"], pdf=False)
    page = (tmp_path / "out/staff/pages/raw/index.html").read_text(encoding="utf-8")
    article = page[page.index("<article") : page.index("</article>")]
    assert "HOSTILE" not in article and "<img" not in article and not bad_targets(article)
    assert "[x](javascript:alert(1))" in article  # shown as the text written, not a link
    assert "kept text" in article and 'href="https://example.org/"' in article


def test_the_pdf_writer_fetches_nothing_but_its_own_assets(tmp_path, listener):
    """Defence in depth: even HTML with images outside the package gets nothing from the fetcher."""
    from handbook.pdf import engine, sheet

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG not really")
    html = (
        f'<html lang="en"><head><title>t</title></head><body><p>x</p><img src="file://{secret}" alt="a">'
        f'<img src="http://127.0.0.1:{listener.port}/x.png" alt="b"></body></html>'
    )
    pages, logged = sheet.write_pdf(html, "", str(tmp_path / "out.pdf"), one_page=False)
    assert pages == 1 and listener.requests == []
    assert any("refused" in line for line in logged), logged
    with pytest.raises(ValueError):
        engine.fetch(f"file://{secret}")
    with pytest.raises(ValueError):
        engine.fetch("file:///etc/passwd")
    assert engine.fetch((engine.STYLESHEET).as_uri())  # the package's own assets are served
