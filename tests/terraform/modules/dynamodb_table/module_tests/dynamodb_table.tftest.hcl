# Plan-mode tests of the module itself (no AWS): key attributes are declared once, type
# conflicts are caught before AWS sees them, and the stream is optional.
mock_provider "aws" {}

variables {
  table_name = "acme-dev-projects-projects"
  hash_key   = "id"
}

run "secure_on_demand_table_without_stream_by_default" {
  command = plan

  assert {
    condition     = aws_dynamodb_table.this.billing_mode == "PAY_PER_REQUEST" && aws_dynamodb_table.this.point_in_time_recovery[0].enabled && aws_dynamodb_table.this.server_side_encryption[0].enabled
    error_message = "Tables must be on-demand with PITR and encryption."
  }

  assert {
    condition     = aws_dynamodb_table.this.stream_enabled == false && output.stream_arn == null
    error_message = "No stream unless stream_view_type is set."
  }

  assert {
    condition     = length(aws_dynamodb_table.this.ttl) == 0 && aws_dynamodb_table.this.deletion_protection_enabled == false
    error_message = "No TTL and no deletion protection by default."
  }
}

run "shared_key_attributes_are_declared_once" {
  command = plan

  variables {
    range_key        = "createdAt"
    stream_view_type = "NEW_IMAGE"
    ttl_attribute    = "expiresAt"
    global_secondary_indexes = {
      by-owner = { hash_key = "ownerId", range_key = "createdAt" }
      by-id    = { hash_key = "id", projection_type = "KEYS_ONLY" }
    }
  }

  assert {
    condition     = length(aws_dynamodb_table.this.attribute) == 3
    error_message = "id, createdAt and ownerId must each be declared exactly once."
  }

  assert {
    condition     = aws_dynamodb_table.this.stream_enabled && aws_dynamodb_table.this.stream_view_type == "NEW_IMAGE"
    error_message = "The stream must be enabled with the requested view type."
  }

  assert {
    condition     = aws_dynamodb_table.this.ttl[0].attribute_name == "expiresAt" && aws_dynamodb_table.this.ttl[0].enabled
    error_message = "TTL must be enabled on the requested attribute."
  }
}

run "conflicting_key_types_are_refused" {
  command = plan

  variables {
    global_secondary_indexes = {
      by-id = { hash_key = "id", hash_key_type = "N" }
    }
  }

  expect_failures = [aws_dynamodb_table.this]
}

run "unknown_stream_view_types_are_refused" {
  command = plan

  variables {
    stream_view_type = "EVERYTHING"
  }

  expect_failures = [var.stream_view_type]
}
