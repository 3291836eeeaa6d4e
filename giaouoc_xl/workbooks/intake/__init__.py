"""The intake of unknown files, before any reader touches them: ``formats`` tells what a file
is by its content, ``extents`` measures what a reader would allocate, ``guard`` refuses what is
unsafe or no workbook, ``native`` keeps what native code prints off the user's screen."""
