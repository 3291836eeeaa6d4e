"""The Excel buttons: thin adapters from a live workbook (``xlwings.Book``) to the library.

``actions`` holds the functions behind the buttons, for both channels: classic xlwings
(``RunPython`` from the macro-enabled compact book) and xlwings Lite (``lite``, ``@script``).
They read the workbook's values, call the same library functions as the command line, and write
back findings, colours and messages. They hold no rules of their own.
"""
