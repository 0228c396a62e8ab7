# Plan-mode tests of the module itself (mock provider, no AWS): CORS, expiry and the
# on-upload notification exist only when asked for.
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
  bucket_name = "acme-dev-projects-attachments"
}

run "plain_bucket_has_no_cors_expiry_nor_notification" {
  command = plan

  assert {
    condition     = length(aws_s3_bucket_cors_configuration.this) == 0 && length(aws_s3_bucket_notification.this) == 0 && length(aws_lambda_permission.notification) == 0
    error_message = "No CORS and no notification unless asked for."
  }

  assert {
    condition     = length(aws_s3_bucket_lifecycle_configuration.this.rule[0].expiration) == 0 && aws_s3_bucket_lifecycle_configuration.this.rule[0].abort_incomplete_multipart_upload[0].days_after_initiation == 1
    error_message = "Objects never expire by default; incomplete uploads are aborted after a day."
  }

  assert {
    condition     = one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default[0].sse_algorithm == "aws:kms"
    error_message = "Uploads are encrypted with SSE-KMS."
  }

  assert {
    condition     = aws_s3_bucket_public_access_block.this.block_public_policy && aws_s3_bucket_public_access_block.this.restrict_public_buckets
    error_message = "Public access must be blocked."
  }
}

run "cors_expiry_and_notification_follow_the_variables" {
  command = plan

  variables {
    cors_origins = ["https://app.acme.example"]
    expire_days  = 90
    notification = {
      function_arn  = "arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-projects-onUploaded"
      function_name = "acme-dev-projects-onUploaded"
      prefix        = "attachments/"
    }
  }

  assert {
    condition     = one(aws_s3_bucket_cors_configuration.this[0].cors_rule).allowed_methods == toset(["PUT", "POST"]) && one(aws_s3_bucket_cors_configuration.this[0].cors_rule).allowed_origins == toset(["https://app.acme.example"])
    error_message = "The SPA origin may PUT and POST."
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.this.rule[0].expiration[0].days == 90
    error_message = "Objects expire after expire_days."
  }

  assert {
    condition     = aws_s3_bucket_notification.this[0].lambda_function[0].filter_prefix == "attachments/" && aws_lambda_permission.notification[0].principal == "s3.amazonaws.com"
    error_message = "The trigger fires under its prefix and S3 may invoke it."
  }
}
