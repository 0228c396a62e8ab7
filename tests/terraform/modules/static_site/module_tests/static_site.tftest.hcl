# Plan-mode tests of the module itself (mock providers, no AWS): the custom domain, DNS
# records and Lambda@Edge exist only when asked for, and inconsistent input is refused.
mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }

  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/acme-dev-web-ssr"
    }
  }

  # Known ids at plan time, so the distribution's references to the policies can be asserted.
  mock_resource "aws_cloudfront_cache_policy" {
    override_during = plan
    defaults = {
      id = "ssr-cache-policy-id"
    }
  }

  mock_resource "aws_cloudfront_origin_request_policy" {
    override_during = plan
    defaults = {
      id = "ssr-origin-request-policy-id"
    }
  }
}

mock_provider "aws" {
  alias = "us_east_1"
}

variables {
  name            = "acme-dev-web"
  bucket_name     = "acme-dev-web"
  frontend_config = "{\"Auth\":{}}"
}

run "static_site_uses_the_default_certificate_and_no_function" {
  command = plan

  assert {
    condition     = aws_cloudfront_distribution.this.viewer_certificate[0].cloudfront_default_certificate && length(aws_cloudfront_distribution.this.aliases) == 0
    error_message = "Without a domain the distribution uses the default certificate and no alias."
  }

  assert {
    condition     = length(aws_route53_record.alias) == 0 && length(aws_lambda_function.this) == 0 && length(aws_iam_role.this) == 0
    error_message = "Without domain and SSR there are no records, no function and no role."
  }

  assert {
    condition     = length(aws_cloudfront_distribution.this.default_cache_behavior[0].lambda_function_association) == 0
    error_message = "No Lambda@Edge association without SSR."
  }

  assert {
    condition     = toset([for r in aws_cloudfront_distribution.this.custom_error_response : "${r.error_code}>${r.response_code}${r.response_page_path}"]) == toset(["403>200/index.html", "404>200/index.html"])
    error_message = "403 and 404 must fall back to /index.html with status 200."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.default_cache_behavior[0].cache_policy_id == "658327ea-f89d-4fab-a63d-7e88639e58f6" && aws_cloudfront_distribution.this.default_cache_behavior[0].origin_request_policy_id == null
    error_message = "A static site caches on the managed CachingOptimized policy, with no origin request policy."
  }

  assert {
    condition     = length(aws_cloudfront_cache_policy.this) == 0 && length(aws_cloudfront_origin_request_policy.this) == 0
    error_message = "Without SSR the module creates no cache nor origin request policy."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.default_cache_behavior[0].viewer_protocol_policy == "redirect-to-https" && aws_cloudfront_distribution.this.default_root_object == "index.html"
    error_message = "HTTP must redirect to HTTPS and / must serve index.html."
  }

  assert {
    condition     = aws_s3_object.this.key == "config.json" && aws_s3_object.this.content_type == "application/json" && aws_s3_object.this.cache_control == "no-cache"
    error_message = "config.json must be JSON and never cached."
  }

  assert {
    condition     = aws_cloudfront_origin_access_control.this.signing_behavior == "always" && aws_cloudfront_origin_access_control.this.signing_protocol == "sigv4"
    error_message = "The origin access control must always sign with SigV4."
  }
}

run "custom_domain_and_ssr_add_certificate_records_and_edge_function" {
  command = plan

  variables {
    domain_name     = "app.acme.example"
    certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
    zone_id         = "Z0123456789ABCDEFGHIJ"
    ssr = {
      filename         = "ssr.zip"
      source_code_hash = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="
      runtime          = "nodejs22.x"
    }
  }

  assert {
    condition     = aws_cloudfront_distribution.this.aliases == toset(["app.acme.example"])
    error_message = "The domain must be an alias of the distribution."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.viewer_certificate[0].ssl_support_method == "sni-only" && aws_cloudfront_distribution.this.viewer_certificate[0].minimum_protocol_version == "TLSv1.2_2021"
    error_message = "A custom domain uses SNI and TLS 1.2 at least."
  }

  assert {
    condition     = toset(keys(aws_route53_record.alias)) == toset(["A", "AAAA"])
    error_message = "A and AAAA alias records must be created."
  }

  assert {
    condition     = aws_lambda_function.this[0].publish && aws_lambda_function.this[0].architectures == tolist(["x86_64"]) && aws_lambda_function.this[0].handler == "index.handler"
    error_message = "The edge function must be published, x86_64, with the default handler."
  }

  assert {
    condition     = aws_lambda_function.this[0].skip_destroy == true
    error_message = "Destroy must leave the edge function in place: AWS refuses to delete it until its replicas are gone, hours after the distribution."
  }

  assert {
    condition     = one(aws_cloudfront_distribution.this.default_cache_behavior[0].lambda_function_association).event_type == "origin-request"
    error_message = "SSR must run on origin requests of the default behaviour."
  }

  assert {
    condition     = output.site_url == "https://app.acme.example"
    error_message = "site_url must use the custom domain."
  }
}

run "ssr_forwards_what_rendering_needs_and_keeps_its_status_codes" {
  command = plan

  variables {
    ssr = {
      filename         = "ssr.zip"
      source_code_hash = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="
      runtime          = "nodejs22.x"
    }
  }

  assert {
    condition     = aws_cloudfront_distribution.this.default_cache_behavior[0].cache_policy_id == "ssr-cache-policy-id" && aws_cloudfront_distribution.this.default_cache_behavior[0].origin_request_policy_id == "ssr-origin-request-policy-id"
    error_message = "With SSR the default behaviour must use the module's cache and origin request policies."
  }

  assert {
    condition     = one(aws_cloudfront_distribution.this.ordered_cache_behavior).cache_policy_id == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    error_message = "/config.json stays uncached (CachingDisabled) with SSR."
  }

  assert {
    condition = (
      one(one(aws_cloudfront_cache_policy.this[0].parameters_in_cache_key_and_forwarded_to_origin).cookies_config).cookie_behavior == "all"
      && one(one(aws_cloudfront_cache_policy.this[0].parameters_in_cache_key_and_forwarded_to_origin).query_strings_config).query_string_behavior == "all"
      && one(one(aws_cloudfront_cache_policy.this[0].parameters_in_cache_key_and_forwarded_to_origin).headers_config).header_behavior == "whitelist"
      && one(one(one(aws_cloudfront_cache_policy.this[0].parameters_in_cache_key_and_forwarded_to_origin).headers_config).headers).items == toset(["Authorization"])
      && one(aws_cloudfront_cache_policy.this[0].parameters_in_cache_key_and_forwarded_to_origin).enable_accept_encoding_gzip
      && one(aws_cloudfront_cache_policy.this[0].parameters_in_cache_key_and_forwarded_to_origin).enable_accept_encoding_brotli
    )
    error_message = "The SSR cache key must hold all cookies, all query strings and Authorization (the only way to forward it), with gzip and brotli."
  }

  assert {
    condition     = aws_cloudfront_cache_policy.this[0].default_ttl == 0 && aws_cloudfront_cache_policy.this[0].min_ttl == 0 && aws_cloudfront_cache_policy.this[0].max_ttl == 86400
    error_message = "SSR pages are cached only when the function sends Cache-Control (default_ttl 0), for a day at most."
  }

  assert {
    condition     = one(aws_cloudfront_origin_request_policy.this[0].headers_config).header_behavior == "whitelist" && one(one(aws_cloudfront_origin_request_policy.this[0].headers_config).headers).items == toset(["Accept-Language", "CloudFront-Viewer-Country", "CloudFront-Is-Mobile-Viewer", "CloudFront-Is-Tablet-Viewer", "CloudFront-Is-Desktop-Viewer"])
    error_message = "The origin request policy must forward the locale, country and device-class headers."
  }

  assert {
    condition     = length(setintersection([for h in one(one(aws_cloudfront_origin_request_policy.this[0].headers_config).headers).items : lower(h)], ["authorization", "host"])) == 0
    error_message = "The origin request policy must not list Authorization (CloudFront refuses it: HTTP 400) nor Host (S3 behind origin access control answers only to its own host name)."
  }

  assert {
    condition     = one(aws_cloudfront_origin_request_policy.this[0].cookies_config).cookie_behavior == "none" && one(aws_cloudfront_origin_request_policy.this[0].query_strings_config).query_string_behavior == "none"
    error_message = "Cookies and query strings reach the origin through the cache key already."
  }

  assert {
    condition     = length([for r in aws_cloudfront_distribution.this.custom_error_response : r if r.response_code == 200 || r.response_page_path == "/index.html"]) == 0
    error_message = "With SSR no error may be rewritten to /index.html with 200: a server-rendered 404 must stay a 404."
  }
}

run "an_unbuilt_ssr_package_stops_the_plan" {
  command = plan

  variables {
    ssr = {
      filename         = "ssr.zip"
      source_code_hash = null
      runtime          = "nodejs22.x"
    }
  }

  expect_failures = [aws_lambda_function.this]
}

run "domain_without_certificate_is_refused" {
  command = plan

  variables {
    domain_name = "app.acme.example"
    zone_id     = "Z0123456789ABCDEFGHIJ"
  }

  expect_failures = [aws_cloudfront_distribution.this]
}

run "frontend_config_must_be_json" {
  command = plan

  variables {
    frontend_config = "not json"
  }

  expect_failures = [var.frontend_config]
}

run "security_headers_follow_current_browser_guidance" {
  command = plan

  variables {
    content_security_policy = "default-src 'self'"
  }

  assert {
    condition     = one(one(aws_cloudfront_response_headers_policy.this.security_headers_config).content_security_policy).content_security_policy == "default-src 'self'"
    error_message = "The Content-Security-Policy must be sent as given."
  }

  assert {
    condition     = one(one(aws_cloudfront_response_headers_policy.this.security_headers_config).strict_transport_security).preload == false
    error_message = "HSTS preload commits the whole registrable domain: never set for one site."
  }

  assert {
    condition     = length(one(aws_cloudfront_response_headers_policy.this.security_headers_config).xss_protection) == 0
    error_message = "X-XSS-Protection is obsolete and can open cross-site leaks: not sent."
  }
}
