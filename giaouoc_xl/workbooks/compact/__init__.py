"""The compact book (sổ giao ước), the organizer's source of truth: ``layout`` declares its
sheets and columns, ``writer`` writes it, ``reader`` reads and validates it, ``xlsm`` builds the
macro-enabled book with the buttons."""
