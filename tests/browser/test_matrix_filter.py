"""The decision matrix filter in a real browser (plain JavaScript, no library; the table works without it)."""

from __future__ import annotations


def visible_rows(page) -> list[str]:
    return page.eval_on_selector_all(
        "article table tbody tr", "rows => rows.filter(r => !r.hidden).map(r => r.innerText)"
    )


def test_filter_narrows_the_matrix_rows(desktop, sites):
    page, served = desktop.page, sites["staff"].url.rstrip("/")
    page.goto(f"{served}/trainers/decision-matrix/")
    assert len(visible_rows(page)) == 10
    page.get_by_label("Severity").select_option("immediate danger")
    rows = visible_rows(page)
    assert len(rows) == 2 and all("immediate danger" in row for row in rows)
    assert page.locator(".matrix-filter__count").inner_text() == "Showing 2 of 10 rows."
    page.get_by_label("Property type").select_option("Large apartment building")
    rows = visible_rows(page)
    assert len(rows) == 1 and rows[0].startswith("Large apartment building")
    page.get_by_label("Occupancy").select_option("Empty")
    assert visible_rows(page) == []
    page.get_by_role("button", name="Show all rows").click()
    page.wait_for_function("document.querySelector('.matrix-filter__count').textContent === 'Showing 10 of 10 rows.'")
    assert len(visible_rows(page)) == 10
    assert not desktop.log.external()


def test_without_javascript_the_full_table_shows_and_the_form_stays_hidden(browser, sites):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{sites['staff'].url.rstrip('/')}/trainers/decision-matrix/")
    assert not page.locator("form.matrix-filter").is_visible()
    assert page.locator("article table tbody tr").count() == 10
    context.close()


def test_a_choice_with_a_hyphen_reads_as_written_and_finds_its_rows(desktop, sites):
    """'Single-family home' is offered as written (not 'Single\\-family home') and shows its rows."""
    page, served = desktop.page, sites["staff"].url.rstrip("/")
    page.goto(f"{served}/trainers/decision-matrix/")
    choices = page.get_by_label("Property type").locator("option").all_inner_texts()
    assert "Single-family home" in choices and not any("\\" in choice for choice in choices)
    page.get_by_label("Property type").select_option("Single-family home")
    rows = visible_rows(page)
    assert rows and all(row.startswith("Single-family home") for row in rows)
