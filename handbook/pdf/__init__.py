"""The printable PDFs: documents.py makes each one's HTML, writer.py lays them out with WeasyPrint."""
