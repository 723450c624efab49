"""Renderers of a finished quarter: xlsx, the docx notice, JSON, terminal text, PDF.

They take typed values (``QuarterTable``, ``Rulebook``, ``NoticeReport``) and write files or
strings; none of them opens the database.  Import the module you need
(``freshwatch.reports.xlsx``...): importing this package loads neither openpyxl nor python-docx.
"""
