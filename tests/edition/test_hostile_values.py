"""Values that try to do more than be read: an e-mail address with mail headers, control characters that
would reach a keeper's terminal raw, and characters that change how text reads without being seen."""

from __future__ import annotations

import re

import pytest

from handbook import prose
from handbook.pages.markdown import email, link
from handbook.problems import Problem
from helpers import write


@pytest.mark.parametrize(
    "address",
    [
        "codecompliance@example.org?bcc=everyone@example.org",
        "a@example.org?subject=Hi&body=x",
        "a@example.org&cc=b@x.org",
        "a@example.org%0abcc:b@example.org",
        "a@example.org%0D%0ABcc: b@example.org",
        "a @example.org",
        "a@example.org, b@example.org",
        "a@example.org;b@example.org",
        "<a@example.org>",
        "a@example.org\tx",
        "not-an-address",
    ],
)
def test_check_refuses_an_e_mail_value_that_is_not_one_address(run, default_copy, address):
    path = default_copy / "jurisdiction.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.strip().startswith("email: codecompliance@"))
    path.write_text(
        text.replace(
            "email: codecompliance@example.org",
            f"email: {address!r}".replace("'", '"') if "\t" not in address else 'email: "a@example.org\\tx"',
            1,
        ),
        encoding="utf-8",
    )
    code, _, err = run("check", "--data", default_copy)
    assert code == 1, err
    assert re.search(
        rf"jurisdiction\.yaml:{line}:\d+: '[^\n]*' is not one e-mail address \(.*\); write the address "
        r"alone, e\.g\. code\.enforcement@example\.gov",
        err,
    ), err


def test_a_contact_e_mail_with_headers_is_refused_at_its_line(run, default_copy):
    path = default_copy / "partners.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "email: homerepair@example.org" in row)
    path.write_text(
        text.replace("email: homerepair@example.org", "email: homerepair@example.org?bcc=x@example.org"),
        encoding="utf-8",
    )
    code, _, err = run("check", "--data", default_copy)
    assert code == 1
    assert re.search(
        rf"partners\.yaml:{line}:16: 'homerepair@example\.org\?bcc=x@example\.org' is not one e-mail "
        r"address \(it holds '\?', which would add mail headers",
        err,
    ), err


@pytest.mark.parametrize(
    "target",
    [
        "mailto:a@example.org?bcc=b@example.org",
        "mailto:a@example.org?subject=x",
        "MAILTO:a@example.org&cc=b@example.org",
        "mailto:a@example.org%0abcc:b@example.org",
        "mailto:a@example.org,b@example.org",
        "mailto:?to=a@example.org",
        "mailto:a@example.org;b@example.org",
        "mailto:a%40example.org?cc=b",
    ],
)
def test_a_mail_link_never_carries_headers(target):
    assert not prose.link_allowed(target)
    for rendered in (
        prose.html(f"[write]({target})"),
        prose.page_html(f'[write]({target})\n\n<a href="{target}">x</a>'),
        link("write", target),
        email(target.partition(":")[2]),
    ):
        assert "href" not in rendered, rendered
    assert prose.link_allowed("mailto:code.enforcement@example.gov")
    assert 'href="mailto:a@example.org"' in prose.html("[write](mailto:a@example.org)")


# --------------------------------------------------------------------------- messages shown in a terminal


@pytest.mark.parametrize(
    "raw,shown",
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
        ("a\rb", "a\\x0db"),
        ("a\nb", "a\\nb"),
        ("\x9b31m", "\\x9b31m"),
        ("\x00", "\\x00"),
        ("\x7f", "\\x7f"),
        ("\u202eevil", "\\u202eevil"),
        ("a\u200bb", "a\\u200bb"),
    ],
)
def test_a_message_shows_control_characters_escaped(raw, shown):
    assert str(Problem(f"x{raw}.yaml", 1, 2, f"unknown key '{raw}'")) == f"x{shown}.yaml:1:2: unknown key '{shown}'"


@pytest.mark.parametrize("key", ["tit\x1b[31mle", "ti\x1b]0;owned\x07tle", "titl\re", "ti\u202etle"])
def test_a_key_with_control_characters_reaches_the_terminal_escaped(run, minimal, key):
    path = minimal / "jurisdiction.yaml"
    escaped = key.encode("unicode_escape").decode("ascii").replace("\\x1b", "\\e")
    path.write_text(
        path.read_text(encoding="utf-8") + f'"{key.encode("unicode_escape").decode("ascii")}": x\n', encoding="utf-8"
    )
    code, _, err = run("check", "--data", minimal)
    assert code == 1
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", err), repr(err)
    assert "unknown key" in err and ("\\x1b" in err or "\\x0d" in err or "\\u202e" in err), (escaped, err)


# --------------------------------------------------------------------------- invisible characters


@pytest.mark.parametrize(
    "char",
    [
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
        "\u200b",
        "\u200c",
        "\u200d",
        "\u2060",
        "\ufeff",
    ],
)
def test_check_warns_about_invisible_characters_in_text_at_their_place(run, minimal, char):
    path = minimal / "jurisdiction.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "mission: Keep test homes safe.", f'mission: "Keep test {char}homes safe."'
        ),
        encoding="utf-8",
    )
    write(minimal / "pages" / "snow.md", f"# Snow\n\nShovel the {char}walk.\n")
    code, _, err = run("check", "--data", minimal)
    assert code == 0, err
    assert re.search(
        rf"jurisdiction\.yaml:3:10: warning: an invisible character \(.+, U\+{ord(char):04X}\) is in this "
        r"text; it changes how the text reads without being seen; delete it",
        err,
    ), err
    assert re.search(rf"pages/snow\.md:3:12: warning: an invisible character \(.+, U\+{ord(char):04X}\)", err), err
    assert not re.search("[\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff]", err)
    code, _, err = run("check", "--strict", "--data", minimal)
    assert code == 1


@pytest.mark.parametrize(
    "args",
    [
        lambda d: ("new", str(d), "--name", "Testville"),  # a folder that exists and is not empty
        lambda d: ("export", "partners", str(d / "list.ods")),  # a spreadsheet of an unknown kind
    ],
)
def test_command_errors_show_a_path_s_control_characters_escaped(run, tmp_path, args):
    """Every command's error line, not only check's and build's: a folder or file name holding a terminal
    escape code is shown escaped."""
    folder = tmp_path / "evil\x1b[2J\x1b]0;owned\x07"
    folder.mkdir()
    (folder / "x").write_text("x", encoding="utf-8")
    code, out, err = run(*args(folder))
    assert code != 0
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "\\x1b[2J" in err
