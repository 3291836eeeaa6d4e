"""The program's version: written into every workbook it makes and into the merge's cache key.
Here, in the lowest layer, so that every layer reads it without an import that runs back up."""

__version__ = "0.1.0"
