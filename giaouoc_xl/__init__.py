"""giaouoc_xl: emulation compacts (giao ước thi đua) of Vietnamese schools, in Excel workbooks."""

__version__ = "0.1.0"
