"""Rendering, shared by every product: the Jinja environment (jinja.py), the PDF pipeline
(pdf.py), formatting with Babel, text widths and clipping (widths.py), the words of the
pages, the view rows several pages share; the org chart (orgchart); and one subpackage per
product: map, brief, portfolio."""
