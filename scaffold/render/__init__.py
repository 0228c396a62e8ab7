"""Render stage: build plan -> files in memory (Terraform, stubs, docs), deterministic."""
