"""Pages of the local services directory: the list and an entry (directory), adding and
changing entries (manage), and suggested corrections (suggestions)."""
