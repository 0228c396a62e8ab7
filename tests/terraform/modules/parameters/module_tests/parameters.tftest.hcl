# Plan-mode tests of the module itself (mock provider, no AWS): secrets hold a write-only
# placeholder only, plain values are published as String, and a name cannot be both.
mock_provider "aws" {}

variables {
  secure = {
    "/acme/dev/projects/saas-api-key" = { description = "SaaS key" }
  }
  plain = {
    "/acme/dev/platform/bus-name" = { value = "acme-dev-bus", description = "Bus name" }
  }
}

run "secrets_hold_a_placeholder_and_values_are_plain_strings" {
  command = plan

  assert {
    # value_wo is write-only: Terraform keeps no value of it anywhere, so it reads as null.
    condition     = aws_ssm_parameter.secure["/acme/dev/projects/saas-api-key"].type == "SecureString" && aws_ssm_parameter.secure["/acme/dev/projects/saas-api-key"].value_wo == null && aws_ssm_parameter.secure["/acme/dev/projects/saas-api-key"].value_wo_version == 1
    error_message = "Secrets are SecureString parameters whose placeholder is write-only, at a fixed version."
  }

  assert {
    condition     = aws_ssm_parameter.plain["/acme/dev/platform/bus-name"].type == "String" && nonsensitive(aws_ssm_parameter.plain["/acme/dev/platform/bus-name"].value) == "acme-dev-bus"
    error_message = "Plain parameters are String parameters with their value."
  }
}

run "a_name_cannot_be_secure_and_plain" {
  command = plan

  variables {
    plain = {
      "/acme/dev/projects/saas-api-key" = { value = "oops", description = "clash" }
    }
  }

  expect_failures = [aws_ssm_parameter.plain]
}

run "relative_names_are_refused" {
  command = plan

  variables {
    secure = {
      "saas-api-key" = { description = "no leading slash" }
    }
  }

  expect_failures = [var.secure]
}
