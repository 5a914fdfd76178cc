"""How easy the public pages are to read: the school grade of each page's text.

Each public page is rendered to Markdown the way the site build does it (the same macros,
the same public edition), turned into HTML, stripped of markup, and scored with the
Flesch-Kincaid grade. `handbook check` prints the grades and warns above
jurisdiction.reading_grade_max.

Syllables are counted with Pyphen's English dictionary, as textstat did before 0.7.4:
textstat's own flesch_kincaid_grade now downloads the CMU dictionary at run time, and a check
must work without a network.
"""

from __future__ import annotations

import functools
import html.parser
import pathlib
import re
from dataclasses import dataclass

import markdown

from ..pages.page import Page
from ..paths import CONFIG
from . import offline

# Elements whose text stands alone: a heading, a table cell or a list item ends a sentence.
BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "div", "blockquote"}


@dataclass
class Reading:
    page: Page
    grade: float
    words: int


class _Text(html.parser.HTMLParser):
    """The text of an HTML fragment, with a full stop after every block that lacks one."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            text = "".join(self.parts).rstrip()
            if text and text[-1] not in ".!?:;":
                self.parts.append(".")
            self.parts.append("\n")


def plain_text(page_markdown: str) -> str:
    """The words a reader sees on a page written in Markdown."""
    parser = _Text()
    parser.feed(markdown.markdown(page_markdown, extensions=["tables", "attr_list", "admonition"]))
    return " ".join("".join(parser.parts).split())


@functools.cache
def _hyphenator():
    import pyphen  # loaded on first use: `handbook build` with nothing to do never needs it

    return pyphen.Pyphen(lang="en_US")


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def flesch_kincaid_grade(text: str) -> float:
    """The school grade a text reads at: 0.39 × words per sentence + 11.8 × syllables per word − 15.59."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    syllables = sum(len(_hyphenator().positions(word.lower())) + 1 for word in words)
    import textstat  # loaded on first use, as above

    return 0.39 * len(words) / textstat.sentence_count(text) + 11.8 * syllables / len(words) - 15.59


def grades(data_dir: pathlib.Path, config_file: pathlib.Path = CONFIG) -> list[Reading]:
    """The reading grade of every page of the public site."""
    result = []
    for page, markdown_text in offline.rendered_pages(pathlib.Path(data_dir), "public", config_file):
        words = plain_text(markdown_text)
        result.append(Reading(page, round(flesch_kincaid_grade(words), 1), len(_WORD.findall(words))))
    return result


def report(data_dir: pathlib.Path, grade_max: float) -> tuple[list[str], list[str]]:
    """Lines for `handbook check`: one per public page, and a warning for each page above grade_max."""
    lines, warnings = [], []
    for reading in grades(data_dir):
        lines.append(
            f"reading grade {reading.grade:4.1f}  {reading.page.title} ({reading.page.src}, {reading.words} words)"
        )
        if reading.grade > grade_max:
            warnings.append(
                f"warning: the public page '{reading.page.title}' ({reading.page.src}) reads at grade "
                f"{reading.grade}, above reading_grade_max {grade_max:g} in jurisdiction.yaml; "
                "use shorter sentences and everyday words"
            )
    return lines, warnings
