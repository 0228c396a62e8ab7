resource "aws_lambda_event_source_mapping" "this" {
  function_name                      = var.function_name
  event_source_arn                   = var.stream_arn
  starting_position                  = var.starting_position
  batch_size                         = var.batch_size
  maximum_batching_window_in_seconds = var.maximum_batching_window_in_seconds
  maximum_retry_attempts             = var.maximum_retry_attempts
  maximum_record_age_in_seconds      = var.maximum_record_age_in_seconds
  bisect_batch_on_function_error     = true

  # Handlers return batchItemFailures so only the failed records are retried.
  function_response_types = ["ReportBatchItemFailures"]

  # Records that exhaust their retries are described (not copied) to the failure chain.
  destination_config {
    on_failure {
      destination_arn = var.on_failure_destination_arn
    }
  }
}
