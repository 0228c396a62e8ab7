"""Tests of the local dev loop (scaffold/dev)."""
