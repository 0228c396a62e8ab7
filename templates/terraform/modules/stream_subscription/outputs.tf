output "event_source_mapping_uuid" {
  description = "UUID of the event source mapping."
  value       = aws_lambda_event_source_mapping.this.uuid
}

output "event_source_mapping_arn" {
  description = "ARN of the event source mapping."
  value       = aws_lambda_event_source_mapping.this.arn
}
