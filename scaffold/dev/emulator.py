"""The embedded AWS emulator of ``scaffold dev``: moto server, patched, in this process.

moto's ``ThreadedMotoServer`` serves every emulated service on one loopback port; the
patches of :mod:`scaffold.dev.moto_patches` fill the gaps the real AWS provider runs into.
moto is an optional dependency (the ``dev`` extra): without it, starting fails with the
command that installs it. The end-to-end tests start the same server
(``tests/support/moto_server.py`` re-exports this module).
"""

from __future__ import annotations

import atexit
import logging
import os
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

from scaffold.errors import ScaffoldError

__all__ = ["FAKE_ACCESS_KEY", "FAKE_SECRET_KEY", "INSTALL_HINT", "LOOPBACK", "Emulator",
           "free_port", "port_is_free", "reset_emulator", "start_emulator", "start_moto"]

LOOPBACK = "127.0.0.1"
FAKE_ACCESS_KEY = "testing"
FAKE_SECRET_KEY = "testing"
INSTALL_HINT = "pip install 'scaffold-serverless[dev]'"

_lock = threading.Lock()


@dataclass
class Emulator:
    """A running emulator: its URL, and ``stop()`` (idempotent, also run at exit)."""

    url: str
    port: int
    _stop: Callable[[], None] = field(repr=False)

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._stop()


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def port_is_free(port: int, host: str = LOOPBACK) -> bool:
    """True when nothing listens on ``host:port`` (a server can bind it now)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As the servers bind (SO_REUSEADDR): connections of a run that just ended linger in
        # TIME_WAIT and must not make the port look taken; a listener still does.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def _prepare_environment(port: int) -> None:
    """Environment moto reads; must be in place before ``import moto``."""
    os.environ["MOTO_ACM_VALIDATION_WAIT"] = "0"  # else certificate validation waits 60 s
    os.environ["MOTO_PORT"] = str(port)  # moto's Step Functions interpreter calls back to it
    # AWS managed policies exist in every real account (the platform attaches
    # AmazonAPIGatewayPushToCloudWatchLogs); moto loads them only when asked.
    os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"


def _wait_until_up(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        # A plain health probe: /moto-api/data.json would serialise every model and, once
        # Lambda functions exist, ask for a Docker daemon that is not there (HTTP 500).
        try:
            with urllib.request.urlopen(f"{url}/scaffold-health-probe", timeout=5):
                return
        except urllib.error.HTTPError:
            return  # the server answered
        except Exception as exc:  # noqa: BLE001 - retried until the deadline
            last = exc
            time.sleep(0.05)
    raise ScaffoldError(f"the AWS emulator did not answer on {url}: {last}")


def start_emulator(port: int | None = None) -> Emulator:
    """Start the patched moto server on loopback (a free port unless one is given).

    Raises:
        ScaffoldError: moto is not installed (the hint installs it), it is another version
            than the patches were written for, or the port is taken.
    """
    with _lock:
        port = port or free_port()
        _prepare_environment(port)
        try:
            import moto  # noqa: F401 - imported only after the environment is set
            from moto import settings
            from moto.server import ThreadedMotoServer
        except ImportError as exc:
            raise ScaffoldError(f"the AWS emulator (moto server) is not installed: {exc}",
                                hint=INSTALL_HINT) from None
        # If moto was imported earlier in this process, settings already read the env.
        settings.ACM_VALIDATION_WAIT = 0

        from scaffold.dev import moto_patches

        try:
            moto_patches.apply()
        except moto_patches.MotoVersionError as exc:
            raise ScaffoldError(str(exc), hint=INSTALL_HINT) from None
        if not os.environ.get("SCAFFOLD_MOTO_ACCESS_LOG"):
            # One line per request would flood the dev log and captured test output.
            logging.getLogger("werkzeug").setLevel(logging.WARNING)
        if not port_is_free(port):  # else ThreadedMotoServer.start() would wait forever
            raise ScaffoldError(f"cannot start the AWS emulator: {LOOPBACK}:{port} is taken",
                                hint="choose another port, or stop what listens there")
        server = ThreadedMotoServer(ip_address=LOOPBACK, port=port, verbose=False)
        server.start()

    url = f"http://{LOOPBACK}:{port}"
    stopped = threading.Event()

    def stop() -> None:
        if stopped.is_set():
            return
        stopped.set()
        server.stop()

    atexit.register(stop)
    try:
        _wait_until_up(url)
    except BaseException:
        stop()
        raise
    return Emulator(url, port, stop)


def start_moto(port: int | None = None) -> tuple[str, Callable[[], None]]:
    """:func:`start_emulator` as ``(url, stop)``, the shape the end-to-end tests use."""
    emulator = start_emulator(port)
    return emulator.url, emulator.stop


def reset_emulator(url: str) -> None:
    """Forget every emulated resource (``POST /moto-api/reset``)."""
    req = urllib.request.Request(f"{url}/moto-api/reset", method="POST", data=b"")
    with urllib.request.urlopen(req, timeout=30):
        pass
