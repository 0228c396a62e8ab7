resource "aws_cloudwatch_event_rule" "this" {
  for_each = var.rules

  name                = each.value.name
  description         = each.value.description
  event_bus_name      = each.value.event_bus_name
  event_pattern       = each.value.event_pattern
  schedule_expression = each.value.schedule_expression
  state               = "ENABLED"
}

resource "aws_cloudwatch_event_target" "this" {
  for_each = var.rules

  rule           = aws_cloudwatch_event_rule.this[each.key].name
  event_bus_name = aws_cloudwatch_event_rule.this[each.key].event_bus_name
  target_id      = "function"
  arn            = each.value.function_arn

  retry_policy {
    maximum_retry_attempts       = each.value.retry_attempts
    maximum_event_age_in_seconds = each.value.max_event_age_seconds
  }

  # Events that exhaust their retries land in the failure chain's queue.
  dead_letter_config {
    arn = each.value.dead_letter_arn
  }
}

resource "aws_lambda_permission" "this" {
  for_each = var.rules

  statement_id  = "events-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = each.value.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.this[each.key].arn
}
