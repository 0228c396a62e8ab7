data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "this" {
  #checkov:skip=CKV_AWS_18:Server access logging needs a dedicated log bucket per account, outside the reference architecture; CloudTrail data events are the recommended audit trail.
  #checkov:skip=CKV_AWS_144:Cross-region replication is a disaster-recovery choice outside the reference architecture; the bucket is versioned by default.
  #checkov:skip=CKV2_AWS_62:Event notifications are optional (var.notification); the bucket gets them only when the blueprint declares an on_object trigger.
  #checkov:skip=CKV_AWS_21:Versioning is on unless the blueprint turns it off explicitly (buckets.<name>.versioning: false) for objects it can re-create; aws_s3_bucket_versioning follows var.versioning.
  #checkov:skip=CKV_AWS_145:SSE-S3 is the default on purpose (no key policy to manage, no KMS request cost); var.kms_key_arn switches the bucket to SSE-KMS with a customer-managed key.
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
    # SSE-S3 (AES256) unless a customer-managed key is given; the S3 bucket key cuts the
    # KMS requests (and their cost) of SSE-KMS.
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = var.kms_key_arn != null
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = var.versioning ? "Enabled" : "Suspended"
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

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "housekeeping"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_multipart_days
    }

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expire_days
    }
  }

  dynamic "rule" {
    for_each = var.lifecycle_rules

    content {
      id     = rule.value.id
      status = "Enabled"

      filter {
        prefix = rule.value.prefix != "" ? rule.value.prefix : null
      }

      abort_incomplete_multipart_upload {
        days_after_initiation = var.abort_multipart_days
      }

      dynamic "transition" {
        for_each = rule.value.transitions

        content {
          days          = transition.value.days
          storage_class = transition.value.storage_class
        }
      }

      dynamic "expiration" {
        for_each = rule.value.expire_days == null ? [] : [rule.value.expire_days]

        content {
          days = expiration.value
        }
      }
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
    events              = var.notification.events
    filter_prefix       = var.notification.prefix != "" ? var.notification.prefix : null
    filter_suffix       = var.notification.suffix != "" ? var.notification.suffix : null
  }

  # S3 tests the invoke permission when the notification is saved.
  depends_on = [aws_lambda_permission.notification]
}
