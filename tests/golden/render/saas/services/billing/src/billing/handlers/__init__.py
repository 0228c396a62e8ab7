# This file belongs to you: scaffold created it once and will never overwrite it.
"""One module per function; Lambda calls ``billing.handlers.<module>.handler``."""
