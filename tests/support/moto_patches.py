"""The moto patches now live in the package (``scaffold/dev/moto_patches.py``); re-exported
here so the end-to-end tests keep importing them from test support."""

from scaffold.dev.moto_patches import MOTO_VERSION, MotoVersionError, apply, describe

__all__ = ["MOTO_VERSION", "MotoVersionError", "apply", "describe"]
