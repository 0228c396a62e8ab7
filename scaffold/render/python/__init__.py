"""Render stage (Python): the escaper, the template contexts and the Python emitter."""
