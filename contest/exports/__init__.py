"""Documents and data the portal produces, as bytes: print forms, certificates, official papers, workbooks.

One module per kind; heavy libraries (WeasyPrint, openpyxl) are imported inside the builder functions.
"""

from .printforms import application_pdf, card_pdf

__all__ = ["application_pdf", "card_pdf"]
