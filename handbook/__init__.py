"""The code enforcement handbook: a department's YAML files in, two sites and printable PDFs out.

The package follows the flow of the data, and a module imports only from rooms above it here:

    paths, problems, text   where the project's files are; problems with a place; escaping and words
    safeopen, atomic        the one way an edition's file is read; every file written in one rename
    edition/                YAML -> a validated Edition: yamlfile, models, kinds (the one table of data
                            files), validate, reader, overlay (extends:), own_pages, checks (every rule),
                            provenance, scaffold (handbook new), schema (JSON Schemas for editors),
                            sheets/ (handbook import/export: spreadsheet files, rows, the YAML editor)
    view                    the audience filter: what the public may see
    schedule/               agenda clock times, training plans and calendars
    cases/                  exports (case exports into DuckDB: readers, sql), measure (the targets), charts
    pages/                  registry (the one list of pages), page (what a page is), sections (each section's
                            pages), markdown (the template environment), and one module per navigation
                            section; downloads (which PDFs exist and link where)
    pdf/                    documents (the HTML of each PDF), chapters (the handbook's chapters from the page
                            registry); engine (WeasyPrint), sheet (the one-page fit), book (chunks joined),
                            workers, writer (the build step)
    site/                   sources (an audience's settings, navigation, pages and files; a folder of them for
                            any engine), markdown (the Markdown step's safe path), zensical (the second engine)
    mkdocs/                 the only MkDocs code: plugin (handed the Edition), preview, offline rendering, reading
                            grades
    build/                  one build of an edition into its output folder; the build stamp
    cli/                    the `handbook` command; settings (the only reader of the environment)

ARCHITECTURE.md in the project's root walks through adding a page, a data kind and a PDF.
"""
