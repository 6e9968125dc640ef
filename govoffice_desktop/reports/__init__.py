"""Printable documents as HTML for QTextDocument; printing and PDFs are driven from ui/ or cli.py."""
