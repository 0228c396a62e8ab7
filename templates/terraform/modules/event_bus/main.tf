resource "aws_cloudwatch_event_bus" "this" {
  name = var.name

  tags = var.tags
}

# Keeps every event published on the bus so a failed consumer can be replayed.
resource "aws_cloudwatch_event_archive" "this" {
  name             = "${var.name}-archive"
  description      = "All events of the ${var.name} bus."
  event_source_arn = aws_cloudwatch_event_bus.this.arn
  retention_days   = var.archive_retention_days
}
