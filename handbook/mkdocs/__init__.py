"""The only MkDocs code: the handbook plugin (handed the checked Edition), `handbook serve`, offline rendering and
reading grades."""
