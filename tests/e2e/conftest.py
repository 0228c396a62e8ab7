"""One patched moto server (loopback, stops by itself) shared by every end-to-end test."""

from tests.support.moto_server import moto_endpoint  # noqa: F401 - the session fixture
