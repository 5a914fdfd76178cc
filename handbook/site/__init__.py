"""The site's sources and the safe path inside the Markdown step, for any engine.

`sources.collect` makes, for an edition and an audience, what a static site engine needs: the settings, the
navigation, every page as Markdown (its prose as inert tokens) and the extra files; `sources.write` writes them
to a folder with a generated configuration. `markdown` is the Python-Markdown extension that configuration
lists: it puts the prose in place and cleans every page against the allowlists inside the Markdown step, so
MkDocs (through handbook.mkdocs.plugin) and Zensical (handbook.site.zensical) make the same safe pages.
"""

EXTENSION = "handbook.site.markdown"  # the Markdown extension's name in a configuration (its module's path)
