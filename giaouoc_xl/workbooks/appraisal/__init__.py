"""The appraisal book (sổ thẩm định): the office's verified values, deferrals and the bloc's
vote, pre-filled from a merge and read back by the next one. ``layout`` declares its sheets and
columns, ``writer`` writes it (``write_appraisal_book``, ``render_appraisal_book``, ``Written``;
keeping what staff typed: ``typed``), ``reader`` reads it (``read_appraisal_book``)."""
