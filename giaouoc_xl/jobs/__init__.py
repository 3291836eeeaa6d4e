"""Jobs: files in, results out. Discovery of a submissions folder, the one per-file job (read,
guard, check), worker isolation with a time budget, the merge and its cache, writing the
school workbooks of a roster, simulated returns. Imports the core and workbook I/O. See
docs/design.md."""
