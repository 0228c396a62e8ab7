# Plan-mode tests of the module itself (mock provider, no AWS): SSE-S3 by default, SSE-KMS
# with a key, versioning, lifecycle rules and the notification follow the variables.
mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  bucket_name = "acme-dev-reports-exports-123456789012"
}

run "plain_bucket_is_private_sse_s3_versioned_without_notification" {
  command = plan

  assert {
    condition     = one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default[0].sse_algorithm == "AES256" && one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default[0].kms_master_key_id == null
    error_message = "Without a key the bucket is encrypted with SSE-S3."
  }

  assert {
    condition     = aws_s3_bucket_public_access_block.this.block_public_acls && aws_s3_bucket_public_access_block.this.block_public_policy && aws_s3_bucket_public_access_block.this.ignore_public_acls && aws_s3_bucket_public_access_block.this.restrict_public_buckets
    error_message = "Public access must be blocked."
  }

  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Enabled"
    error_message = "Buckets are versioned by default."
  }

  assert {
    condition     = length(aws_s3_bucket_lifecycle_configuration.this.rule) == 1 && aws_s3_bucket_lifecycle_configuration.this.rule[0].abort_incomplete_multipart_upload[0].days_after_initiation == 7 && aws_s3_bucket_lifecycle_configuration.this.rule[0].noncurrent_version_expiration[0].noncurrent_days == 30
    error_message = "One housekeeping rule: incomplete uploads aborted after 7 days, old versions removed after 30."
  }

  assert {
    condition     = length(aws_s3_bucket_notification.this) == 0 && length(aws_lambda_permission.notification) == 0
    error_message = "No notification unless asked for."
  }

  assert {
    condition     = !aws_s3_bucket.this.force_destroy
    error_message = "Objects are kept on destroy by default."
  }
}

run "kms_lifecycle_and_notification_follow_the_variables" {
  command = plan

  variables {
    versioning  = false
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    lifecycle_rules = [{
      id          = "rule-1"
      prefix      = "daily/"
      transitions = [{ storage_class = "STANDARD_IA", days = 30 }, { storage_class = "GLACIER", days = 90 }]
      expire_days = 365
    }]
    notification = {
      function_arn  = "arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-reports-on-export"
      function_name = "acme-dev-reports-on-export"
      events        = ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"]
      prefix        = "daily/"
      suffix        = ".csv"
    }
  }

  assert {
    condition     = one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default[0].sse_algorithm == "aws:kms" && one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default[0].kms_master_key_id == "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" && one(aws_s3_bucket_server_side_encryption_configuration.this.rule).bucket_key_enabled
    error_message = "A key switches the bucket to SSE-KMS with that key and the bucket key."
  }

  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Suspended"
    error_message = "versioning = false suspends versioning."
  }

  assert {
    condition     = length(aws_s3_bucket_lifecycle_configuration.this.rule) == 2 && aws_s3_bucket_lifecycle_configuration.this.rule[1].filter[0].prefix == "daily/" && [for t in aws_s3_bucket_lifecycle_configuration.this.rule[1].transition : t.storage_class] == ["STANDARD_IA", "GLACIER"] && aws_s3_bucket_lifecycle_configuration.this.rule[1].expiration[0].days == 365
    error_message = "The declared rule moves daily/ objects to STANDARD_IA, then GLACIER, and expires them."
  }

  assert {
    condition     = toset(aws_s3_bucket_notification.this[0].lambda_function[0].events) == toset(["s3:ObjectCreated:*", "s3:ObjectRemoved:*"]) && aws_s3_bucket_notification.this[0].lambda_function[0].filter_prefix == "daily/" && aws_s3_bucket_notification.this[0].lambda_function[0].filter_suffix == ".csv" && aws_lambda_permission.notification[0].principal == "s3.amazonaws.com"
    error_message = "The trigger fires for the declared events, prefix and suffix, and S3 may invoke it."
  }
}

run "a_bad_key_arn_is_refused" {
  command = plan

  variables {
    kms_key_arn = "alias/my-key"
  }

  expect_failures = [var.kms_key_arn]
}
