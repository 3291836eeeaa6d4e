"""The school workbook (mẫu của trường): ``writer`` writes one per school (its layout is
``giaouoc_xl.core.school_form``, shared with the checker), ``reader`` reads a returned one into a
``Submission``, ``feedback`` writes the school's annotated copy."""
