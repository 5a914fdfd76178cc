"""The printable PDFs: documents.py makes each one's HTML (chapters.py the handbook's chapters); engine.py lays it
out with WeasyPrint, sheet.py fits the one-page repair sheet, book.py joins handbook.pdf from chunks, workers.py runs
the layouts on every core, and writer.py is the build's PDF step that ties them together."""
