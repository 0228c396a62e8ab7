# Plan-mode tests of the module itself (no AWS): IPv4 and IPv6 callers reach the API.
mock_provider "aws" {}

variables {
  domain_name     = "api.acme.example"
  certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
  api_id          = "a1b2c3d4e5"
  zone_id         = "Z0123456789ABCDEFGHIJ"
}

run "the_domain_answers_ipv4_and_ipv6" {
  command = plan

  assert {
    condition     = aws_apigatewayv2_domain_name.this.domain_name_configuration[0].ip_address_type == "dualstack"
    error_message = "The custom domain must be dualstack, or the AAAA record would point at nothing."
  }

  assert {
    condition     = toset(keys(aws_route53_record.this)) == toset(["A", "AAAA"])
    error_message = "The domain needs an A and an AAAA alias record."
  }

  assert {
    condition     = aws_apigatewayv2_domain_name.this.domain_name_configuration[0].security_policy == "TLS_1_2"
    error_message = "TLS 1.2 at least."
  }
}
