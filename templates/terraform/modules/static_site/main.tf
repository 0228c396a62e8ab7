locals {
  origin_id     = "s3"
  custom_domain = var.domain_name != null
  ssr_name      = "${var.name}-ssr"

  # AWS managed cache policies, fixed ids:
  # https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
  caching_optimized_policy_id = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  caching_disabled_policy_id  = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"

  # Viewer headers the SSR function receives besides the cache key (see the origin request policy).
  ssr_forwarded_headers = [
    "Accept-Language",
    "CloudFront-Viewer-Country",
    "CloudFront-Is-Mobile-Viewer",
    "CloudFront-Is-Tablet-Viewer",
    "CloudFront-Is-Desktop-Viewer",
  ]
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

# --- Bucket -----------------------------------------------------------------

resource "aws_s3_bucket" "this" {
  #checkov:skip=CKV_AWS_18:Server access logging needs a dedicated log bucket per account, outside the reference architecture; the bucket is reachable only through CloudFront.
  #checkov:skip=CKV_AWS_144:Cross-region replication is pointless for a build artefact that CI can redeploy at any time.
  #checkov:skip=CKV2_AWS_62:Nothing reacts to changes of the site's files, so no event notifications.
  #checkov:skip=CKV_AWS_145:CloudFront origin access control cannot decrypt objects under the AWS-managed aws/s3 KMS key, and the site's files are public through CloudFront anyway; SSE-S3 is used.
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
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "previous-builds"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }

    # Each deploy overwrites the files; keep a month of previous builds for rollbacks.
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

data "aws_iam_policy_document" "bucket" {
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

  statement {
    sid       = "AllowCloudFrontRead"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.this.arn}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.this.arn]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.bucket.json

  depends_on = [aws_s3_bucket_public_access_block.this]
}

# Runtime configuration of the SPA, read at start-up; served uncached (see the
# /config.json behaviour) so a new API URL or client id needs no rebuild.
resource "aws_s3_object" "this" {
  bucket        = aws_s3_bucket.this.id
  key           = "config.json"
  content       = var.frontend_config
  content_type  = "application/json"
  cache_control = "no-cache"

  tags = var.tags

  depends_on = [aws_s3_bucket_server_side_encryption_configuration.this, aws_s3_bucket_ownership_controls.this]
}

# --- CloudFront -------------------------------------------------------------

resource "aws_cloudfront_origin_access_control" "this" {
  name                              = var.name
  description                       = "CloudFront access to the ${var.bucket_name} bucket."
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_response_headers_policy" "this" {
  #checkov:skip=CKV_AWS_259:HSTS is sent for two years with includeSubDomains but without preload: preloading is a commitment of the whole registrable domain, submitted to the browsers' list by its owner, not a property of one site on a subdomain.
  name    = "${var.name}-security-headers"
  comment = "Security headers of the ${var.name} site."

  security_headers_config {
    strict_transport_security {
      access_control_max_age_sec = 63072000
      include_subdomains         = true
      preload                    = false
      override                   = true
    }

    dynamic "content_security_policy" {
      for_each = var.content_security_policy == null ? [] : [var.content_security_policy]

      content {
        content_security_policy = content_security_policy.value
        override                = true
      }
    }

    content_type_options {
      override = true
    }

    frame_options {
      frame_option = "DENY"
      override     = true
    }

    referrer_policy {
      referrer_policy = "strict-origin-when-cross-origin"
      override        = true
    }

    # No X-XSS-Protection: browsers removed the filter, and where it remains it opens
    # cross-site leaks; the Content-Security-Policy is the protection.
  }
}

resource "aws_cloudfront_distribution" "this" {
  #checkov:skip=CKV_AWS_68:A WAF web ACL is outside the reference architecture (cost, rules per application); attach one later through web_acl_id.
  #checkov:skip=CKV2_AWS_47:No WAF web ACL (see CKV_AWS_68), so no Log4j managed rule set either.
  #checkov:skip=CKV_AWS_86:CloudFront standard logs need a dedicated log bucket with ACLs enabled, outside the reference architecture.
  #checkov:skip=CKV_AWS_310:A single S3 origin serves the SPA; origin failover needs a replica bucket in another region, outside the reference architecture.
  #checkov:skip=CKV_AWS_374:The application is served worldwide; geo restriction is a business decision.
  #checkov:skip=CKV_AWS_174:TLSv1.2_2021 is the minimum whenever a custom domain is set (checkov cannot evaluate the conditional); the default *.cloudfront.net certificate, used without a domain, does not let you choose.
  enabled             = true
  comment             = var.name
  default_root_object = "index.html"
  aliases             = local.custom_domain ? [var.domain_name] : []
  price_class         = var.price_class
  http_version        = "http2and3"
  is_ipv6_enabled     = true
  wait_for_deployment = false

  origin {
    origin_id                = local.origin_id
    domain_name              = aws_s3_bucket.this.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.this.id
  }

  default_cache_behavior {
    target_origin_id       = local.origin_id
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD", "OPTIONS"]
    cached_methods         = ["GET", "HEAD"]
    compress               = true
    # Static files cache on the managed policy (no cookies, query strings nor headers in the
    # key); server-rendered pages need the policies of the SSR section below.
    cache_policy_id            = var.ssr == null ? local.caching_optimized_policy_id : aws_cloudfront_cache_policy.this[0].id
    origin_request_policy_id   = var.ssr == null ? null : aws_cloudfront_origin_request_policy.this[0].id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.this.id

    dynamic "lambda_function_association" {
      for_each = aws_lambda_function.this

      content {
        event_type   = "origin-request"
        lambda_arn   = lambda_function_association.value.qualified_arn
        include_body = false
      }
    }
  }

  ordered_cache_behavior {
    path_pattern               = "/config.json"
    target_origin_id           = local.origin_id
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = local.caching_disabled_policy_id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.this.id
  }

  # SPA fallback of a static site: unknown paths (S3 answers 403 without s3:ListBucket) load
  # the app, whose router renders the page. With SSR there is none: the function sets the
  # status of every page it renders (a server-rendered 404 stays a 404), and a 403 from S3
  # means a missing file (a script or image), for which index.html with 200 would be a lie.
  dynamic "custom_error_response" {
    for_each = var.ssr == null ? [403, 404] : []

    content {
      error_code            = custom_error_response.value
      response_code         = 200
      response_page_path    = "/index.html"
      error_caching_min_ttl = 10
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = local.custom_domain ? null : true
    acm_certificate_arn            = local.custom_domain ? var.certificate_arn : null
    ssl_support_method             = local.custom_domain ? "sni-only" : null
    minimum_protocol_version       = local.custom_domain ? "TLSv1.2_2021" : null
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = !local.custom_domain || var.certificate_arn != null
      error_message = "certificate_arn (a us-east-1 ACM certificate) is required when domain_name is set."
    }

    precondition {
      condition     = !local.custom_domain || var.zone_id != null
      error_message = "zone_id (the Route 53 hosted zone of domain_name) is required when domain_name is set."
    }
  }
}

resource "aws_route53_record" "alias" {
  # Keyed on domain_name only: zone_id is often unknown at plan time (zone created in the same root).
  for_each = local.custom_domain ? toset(["A", "AAAA"]) : toset([])

  zone_id = var.zone_id
  name    = var.domain_name
  type    = each.key

  alias {
    name                   = aws_cloudfront_distribution.this.domain_name
    zone_id                = aws_cloudfront_distribution.this.hosted_zone_id
    evaluate_target_health = false
  }
}

# --- Server-side rendering (Lambda@Edge, optional) ---------------------------

# What the renderer receives. Everything in a cache policy's key is also forwarded to the
# origin; an origin request policy forwards more without splitting the cache.
#
# Authorization can be forwarded only through a CACHE policy: CloudFront refuses an origin
# request policy that lists it (CreateOriginRequestPolicy answers HTTP 400, InvalidArgument).
# Keying on it also keeps one user's page from being served to another. S3 never sees the
# viewer's header: the origin access control signs with "always", which replaces it.
resource "aws_cloudfront_cache_policy" "this" {
  count = var.ssr == null ? 0 : 1

  name    = local.ssr_name
  comment = "Server-rendered pages of ${var.name}: all query strings, all cookies and Authorization in the key."
  # Pages are cached only when the function sends Cache-Control (max-age or s-maxage), for
  # a day at most; without it every request reaches the function.
  min_ttl     = 0
  default_ttl = 0
  max_ttl     = 86400

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = true
    enable_accept_encoding_brotli = true

    cookies_config {
      cookie_behavior = "all"
    }

    headers_config {
      header_behavior = "whitelist"

      headers {
        items = ["Authorization"]
      }
    }

    query_strings_config {
      query_string_behavior = "all"
    }
  }
}

# Viewer facts a renderer commonly uses (locale, country, device class) that stay out of the
# cache key: a page that depends on them must not be sent with a shared Cache-Control. Not
# Host: S3 (behind origin access control) answers only to its own host name. Not
# Authorization: see the cache policy. Cookies and query strings are in the cache key already.
resource "aws_cloudfront_origin_request_policy" "this" {
  count = var.ssr == null ? 0 : 1

  name    = local.ssr_name
  comment = "Viewer headers for the server-side rendering of ${var.name}."

  cookies_config {
    cookie_behavior = "none"
  }

  headers_config {
    header_behavior = "whitelist"

    headers {
      items = local.ssr_forwarded_headers
    }
  }

  query_strings_config {
    query_string_behavior = "none"
  }
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com", "edgelambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "logs" {
  statement {
    sid     = "WriteLogs"
    actions = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    # Lambda@Edge replicas log in the region of the edge location that ran them, into
    # "/aws/lambda/us-east-1.<function>"; the region is therefore a wildcard.
    resources = [
      "arn:${data.aws_partition.current.partition}:logs:*:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/us-east-1.${local.ssr_name}",
      "arn:${data.aws_partition.current.partition}:logs:*:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/us-east-1.${local.ssr_name}:*",
      "arn:${data.aws_partition.current.partition}:logs:us-east-1:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/${local.ssr_name}",
      "arn:${data.aws_partition.current.partition}:logs:us-east-1:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/${local.ssr_name}:*",
    ]
  }
}

resource "aws_iam_role" "this" {
  count = var.ssr == null ? 0 : 1

  name               = local.ssr_name
  assume_role_policy = data.aws_iam_policy_document.assume.json

  tags = var.tags
}

resource "aws_iam_role_policy" "this" {
  count = var.ssr == null ? 0 : 1

  name   = "logs"
  role   = aws_iam_role.this[0].id
  policy = data.aws_iam_policy_document.logs.json
}

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_50:Lambda@Edge does not support X-Ray active tracing.
  #checkov:skip=CKV_AWS_115:Lambda@Edge does not support reserved concurrency.
  #checkov:skip=CKV_AWS_116:Lambda@Edge does not support dead-letter queues; origin-request invocations are synchronous.
  #checkov:skip=CKV_AWS_117:Lambda@Edge functions cannot run inside a VPC.
  #checkov:skip=CKV_AWS_272:Code signing is outside the reference architecture; the zip is built reproducibly by scaffold build.
  count    = var.ssr == null ? 0 : 1
  provider = aws.us_east_1

  function_name    = local.ssr_name
  description      = "Server-side rendering of the ${var.name} site (Lambda@Edge origin request)."
  role             = aws_iam_role.this[0].arn
  filename         = var.ssr.filename
  source_code_hash = var.ssr.source_code_hash
  runtime          = var.ssr.runtime
  handler          = var.ssr.handler
  memory_size      = var.ssr.memory_size
  timeout          = var.ssr.timeout
  # Lambda@Edge needs a numbered version and supports x86_64 only.
  publish       = true
  architectures = ["x86_64"]
  # AWS deletes the edge replicas hours after the distribution stops using them and refuses
  # to delete the function before then, so destroy leaves the function (and its versions) in
  # place instead of failing: `scaffold destroy` prints how to delete it later.
  skip_destroy = true

  tags = var.tags

  depends_on = [aws_iam_role_policy.this]

  lifecycle {
    precondition {
      condition     = var.ssr.source_code_hash != null
      error_message = "The server-side rendering package ${var.ssr.filename} does not exist: run `scaffold build` first."
    }
  }
}
