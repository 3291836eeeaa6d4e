"""The documents that are signed and sent, in the form of Nghị định 30/2020/NĐ-CP: ``layout``
lays a document out on A4 (heading, tables, signatures, page plan) and writes it,
``text_metrics`` measures text in Times New Roman, ``print_style`` holds the print form shared
by every book, ``slip`` is each school's result slip."""
