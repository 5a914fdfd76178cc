"""A department's own pages, written by someone who may add a page to an edition but not change the project.

Macro calls are read in plain Python (handbook.pages.own), never by a template engine: whatever else a page
writes between braces is an error at its line and column, reported alike by `handbook check` and the build,
for a staff page and a public one, and nothing is read, written or run. A page's words are rendered by
markdown-it-py in linear time and cleaned by the page allowlist; what the allowlist drops is a warning."""

from __future__ import annotations

import json
import pathlib
import re
import shutil
import subprocess
import sys
import textwrap

import pytest

from handbook import prose
from handbook.build import build
from handbook.edition import load_edition
from handbook.edition import models as m
from handbook.pages import macros, own
from handbook.pages.context import Context
from helpers import DATA, ROOT, search_entries, write


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> pathlib.Path:
    """A copy of the default edition, shared by the tests that only read it (each adds pages to its own copy)."""
    target = tmp_path_factory.mktemp("city") / "data"
    shutil.copytree(DATA, target)
    return target


def page(body: str, render_macros: bool = True, public: bool = False, line: int = 5) -> m.DepartmentPage:
    return m.DepartmentPage(
        id="p", title="P", body=body, path="pages/p.md", body_line=line, render_macros=render_macros, public=public
    )


# --------------------------------------------------------------------------- what a page may write between braces

HOSTILE_CALLS = [
    "{{ }}",
    "{{}}",
    "{{   }}",
    "{{ 7*7 }}",
    "{{ self }}",
    "{{ lipsum }}",
    "{{ cycler }}",
    "{{ config }}",
    "{{ partner.__class__ }}",
    "{{ x.func.__globals__ }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ partner_card.__globals__ }}",
    "{{ partner_card.func }}",
    "{{ partner_card.args[0].edition.root }}",
    "{{ partner_card('police').__class__ }}",
    "{{ partner_card('police') | safe }}",
    "{{ partner_card('police')[0] }}",
    "{{ partner_card(x) }}",
    "{{ partner_card(7) }}",
    "{{ partner_card(partner_card) }}",
    "{{ partner_card('a' ~ 'b') }}",
    '{{ partner_card("a" + "b") }}',
    "{{ partner_card(id='police') }}",
    "{{ response_target('{{x}}') }}",
    "{{ home_page }}",
    "{{ home_page() ",
    "{{ range(10) }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ request }}",
    "{{ namespace() }}",
    "{{ joiner() }}",
    "{{ dict(a=1) }}",
    "{{- home_page() -}}",
    "{{ home_page()() }}",
    "{% include 'x' %}",
    "{% import 'os' as os %}",
    "{% set x = 1 %}",
    "{%raw%}",
    "{% for x in y %}{% endfor %}",
    "{{ partner_card() }}",
    "{{ partner_card('police', 'fire') }}",
    "{{ home_page('x') }}",
    "{{ nonsense() }}",
    "{{ partner_cards('police') }}",
]


@pytest.mark.parametrize("call", HOSTILE_CALLS)
def test_anything_but_a_registered_macro_call_is_a_located_error(call):
    _, problems = own.parse(page(f"# Page\n\nSome words first, then {call} and more.\n"))
    assert problems, call
    first = problems[0]
    assert (first.path, first.line, first.column) == ("pages/p.md", 7, len("Some words first, then ") + 1), first
    assert (
        first.message.endswith(("show the braces as written", "show it as written", "staff_expectations"))
        or "takes" in first.message
    ), first.message
    with pytest.raises(own.PageError, match=r"^pages/p\.md:7:24: "):
        own.markdown(
            Context(edition=load_edition(DATA), audience="staff", src="pages/p.md"),
            page(f"# Page\n\nSome words first, then {call} and more.\n"),
        )


def test_messages_name_the_problem_and_the_fix():
    def message(body):
        return own.parse(page(body))[1][0].message

    assert message("{{ }}").startswith("an empty '{{ }}'; write a macro call such as {{ partner_card(\"land-bank\") }}")
    assert message("{{ partner_cards('x') }}").startswith(
        "'partner_cards' is not one of the handbook's macros; did you mean 'partner_card'? a page may call only "
    )
    assert message("{{ cycler.__init__ }}").startswith("'cycler' is not one of the handbook's macros")
    assert message("{{ partner_card('a', 'b') }}").startswith("partner_card takes 1 argument (a partner id), not 2")
    assert message("{% include 'x' %}").startswith("a page may not hold template blocks ('{%')")
    assert message("{{ partner_card.args }}").startswith(
        "this '{{' does not hold a macro call; a page may only call a macro by its name with text arguments in quotes"
    )


def test_a_page_without_render_macros_shows_braces_as_written():
    pieces, problems = own.parse(page("{{ cycler.init }} {% include 'x' %}", render_macros=False))
    assert problems == [] and pieces == ["{{ cycler.init }} {% include 'x' %}"]
    assert prose.page_html(pieces[0]) == "<p>{{ cycler.init }} {% include 'x' %}</p>\n"


def test_calls_are_read_with_their_text_arguments_and_places():
    pieces, problems = own.parse(
        page("a\n  {{ partner_card('land-bank') }} b {{response_target( \"x-y\" , )}}\n{{ home_page() }}")
    )
    assert problems == []
    calls = [p for p in pieces if isinstance(p, own.Call)]
    assert calls == [
        own.Call("partner_card", ("land-bank",), 6, 3),
        own.Call("response_target", ("x-y",), 6, 37),
        own.Call("home_page", (), 7, 1),
    ]
    assert [p for p in pieces if isinstance(p, str)] == ["a\n  ", " b ", "\n", ""]


def test_nothing_a_page_names_is_an_object():
    """The registry hands a page no object: a macro is a name that own.markdown looks up and calls itself, with the
    page's own strings. No template environment, global, filter or attribute is reachable from a page."""
    assert not hasattr(own, "jinja2") and not hasattr(own, "SandboxedEnvironment")
    for name, macro in macros.MACROS.items():
        assert re.fullmatch(r"[a-z_]+", name)
        assert all(isinstance(a, macros.Argument) for a in macro.arguments)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "macros" not in re.sub(r"#.*", "", config), "no template plugin may render pages"
    assert not (ROOT / "macros").exists()


# --------------------------------------------------------------------------- the build and check agree


def check_and_build(run, data: pathlib.Path, tmp_path: pathlib.Path) -> tuple[str, str]:
    """`handbook check`'s and `handbook build`'s stderr for data; both must fail, nothing built."""
    code, _, check_err = run("check", "--data", data)
    assert code == 1, check_err
    code, _, build_err = run("build", "--data", data, "--out", tmp_path / "out", "--no-pdf")
    assert code == 1, build_err
    assert not (tmp_path / "out" / "staff").exists()
    assert "Traceback" not in check_err + build_err
    return check_err, build_err


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if re.match(r"\S+:\d+:\d+: ", line) and "warning:" not in line]


@pytest.mark.parametrize("public", [False, True])
@pytest.mark.parametrize(
    "body,expected",
    [
        ("{{ }}", r"pages/bad\.md:6:4: an empty '\{\{ \}\}'"),
        (
            "{{ partner_card('no-such-partner') }}",
            r"pages/bad\.md:6:4: partner_card: there is no partner with the id "
            r"'no-such-partner'",
        ),
        ("{{ partner.__class__ }}", r"pages/bad\.md:6:4: 'partner' is not one of the handbook's macros"),
        ("{% include 'jurisdiction.yaml' %}", r"pages/bad\.md:6:4: a page may not hold template blocks"),
        (
            "{{ module_page('purpose') }}",
            r"pages/bad\.md:6:4: module_page: the training module 'purpose' is not on the "
            r"public site, and this page is public",
        ),
    ],
)
def test_check_reports_what_the_build_refuses_at_the_same_place(run, tmp_path, body, expected, public):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    write(
        data / "pages" / "bad.md",
        f"""
        ---
        title: Bad
        public: {"true" if public else "false"}
        render_macros: true
        ---
        Hi {body}
    """,
    )
    if "module_page" in body and not public:  # the staff site has the modules: this page is fine
        assert run("check", "--data", data)[0] == 0
        return
    check_err, build_err = check_and_build(run, data, tmp_path)
    assert re.search(expected, check_err), check_err
    assert error_lines(check_err) == error_lines(build_err)


def test_a_public_page_may_not_show_a_staff_only_partner(run, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    write(
        data / "pages" / "who.md",
        """
        ---
        public: true
        render_macros: true
        ---
        # Who to call

        {{ partner_card("police") }}
    """,
    )
    check_err, build_err = check_and_build(run, data, tmp_path)
    assert re.search(
        r"pages/who\.md:7:1: partner_card: the partner 'police' is not on the public site, and this page "
        r"is public; mark the partner public: true, or make this page staff-only",
        check_err,
    ), check_err
    assert error_lines(check_err) == error_lines(build_err)


def test_registered_macros_still_work_on_staff_and_public_pages(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    edition = load_edition(data)
    partner = next(p for p in edition.partners if p.public)
    category = edition.process.categories[0]
    write(
        data / "pages" / "contacts.md",
        f"""
        ---
        title: Who to call
        public: true
        render_macros: true
        ---
        # Who to call

        Call them: {{{{ partner_card('{partner.id}') }}}}

        {{{{ response_target("{category.id}") }}}}

        {{{{ service_standards() }}}}

        See [the complaint guide](../process/complaints.md#how-fast-we-respond) and [top](#who-to-call).

        ## In winter

        Words.
    """,
    )
    build(data, tmp_path / "out", ["staff", "public"], pdf=False)
    for audience in ("staff", "public"):
        html = (tmp_path / "out" / audience / "pages/contacts/index.html").read_text(encoding="utf-8")
        article = html[html.index("<article") : html.index("</article>")]
        assert partner.name.split()[0] in article and category.initial_response.words() in article
        assert 'class="admonition info"' in article  # the macro's Markdown is still Python-Markdown's
        assert 'href="../../process/complaints/#how-fast-we-respond"' in article
        assert '<h1 id="who-to-call">Who to call</h1>' in article and 'href="#who-to-call"' in article
        assert "{{" not in article and "HBK" not in article
        toc = html[html.index("md-nav--secondary") : html.index("<article")]
        assert 'href="#in-winter"' in toc and "In winter" in toc  # the page's own table of contents


# --------------------------------------------------------------------------- the objects a template could walk


def test_the_walk_from_a_macro_to_the_file_system_is_refused(run, tmp_path):
    """The escape the old sandbox allowed: from a registered macro (a functools.partial) to its Context, the
    Edition, its root Path, and read_text/write_text. Every variant is refused at its place; nothing is read
    into the site and nothing is written."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-VALUE-42", encoding="utf-8")
    planted = tmp_path / "planted.py"
    walks = [
        "{{ partner_card.args[0].edition.root.parent.joinpath('secret.txt').read_text() }}",
        "{{ partner_card.args[0].edition.root.joinpath('../planted.py').write_text('import os') }}",
        "{{ partner_card.func.__globals__['ctx'] }}",
        "{{ partner_card.keywords }}",
        "{{ (partner_card.args|first).edition.root.read_text() }}",
        "{{ cycler.__init__.__globals__.os.popen('touch planted.py').read() }}",
        "{{ self._TemplateReference__context }}",
        "{{ lipsum.__globals__['os'].system('id') }}",
    ]
    write(
        data / "pages" / "walk.md",
        "---\nrender_macros: true\npublic: true\n---\n# Walk\n\n" + "\n\n".join(walks) + "\n",
    )
    check_err, build_err = check_and_build(run, data, tmp_path)
    lines = error_lines(check_err)
    assert [int(re.search(r"walk\.md:(\d+):1:", line).group(1)) for line in lines] == list(
        range(7, 7 + 2 * len(walks), 2)
    )
    assert lines == error_lines(build_err)
    assert not planted.exists() and not (tmp_path / "data" / "planted.py").exists()
    assert "SECRET-VALUE-42" not in check_err + build_err


# --------------------------------------------------------------------------- what the allowlist drops, told


@pytest.mark.parametrize(
    "markup,what",
    [
        ("<script>alert(1)</script>", "the HTML tag <script> is removed"),
        ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "the HTML tag <script> is removed"),
        ("text <style>body{display:none}</style> text", "the HTML tag <style> is removed"),
        ('<iframe src="https://evil.example"></iframe>', "the HTML tag <iframe> is removed"),
        ("<img src=x onerror=alert(1)>", "the HTML tag <img> is removed"),
        ('<div onclick="alert(1)">x</div>', "the attribute 'onclick' of <div> is removed"),
        ('<span style="color:red">x</span>', "the attribute 'style' of <span> is removed"),
        ('<a href="javascript:alert(1)">x</a>', "the link target 'javascript:alert(1)' is not allowed"),
        ("[x](javascript:alert(1))", "the link target 'javascript:alert(1)' is not allowed"),
        (
            "[mail](mailto:a@example.org?bcc=b@example.org)",
            "the e-mail link 'mailto:a@example.org?bcc=b@example.org' is not a single address",
        ),
        ("![x](https://example.org/x.png)", "images are not shown in the handbook"),
        ('<form action="/x"><input name=q></form>', "the HTML tag <form> is removed"),
    ],
)
def test_what_the_allowlist_drops_is_a_warning_at_its_line(run, minimal, markup, what):
    write(
        minimal / "pages" / "raw.md",
        f"""
        ---
        title: Raw
        ---
        # Raw

        Fine words.

        {markup}
    """,
    )
    code, _, err = run("check", "--data", minimal)
    assert code == 0, err
    assert re.search(r"pages/raw\.md:8:\d+: warning: " + re.escape(what), err), err


def test_the_page_loses_what_it_was_warned_about(minimal, tmp_path):
    write(
        minimal / "pages" / "raw.md",
        """
        # Raw

        <script>window.HOSTILE=1</script>
        <p onclick="window.HOSTILE=3" style="x">kept text</p>
    """,
    )
    build(minimal, tmp_path / "out", ["staff"], pdf=False)
    html = (tmp_path / "out/staff/pages/raw/index.html").read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    assert "HOSTILE" not in article and "kept text" in article and "style=" not in article


# --------------------------------------------------------------------------- front matter never closed


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: Snow\npublic: true\n\n# Snow\n\nWords.\n",
        "---\ntitle: Snow\n",
        "---   \npublic: true",
        "---\n",
    ],
)
def test_a_front_matter_never_closed_is_an_error(run, minimal, tmp_path, text):
    (minimal / "pages").mkdir()
    (minimal / "pages" / "snow.md").write_text(text, encoding="utf-8")
    check_err, build_err = check_and_build(run, minimal, tmp_path)
    assert (
        "pages/snow.md:1:1: the front matter that starts here is never closed; end it with a line of three "
        "dashes (---) before the page's text" in check_err
    )
    assert error_lines(check_err) == error_lines(build_err)


def test_a_page_that_only_starts_with_a_rule_after_text_is_fine(run, minimal):
    write(minimal / "pages" / "snow.md", "# Snow\n\n---\n\nWords.\n")
    assert run("check", "--data", minimal)[0] == 0


# --------------------------------------------------------------------------- linear time


@pytest.mark.parametrize("body", ["[" * 20_000, "[a](" * 20_000, "*a" * 20_000, "<a " * 20_000, "&#" * 20_000])
def test_a_page_of_twenty_thousand_brackets_is_checked_and_rendered_at_once(body, tmp_path):
    """Python-Markdown took over a minute on 20,000 '['; `check` renders every public page for its reading grade."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests/fixtures/minimal", data)
    write(data / "pages" / "brackets.md", "---\npublic: true\n---\n# Brackets\n\n")
    with (data / "pages" / "brackets.md").open("a", encoding="utf-8") as f:
        f.write(body + "\n")
    script = textwrap.dedent(f"""
        import pathlib
        from handbook.edition import load_edition
        from handbook.pages import registry
        from handbook.mkdocs import readability
        edition = load_edition(pathlib.Path({str(data)!r}))
        pages = dict(registry.render_all(edition, "staff"))
        readability.grades(pathlib.Path({str(data)!r}))
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 0 and "ok" in result.stdout, result.stderr[-2000:]


# --------------------------------------------------------------------------- titles are text

HOSTILE_TITLES = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    '"><svg onload=alert(3)>',
    "&lt;script&gt;alert(4)&lt;/script&gt;",
    "</title><script>alert(5)</script>",
    "&#60;img src=x onerror=alert(6)&#62;",
    "{{ 7*7 }} <b onmouseover=alert(7)>b</b>",
]


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def titled_build(tmp_path_factory, request):
    work = tmp_path_factory.mktemp("titles")
    data = work / "data"
    shutil.copytree(DATA, data)
    for i, title in enumerate(HOSTILE_TITLES):
        if i % 2:  # the front matter's title
            write(data / "pages" / f"t{i}.md", f"---\ntitle: {json.dumps(title)}\npublic: true\n---\n\nWords {i}.\n")
        else:  # the first heading
            write(data / "pages" / f"t{i}.md", f"---\npublic: true\n---\n# {title}\n\nWords {i}.\n")
    build(data, work / "out", ["staff", "public"], pdf=False, engine=request.param)  # no chapter of a PDF
    return work / "out"


def visible_text(html_text: str) -> str:
    """What a browser shows for an HTML fragment: tags removed, entities decoded once."""
    import html

    return html.unescape(re.sub(r"<[^>]*>", "", html_text))


def test_hostile_titles_are_shown_as_text(titled_build):
    from safety import start_tags

    for audience in ("staff", "public"):
        for i, title in enumerate(HOSTILE_TITLES):
            html = (titled_build / audience / f"pages/t{i}/index.html").read_text(encoding="utf-8")
            tags = start_tags(html)
            assert not [t for t, _ in tags if t in ("img", "b")], (i, title)  # the theme draws its icons in <svg>
            assert not [name for _, attrs in tags for name, _ in attrs if name.startswith("on")], (i, title)
            scripts = "".join(re.findall(r"<script[^>]*>(.*?)</script>", html, re.S))
            assert "alert(" not in scripts, (i, title)
            head_title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
            assert visible_text(head_title).startswith(title), (head_title, title)
            h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
            assert start_tags(h1) == [], h1  # a heading's markup is dropped (and warned about), never kept
            other = (i + 1) % len(HOSTILE_TITLES)  # the navigation links every other page by its title
            nav = [
                visible_text(a)
                for a in re.findall(rf'<a href="\.\./t{other}/" class="md-nav__link">(.*?)</a>', html, re.S)
            ]
            assert [" ".join(n.split()) for n in nav] == [HOSTILE_TITLES[other]], (nav, HOSTILE_TITLES[other])
        for doc in search_entries(titled_build / audience):
            tags = start_tags(doc["title"]) + start_tags(doc["text"])
            assert not [t for t, _ in tags if t in ("img", "svg", "script", "b")], doc
            assert not [name for _, attrs in tags for name, _ in attrs if name.startswith("on")], doc


@pytest.mark.parametrize("indent", ["", "   "])
def test_a_macro_error_after_blank_lines_is_reported_at_its_own_line(run, minimal, tmp_path, indent):
    """The body is read as written: blank lines (and spaces) before the first words move no place of a message."""
    (minimal / "pages").mkdir()
    (minimal / "pages" / "snow.md").write_text(
        f"---\ntitle: Snow\nrender_macros: true\n---\n\n\n\n{indent}{{{{ 7*7 }}}}\n", encoding="utf-8"
    )
    check_err, build_err = check_and_build(run, minimal, tmp_path)
    expected = f"pages/snow.md:8:{len(indent) + 1}: this '{{{{' does not hold a macro call"
    assert [line.split(str(minimal) + "/")[-1][: len(expected)] for line in error_lines(check_err)] == [expected]
    assert error_lines(check_err) == error_lines(build_err)
