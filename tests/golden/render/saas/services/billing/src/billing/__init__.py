# This file belongs to you: scaffold created it once and will never overwrite it.
"""Lambda handlers of service billing (tenantly)."""
