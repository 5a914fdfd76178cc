"""Pages as Markdown: the one page registry, the template environment, and a module per navigation section.

Pure functions of an edition (through a Context), testable without MkDocs."""
