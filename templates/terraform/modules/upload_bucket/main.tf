data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "this" {
  #checkov:skip=CKV_AWS_18:Server access logging needs a dedicated log bucket per account, outside the reference architecture; CloudTrail data events are the recommended audit trail.
  #checkov:skip=CKV_AWS_144:Cross-region replication is a disaster-recovery choice outside the reference architecture; uploads are versioned.
  #checkov:skip=CKV2_AWS_62:Event notifications are optional (var.notification); the bucket is created with them only when the blueprint declares an on-upload trigger.
  bucket        = var.bucket_name
  force_destroy = var.force_destroy

  tags = var.tags
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    # The AWS-managed aws/s3 key: principals of the account with s3:PutObject can use it
    # through S3, so presign functions need no extra KMS permission.
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.this.json

  # S3 rejects a bucket policy while the public access block is still being applied.
  depends_on = [aws_s3_bucket_public_access_block.this]
}

resource "aws_s3_bucket_cors_configuration" "this" {
  count = length(var.cors_origins) > 0 ? 1 : 0

  bucket = aws_s3_bucket.this.id

  cors_rule {
    allowed_methods = ["PUT", "POST"]
    allowed_origins = var.cors_origins
    allowed_headers = ["*"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3000
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }

    dynamic "expiration" {
      for_each = var.expire_days == null ? [] : [var.expire_days]

      content {
        days = expiration.value
      }
    }

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expire_days
    }
  }

  # Lifecycle rules on noncurrent versions need versioning to be configured first.
  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_lambda_permission" "notification" {
  count = var.notification == null ? 0 : 1

  statement_id   = "AllowS3-${var.bucket_name}"
  action         = "lambda:InvokeFunction"
  function_name  = var.notification.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.this.arn
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_s3_bucket_notification" "this" {
  count = var.notification == null ? 0 : 1

  bucket = aws_s3_bucket.this.id

  lambda_function {
    lambda_function_arn = var.notification.function_arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = var.notification.prefix != "" ? var.notification.prefix : null
  }

  # S3 tests the invoke permission when the notification is saved.
  depends_on = [aws_lambda_permission.notification]
}
