"""Write stage: decide per file what to do, then write atomically and record a manifest."""
