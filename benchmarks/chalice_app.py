"""The Chalice side of the comparison: its own virtualenv, and an app equivalent to a workload.

``ensure_venv`` creates (or reuses) a virtualenv holding Chalice from the package index;
``write_app`` writes a Chalice project with the routes, schedules, event subscribers and
WebSocket handlers of ``make_blueprint.make_blueprint(groups)``. Standard library only.

What is the same: every HTTP route (method and path, a view function each, a Cognito
authorizer on all of them), one ``@app.schedule`` per schedule, one ``@app.on_cw_event``
function per EventBridge subscription, and the three WebSocket handlers. What is not:
Chalice serves all routes from one Lambda function (its design), its event subscribers
listen on the default bus, it packages one stage, and DynamoDB tables are outside what
``chalice package`` generates (a Chalice app creates them elsewhere), so they are left out.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from make_blueprint import ROUTES

CHALICE_SPEC = "chalice"
"""What pip installs (the newest release; the report prints the version it measured)."""


def default_venv() -> Path:
    """``$XDG_CACHE_HOME`` (else ``~/.cache``) ``/scaffold/bench-chalice-venv``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "scaffold" / "bench-chalice-venv"


def chalice_bin(venv: Path) -> Path:
    """The ``chalice`` console script of ``venv``."""
    return venv / ("Scripts" if sys.platform == "win32" else "bin") / "chalice"


def ensure_venv(venv: Path) -> tuple[Path | None, str]:
    """Chalice's console script in ``venv`` (created and filled when absent) and its version.

    Returns ``(None, reason)`` when it cannot be had (no network to the package index, no
    ``venv`` module): the report then says "not measured" instead of passing silently.
    """
    script = chalice_bin(venv)
    if not script.is_file():
        steps = [[sys.executable, "-m", "venv", str(venv)],
                 [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                  "--disable-pip-version-check", CHALICE_SPEC]]
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                return None, (f"`{' '.join(step)}` failed: "
                              + (done.stderr.strip().splitlines() or ["?"])[-1])
    version = subprocess.run([str(script), "--version"], capture_output=True, text=True,
                             check=False)
    if version.returncode != 0:
        return None, f"`{script} --version` failed: {version.stderr.strip()}"
    return script, version.stdout.strip()


def app_source(groups: int) -> str:
    """``app.py`` of the Chalice app equivalent to ``groups`` benchmark groups."""
    lines = [
        "from chalice import Chalice, CognitoUserPoolAuthorizer",
        "",
        "app = Chalice(app_name='bench')",
        "app.experimental_feature_flags.update(['WEBSOCKETS'])",
        "auth = CognitoUserPoolAuthorizer('bench', provider_arns=["
        "'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_bench'])",
        "",
    ]
    subscriptions = (("projects", "onUserSignedUp", "users", "UserSignedUp"),
                     ("users", "onCampaignSent", "campaigns", "CampaignSent"),
                     ("campaigns", "onProjectCreated", "projects", "ProjectCreated"))
    for k in range(1, groups + 1):
        for method, path, handler, _service, _options in ROUTES:
            lines += [f"@app.route('/g{k}{path}', methods=['{method}'], authorizer=auth)",
                      f"def g{k}_{handler}(**params):",
                      f"    return {{'handler': '{handler}'}}", ""]
        for service, handler, source, event in subscriptions:
            pattern = {"source": [f"bench.g{k}-{source}"], "detail-type": [event]}
            lines += [f"@app.on_cw_event({pattern!r}, name='g{k}-{service}-{handler}')",
                      f"def g{k}_{service}_{handler}(event):", "    return None", ""]
        lines += [f"@app.schedule('rate(1 day)', name='g{k}-campaigns-nightlyDigest')",
                  f"def g{k}_nightlyDigest(event):", "    return None", ""]
    lines += ["@app.on_ws_connect()", "def onConnect(event):", "    return None", "",
              "@app.on_ws_disconnect()", "def onDisconnect(event):", "    return None", "",
              "@app.on_ws_message()", "def onMessage(event):", "    return None", ""]
    return "\n".join(lines)


def function_count(groups: int) -> int:
    """Lambda functions the Chalice app has: one for all routes, 4 per group, 3 WebSocket."""
    return 1 + 4 * groups + 3


def write_app(folder: Path, groups: int) -> Path:
    """Write the Chalice project into ``folder`` (created); return it."""
    (folder / ".chalice").mkdir(parents=True, exist_ok=True)
    (folder / "app.py").write_text(app_source(groups), encoding="utf-8")
    # Empty: `chalice package` then runs no pip (no download, no network).
    (folder / "requirements.txt").write_text("", encoding="utf-8")
    config = {"version": "2.0", "app_name": "bench",
              "stages": {"dev": {"api_gateway_stage": "api"}}}
    (folder / ".chalice" / "config.json").write_text(json.dumps(config, indent=2) + "\n",
                                                      encoding="utf-8")
    return folder


def offline_env() -> dict[str, str]:
    """Chalice's environment: a region, fake static keys, and any network use fails.

    The proxies point at a closed loopback port and pip may not use an index, so if
    ``chalice package`` ever tried to download, the run would fail instead of reaching out.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    dead = "http://127.0.0.1:9"
    # `chalice package` builds a boto3 client to learn the region; without credentials
    # botocore would walk its chain up to the instance-metadata endpoint (network).
    env.update({"AWS_DEFAULT_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "bench",
                "AWS_SECRET_ACCESS_KEY": "bench", "AWS_EC2_METADATA_DISABLED": "true",
                "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
                "PIP_NO_INDEX": "1",
                "HTTP_PROXY": dead, "HTTPS_PROXY": dead, "http_proxy": dead,
                "https_proxy": dead, "NO_PROXY": "", "no_proxy": ""})
    return env
