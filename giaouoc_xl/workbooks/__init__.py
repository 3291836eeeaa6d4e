"""Workbook I/O: each book's layout, writer and reader (the compact book, the school workbook,
the summary), reading returned submissions, the guard that checks a file before any reader
touches it, atomic output and the one print style. Imports only the core. See docs/design.md."""
