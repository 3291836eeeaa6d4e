"""The pure core: the domain model, statuses and codes, findings, the checks, scoring and
standing. It takes and returns models and plain values; it opens no file and imports no
spreadsheet library (tests/test_layers.py holds that). See docs/design.md."""
