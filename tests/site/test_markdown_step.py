"""The handbook's Markdown extension (handbook.site.markdown): the safe path inside the Markdown step itself,
so that any engine rendering the pages with Python-Markdown (MkDocs, Zensical) makes the same safe pages."""

from __future__ import annotations

import json
import os

import markdown
import pytest

from handbook import prose
from handbook.problems import Problem
from handbook.site.markdown import NAME, HandbookExtension, toc_tokens


def render(text: str, stash=None, **more) -> tuple[str, markdown.Markdown]:
    md = markdown.Markdown(
        extensions=["tables", "attr_list", "toc", NAME], extension_configs={NAME: {"stash": stash or {}}}
    )
    return md.convert(text), md


RAW = [
    "<script>window.HOSTILE=1</script>",
    '<img src=x onerror="window.HOSTILE=2">',
    '<iframe src="https://evil.test">',
    '<a href="javascript:alert(3)">x</a>',
    '<a href="data:text/html,<script>alert(4)</script>">x</a>',
    '<p onclick="alert(5)">p</p>',
    '<object data="x.swf"></object>',
    "<style>body{display:none}</style>",
    "<svg onload=alert(6)>",
    '<a href="file:///etc/passwd">f</a>',
    '<form action="https://evil.test"><input></form>',
    '<base href="https://evil.test/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.test">',
    '<a href="//evil.test/x">host</a>',
    '<link rel=stylesheet href="https://evil.test/x.css">',
]


@pytest.mark.parametrize("raw", RAW)
def test_raw_html_in_any_page_cannot_run_or_load(raw):
    """Whatever raw HTML reaches a page's Markdown (a slip in a template's escaping), the page keeps none of it."""
    for text in (raw, f"| a | b |\n|---|---|\n| {raw} | x |\n", f"Before\n\n{raw}\n\nAfter"):
        page, _ = render(text)
        lowered = page.lower()
        for bad in (
            "<script",
            "onerror",
            "onclick",
            "onload",
            "<iframe",
            "javascript:",
            "data:text",
            "<object",
            "<style",
            "file:",
            "//evil",
            "<base",
            "<meta",
            "<link",
            "<input",
            "action=",
        ):
            assert bad not in lowered, (raw, page)


def test_the_handbook_s_own_form_and_alignment_are_kept():
    form = (
        '<form class="matrix-filter" data-matrix-filter hidden>\n<label for="f">Type</label>\n'
        '<select id="f" data-column="0">\n<option value="">Any</option>\n</select>\n'
        '<button type="reset" class="md-button">Show all rows</button>\n</form>\n\n'
        "| a | b |\n|--:|---|\n| 1 | 2 |\n"
    )
    page, _ = render(form)
    for kept in (
        'data-matrix-filter=""',
        'hidden=""',
        'data-column="0"',
        '<label for="f">',
        '<option value="">',
        '<button type="reset" class="md-button">',
        'style="text-align:right"',
    ):
        assert kept in page, page


def stash_of(*items, own=False) -> tuple[prose.Stash, list[str]]:
    stash = prose.Stash(own=own)
    tokens = [stash.put(*item) for item in items]
    return stash, tokens


def test_prose_is_put_in_place_and_cleaned_again_by_what_it_is():
    stash, (block, inline, made) = stash_of(
        ('<p>Call <a href="javascript:alert(1)">us</a> <script>x</script></p>', True, prose.PROSE),
        ("<strong>bold</strong><img src=x onerror=alert(2)>", False, prose.PROSE),
        ('<figure class="chart-figure"><svg role="img"><title>t</title></svg></figure>', True, prose.MADE),
    )
    page, _ = render(
        f"# Title\n\n{block}\n\n| a | b |\n|---|---|\n| {inline} | y |\n\n{made}\n", {stash.nonce: stash.data()}
    )
    assert "HBK" not in page
    assert (
        '<p>Call <a rel="noopener noreferrer">us</a> </p>' in page
        and "<script" not in page
        and "javascript" not in page
    )
    assert "<td><strong>bold</strong></td>" in page and "onerror" not in page and "<img" not in page
    assert '<figure class="chart-figure"><svg role="img"><title>t</title></svg></figure>' in page  # the handbook's own


def test_a_token_of_no_known_stash_stays_text():
    stash, (token,) = stash_of(("<p>real</p>", True, prose.PROSE))
    forged = token.replace(stash.nonce, "0123456789abcdef")
    page, _ = render(f"{forged}\n\n{token}\n", {stash.nonce: stash.data()})
    assert forged in page and "<p>real</p>" in page
    beyond = f"HBK{stash.nonce}N7Z"  # a known nonce, an index it never gave
    page, _ = render(beyond, {stash.nonce: stash.data()})
    assert beyond in page


def test_a_department_page_is_cleaned_whole_and_gets_its_table_of_contents():
    own_words = '<h2 id="when">When</h2><p>Text <a href="mailto:a@b.example?bcc=c@d.example">mail</a></p>'
    stash, (token,) = stash_of((own_words + "<script>x</script>", True, prose.OWN), own=True)
    # the Markdown of a macro on the same page (the handbook's), and the department's own words
    page, md = render(f"# Page\n\n{token}\n\n## Partner {{ #partner }}\n\nWords.\n", {stash.nonce: stash.data()})
    assert "<script" not in page and "bcc" not in page and '<h2 id="when">When</h2>' in page
    assert [t["id"] for t in md.toc_tokens] == ["page"]
    assert [t["id"] for t in md.toc_tokens[0]["children"]] == ["when", "partner"]


def test_numbers_become_calls_and_wide_tables_cards():
    page, _ = render("Call 216-664-2000.\n\n| a | b | c | d |\n|---|---|---|---|\n| 1 | 2 | 3 | 4 |\n")
    assert '<a href="tel:2166642000">216-664-2000</a>' in page
    assert '<table data-handbook-stack="">' in page and 'data-label="d"' in page


def test_the_stash_file_is_read_through_the_one_opener(tmp_path):
    """Zensical's configuration names the stash as a file: read as a regular file, never through a link."""
    stash, (token,) = stash_of(("<p>from the file</p>", True, prose.PROSE))
    path = tmp_path / "stash.json"
    path.write_text(json.dumps({stash.nonce: stash.data()}))
    page, _ = render(token, str(path))
    assert page == "<p>from the file</p>"
    (tmp_path / "elsewhere.json").write_text(path.read_text())
    path.unlink()
    os.symlink(tmp_path / "elsewhere.json", path)
    with pytest.raises(Problem):
        render(token, str(path))


def test_toc_tokens_nest_by_level_without_the_permalink():
    tokens = toc_tokens(
        '<h1 id="a">A</h1><h2 id="b">B<a class="headerlink" href="#b">¶</a></h2><h3 id="c">C</h3><h2 id="d">D</h2>'
    )
    assert [(t["id"], [(c["id"], [g["id"] for g in c["children"]]) for c in t["children"]]) for t in tokens] == [
        ("a", [("b", ["c"]), ("d", [])])
    ]
    assert tokens[0]["children"][0]["name"] == "B"


def test_the_extension_is_what_python_markdown_loads_by_name():
    md = markdown.Markdown(extensions=[NAME])
    assert "handbook" in md.postprocessors and isinstance(HandbookExtension(), markdown.Extension)
    assert md.postprocessors.get_index_for_name("handbook") == len(md.postprocessors) - 1  # the last step


def test_a_department_page_is_cleaned_whole_even_when_all_it_holds_is_the_handbook_s_markdown():
    """A department's page made only of macro calls has no words of its own to stash: it is still marked, and
    cleaned whole against the page allowlist (which has no form), not the site allowlist."""
    from handbook.pages.context import Context
    from handbook.pages.page import Page

    body = '# Only macros\n\n<form class="matrix-filter" data-matrix-filter hidden><select id="s"></select></form>\n'
    page = Page(src="pages/p.md", title="P", render=lambda ctx: body, own=True)
    markdown_text, stash = page.rendered(Context(edition=None, audience="staff", src=page.src))
    html_text, md = render(markdown_text, {stash.nonce: stash.data()})
    assert "<form" not in html_text and "<select" not in html_text and "HBK" not in html_text
    assert [t["id"] for t in md.toc_tokens] == ["only-macros"]
    generated = Page(src="p.md", title="P", render=lambda ctx: body)  # the handbook's own page keeps its form
    markdown_text, stash = generated.rendered(Context(edition=None, audience="staff", src=generated.src))
    assert "<form" in render(markdown_text, {stash.nonce: stash.data()})[0]
