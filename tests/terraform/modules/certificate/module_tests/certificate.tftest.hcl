# Plan-mode tests of the module itself (mock provider, no AWS): one validation record per
# certificate name, keyed by names known at plan time.
mock_provider "aws" {}

variables {
  domain_name               = "app.acme.example"
  subject_alternative_names = ["www.app.acme.example"]
  zone_id                   = "Z0123456789ABCDEFGHIJ"
}

run "validation_records_are_keyed_by_domain_name" {
  command = plan

  assert {
    condition     = toset(keys(aws_route53_record.validation)) == toset(["app.acme.example", "www.app.acme.example"])
    error_message = "One validation record per domain name of the certificate."
  }

  assert {
    condition     = aws_acm_certificate.this.validation_method == "DNS"
    error_message = "Certificates are validated through DNS."
  }
}

run "uppercase_domain_is_refused" {
  command = plan

  variables {
    domain_name = "App.Acme.example"
  }

  expect_failures = [var.domain_name]
}
