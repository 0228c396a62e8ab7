"""scaffold: a blueprint YAML in, Terraform and Lambda handler stubs out."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
