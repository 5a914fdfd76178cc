"""The PDFs are laid out in the handbook's own copy of Liberation Sans, whatever fonts the machine has.

The repair sheet must fit on one page, and whether it does depends on the widths of its letters: on a
machine without Debian's fonts-liberation, WeasyPrint fell back to the wider DejaVu Sans and `make site`
stopped on the sample edition. These tests lay out with a font configuration that holds no Liberation
font at all, as a fresh machine has, and read the embedded fonts back from the PDFs."""

from __future__ import annotations

import pathlib
import subprocess
import sys
import textwrap

import pypdf

from helpers import ROOT


def embedded_fonts(path: pathlib.Path) -> set[str]:
    """The base names of the fonts a PDF embeds (without the subset prefix)."""
    names = set()
    for page in pypdf.PdfReader(path).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_a_machine_without_liberation_fonts_lays_out_in_liberation_sans(tmp_path):
    # fontconfig that knows only DejaVu (no Liberation, no other font): the fallback a fresh machine has
    dejavu = next((p for p in (pathlib.Path("/usr/share/fonts/truetype/dejavu"),) if p.is_dir()), None)
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        textwrap.dedent(f"""\
        <?xml version="1.0"?>
        <!DOCTYPE fontconfig SYSTEM "fonts.dtd">
        <fontconfig>
          {f"<dir>{dejavu}</dir>" if dejavu else ""}
          <cachedir>{tmp_path / "fc-cache"}</cachedir>
        </fontconfig>
        """),
        encoding="utf-8",
    )
    out = tmp_path / "t.pdf"
    script = textwrap.dedent(f"""\
        from handbook.pdf import engine
        css = engine.STYLESHEET.read_text(encoding="utf-8")
        document, logged = engine.layout("<html lang='en'><body><h1>Repairs</h1><p>Help <b>with</b> "
                                         "<i>repairs</i></p></body></html>", css)
        document.write_pdf({str(out)!r})
        """)
    env = {"FONTCONFIG_FILE": str(conf), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert embedded_fonts(out) == {"Liberation-Sans", "Liberation-Sans-Bold", "Liberation-Sans-Italic"}


def test_every_built_pdf_uses_only_the_bundled_font(built_site):
    downloads = sorted((built_site / "staff" / "downloads").glob("*.pdf"))
    assert len(downloads) > 5
    for path in downloads:
        fonts = embedded_fonts(path)
        assert fonts and all(name.startswith(("Liberation-Sans", "Liberation-Mono")) for name in fonts), (
            path.name,
            fonts,
        )


def test_page_references_are_built_again_only_when_a_page_is_added():
    """WeasyPrint reads pydyf's page references once per tagged element; rebuilt each time, writing took
    time in the square of the pages. Cached, they must still be exactly what pydyf would give."""
    import pydyf

    from handbook.pdf import engine

    original = pydyf.PDF.page_references.fget
    engine.cache_page_references()
    engine.cache_page_references()  # a second call changes nothing
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    assert pdf.page_references is first  # read again without being built again
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert pdf.page_references is not first and pdf.page_references == original(pdf)
    assert len(pdf.page_references) == 4


def test_the_stylesheet_is_parsed_once_and_its_warnings_reach_every_document(tmp_path):
    """Parsing print.css and loading its fonts took a quarter of an agenda's time, once per PDF; now once per
    process. Every document still gets the handbook's fonts, and each one hears about a bad declaration."""
    from handbook.pdf import engine, sheet

    css = engine.STYLESHEET.read_text(encoding="utf-8") + "\np { colour: red; }\n"
    engine._stylesheet.cache_clear()
    found = []
    for name in ("one", "two"):
        html = f'<html lang="en"><head><title>{name}</title></head><body><p>Page {name}</p></body></html>'
        pages, logged = sheet.write_pdf(html, css, str(tmp_path / f"{name}.pdf"), one_page=False)
        found.append(logged)
        assert embedded_fonts(tmp_path / f"{name}.pdf") == {"Liberation-Sans"}
    assert engine._stylesheet.cache_info().misses == 1
    assert all(any("colour" in message for message in logged) for logged in found)
