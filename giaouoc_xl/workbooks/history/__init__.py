"""The history book (sổ lịch sử thi đua): each school's results across school years, kept by the
office (layout, writer, reader), and the reading of an earlier summary workbook into it."""
