output "bus_name" {
  description = "Name of the event bus (the `event_bus_name` of rules and of PutEvents calls)."
  value       = aws_cloudwatch_event_bus.this.name
}

output "bus_arn" {
  description = "ARN of the event bus (the resource of `events:PutEvents` permissions)."
  value       = aws_cloudwatch_event_bus.this.arn
}
