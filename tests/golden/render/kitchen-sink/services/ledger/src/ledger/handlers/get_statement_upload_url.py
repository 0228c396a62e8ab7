# This file belongs to you: scaffold created it once and will never overwrite it.
"""getStatementUploadUrl: POST /ledgers/{ledgerId}/statements (presign) for upload bucket statements.

Answers a presigned POST (``url``, ``fields``) and the object ``key``; the browser then
posts the file straight to S3. ``?contentType=`` pins the file's content type.
"""

from __future__ import annotations

import uuid
from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from ledger.generated.http import (
    HttpError,
    json_response,
    path_parameter,
)
from ledger.generated.powertools import logger, metrics, tracer
from ledger.generated.uploads import presign_upload

ROUTE = "POST /ledgers/{ledgerId}/statements"
PATH_PARAMETERS = ["ledgerId"]


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=APIGatewayProxyEventV2)
def handler(event: APIGatewayProxyEventV2, context: LambdaContext) -> dict[str, Any]:
    """Answer POST /ledgers/{ledgerId}/statements with where to upload one file."""
    try:
        parts = [path_parameter(event, name) for name in PATH_PARAMETERS]
        content_type = (event.query_string_parameters or {}).get("contentType")
        try:
            upload = presign_upload("/".join([*parts, str(uuid.uuid4())]), content_type)
        except ValueError as error:
            raise HttpError(400, str(error)) from None
    except HttpError as error:
        return error.response()
    logger.info("presigned upload", extra={"key": upload["key"]})
    metrics.add_metric(name="UploadsPresigned", unit=MetricUnit.Count, value=1)
    return json_response(200, upload)
