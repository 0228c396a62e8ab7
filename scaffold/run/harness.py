"""The local Lambda harness of ``scaffold invoke`` (Python): run one handler, write the outcome.

Run by the service's interpreter, with the service's ``src`` on ``sys.path``. Arguments:
module event-file result-file function-name timeout-seconds memory-mb region.
"""

import importlib
import json
import sys
import time
import traceback
import uuid
from pathlib import Path


class LambdaContext:
    """The attributes and method of the Lambda context object."""

    def __init__(self, name: str, timeout: float, memory: str, region: str) -> None:
        self.function_name = name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:{region}:123456789012:function:{name}"
        self.memory_limit_in_mb = memory
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{name}"
        self.log_stream_name = "local"
        self._deadline = time.monotonic() + timeout

    def get_remaining_time_in_millis(self) -> int:
        """Milliseconds left before the timeout."""
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def _error(exc: BaseException) -> dict[str, object]:
    return {"errorType": type(exc).__name__, "errorMessage": str(exc),
            "stackTrace": "".join(traceback.format_exception(exc)).splitlines()}


def main() -> int:
    """Run the handler named on the command line."""
    module, event_file, result_file, name, timeout, memory, region = sys.argv[1:8]
    context = LambdaContext(name, float(timeout), memory, region)
    try:
        handler = importlib.import_module(module).handler
        event = json.loads(Path(event_file).read_text(encoding="utf-8"))
        result = handler(event, context)
        try:
            outcome = json.dumps({"ok": True, "payload": result})
        except (TypeError, ValueError) as exc:  # Lambda cannot return it either
            outcome = json.dumps({"ok": False, "payload": {
                "errorType": "Runtime.MarshalError", "errorMessage": str(exc),
                "stackTrace": []}})
    except Exception as exc:  # noqa: BLE001 - the handler's failure is the result
        outcome = json.dumps({"ok": False, "payload": _error(exc)})
    sys.stdout.flush()
    sys.stderr.flush()
    Path(result_file).write_text(outcome, encoding="utf-8")
    return 0 if json.loads(outcome)["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
