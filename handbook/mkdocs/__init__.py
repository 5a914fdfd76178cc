"""The only MkDocs code: settings from the environment, hooks, the macros module, offline rendering."""
