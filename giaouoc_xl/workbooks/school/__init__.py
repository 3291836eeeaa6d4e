"""The school workbook (mẫu của trường): ``layout`` holds its formats, validations and row
sizes (its sheets and columns are ``giaouoc_xl.core.school_form``'s, shared with the checker),
``writer`` writes one per school (each sheet from its module: ``instructions``, ``school_sheet``,
``targets_sheet``; ``document`` the school's NĐ 30 heading and signature block), ``factory`` many
at once, ``reader`` reads a returned one into a ``Submission``, ``feedback`` writes the school's
annotated copy."""
