"""What PDF/UA-1 asks of a tagged PDF's structure beyond what WeasyPrint writes: one pikepdf pass over every PDF.

WeasyPrint (pdf_variant "pdf/ua-1") tags the document, gives each link annotation its /Link structure element
(an OBJR, /StructParent, /Contents) and each page /Tabs /S, and ties a table's data cells to their header cells
by /Headers naming the headers' /ID. It leaves out:

- /Scope on header cells (PDF/UA-1 7.5, WCAG 1.3.1): a TH becomes /Row when a data cell of its own row names it
  (WeasyPrint names a header that way only for <th scope="row">), /Column otherwise;
- an /IDTree in the structure tree root, which a reader needs to find a header by the /ID a cell names;
- a link's annotation in its /Link element: where a link's text holds elements of its own (an address that breaks
  only at dots and slashes is spans), WeasyPrint puts the annotation's OBJR in the inner /Span and the parent tree
  points there; it is moved up to the /Link element (PDF/UA-1 7.18.5);
- /IDs unique in the document: each table numbers its headers by its own object number, so the chunks of
  handbook.pdf, each written on its own, repeat them. Every header is renamed here by its table's place in the
  document, its row and its cell, and the cells' /Headers follow.

complete() does all of it in place; it may run on a PDF it has already completed (the names are made again from
the same places). engine.save() runs it on every document it writes whole and book.join() on the joined book.
"""

from __future__ import annotations

ROW, COLUMN = "/Row", "/Column"
GROUPS = ("/THead", "/TBody", "/TFoot")


def complete(pdf) -> None:
    """Scopes for every header cell, unique /IDs with an /IDTree, /Tabs /S on every page with annotations."""
    import pikepdf

    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    named = {}
    for number, table in enumerate(elements(root, "/Table"), 1):
        named.update(_complete_table(table, number))
    if named:
        flat = pikepdf.Array()
        for name in sorted(named, key=lambda n: n.encode("utf-8")):
            flat.append(pikepdf.String(name))
            flat.append(named[name])
        root.IDTree = pdf.make_indirect(pikepdf.Dictionary(Names=flat))
    elif "/IDTree" in root:
        del root["/IDTree"]
    slots = parent_slots(root.get("/ParentTree"))
    for page in pdf.pages:
        if "/Annots" in page.obj:
            page.obj.Tabs = pikepdf.Name.S
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") == "/Link" and "/StructParent" in annotation:
                _hold_in_link(annotation, slots.get(int(annotation.StructParent)))


def parent_slots(tree) -> dict:
    """The parent tree's entries as {key: (its /Nums array, the index of the value)}, to be read and replaced."""
    import pikepdf

    found, todo = {}, [tree]
    while todo:
        node = todo.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        nums = node.get("/Nums")
        if isinstance(nums, pikepdf.Array):
            found.update({int(nums[i]): (nums, i + 1) for i in range(0, len(nums) - 1, 2)})
        todo.extend(node.get("/Kids", []))
    return found


def _hold_in_link(annotation, slot) -> None:
    """A link annotation whose OBJR sits in an element inside its /Link element (a /Span of its text): the OBJR
    moved into the /Link element, and the parent tree pointed at it."""
    import pikepdf

    if slot is None:
        return
    nums, index = slot
    holder = nums[index]
    if not isinstance(holder, pikepdf.Dictionary) or holder.get("/S") == "/Link":
        return
    link = holder.get("/P")
    while isinstance(link, pikepdf.Dictionary) and link.get("/S") not in ("/Link", None):
        link = link.get("/P")
    if not isinstance(link, pikepdf.Dictionary) or link.get("/S") != "/Link":
        return
    held = holder.K if isinstance(holder.get("/K"), pikepdf.Array) else pikepdf.Array([holder.get("/K")])
    for i, kid in enumerate(held):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR" and kid.Obj.objgen == annotation.objgen:
            objr = kid
            del held[i]
            break
    else:
        return
    holder.K = held
    if not isinstance(link.get("/K"), pikepdf.Array):
        link.K = pikepdf.Array([] if link.get("/K") is None else [link.K])
    link.K.insert(0, objr)
    nums[index] = link


def complete_file(path: str) -> None:
    """complete() a PDF file in place."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        complete(pdf)
        pdf.save(path, object_stream_mode=pikepdf.ObjectStreamMode.generate)


def elements(root, role: str) -> list:
    """The structure elements under root with role (/S) role, in document order (no recursion: a long book
    nests deep)."""
    import pikepdf

    found, todo, seen = [], [root], set()
    while todo:
        node = todo.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        if node.get("/S") == role:
            found.append(node)
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            todo.extend(reversed(list(kids)))
        elif isinstance(kids, pikepdf.Dictionary):
            todo.append(kids)
    return found


def kids(element) -> list:
    """An element's child structure elements (not its marked content or object references)."""
    import pikepdf

    found = element.get("/K")
    found = list(found) if isinstance(found, pikepdf.Array) else [found]
    return [kid for kid in found if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def rows(table) -> list:
    """A table's TR elements, directly under it or in its THead, TBody and TFoot."""
    found = []
    for kid in kids(table):
        if kid.S in GROUPS:
            found += [row for row in kids(kid) if row.S == "/TR"]
        elif kid.S == "/TR":
            found.append(kid)
    return found


def table_attributes(element):
    """The element's attribute dictionary owned by /Table (made if it has none)."""
    import pikepdf

    found = element.get("/A")
    candidates = list(found) if isinstance(found, pikepdf.Array) else [found]
    for attributes in candidates:
        if isinstance(attributes, pikepdf.Dictionary) and attributes.get("/O") == "/Table":
            return attributes
    made = pikepdf.Dictionary(O=pikepdf.Name.Table)
    if found is None:
        element.A = made
        return element.A
    if not isinstance(found, pikepdf.Array):
        element.A = pikepdf.Array([found])
    element.A.append(made)
    return element.A[-1]


def _complete_table(table, number: int) -> dict:
    """Scope and a document-wide /ID for each header of one table, its cells' /Headers renamed to match;
    returns the headers by their new /ID."""
    import pikepdf

    renamed, headers, scopes = {}, {}, {}
    cells_by_row = [[cell for cell in kids(row) if cell.S in ("/TH", "/TD")] for row in rows(table)]
    for i, cells in enumerate(cells_by_row):
        row_named = {str(n) for cell in cells if cell.S == "/TD" for n in table_attributes(cell).get("/Headers", [])}
        for j, cell in enumerate(cells):
            if cell.S != "/TH":
                continue
            name, old = f"table{number}-{i}-{j}", str(cell.get("/ID", ""))
            if old:
                renamed[old] = name
            scopes[name] = ROW if old in row_named else COLUMN
            cell.ID = pikepdf.String(name)
            headers[name] = cell
    for cells in cells_by_row:
        for cell in cells:
            attributes = table_attributes(cell)
            if cell.S == "/TH":
                attributes.Scope = pikepdf.Name(scopes[str(cell.ID)])
            if "/Headers" in attributes:
                attributes.Headers = pikepdf.Array(
                    [pikepdf.String(renamed.get(str(n), str(n))) for n in attributes.Headers]
                )
    return headers
