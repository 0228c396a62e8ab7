"""Blueprint stage: load YAML with positions, validate it into a typed model."""
