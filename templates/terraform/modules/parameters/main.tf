resource "aws_ssm_parameter" "secure" {
  #checkov:skip=CKV_AWS_337:SecureString values are encrypted with the AWS-managed alias/aws/ssm key; a customer-managed key adds cost and a key policy that the reference architecture does not need.
  for_each = var.secure

  name        = each.key
  description = each.value.description
  type        = "SecureString"
  # Placeholder only: operators set the value with `aws ssm put-parameter --overwrite`.
  # Write-only (Terraform >= 1.11): the value is sent on create and never stored in state
  # or plan, and a refresh after an out-of-band put-parameter reads no value into state
  # (with `value` + ignore_changes it did). The version is fixed, so Terraform never
  # writes the placeholder again over the real secret.
  value_wo         = "set-me-out-of-band"
  value_wo_version = 1

  tags = var.tags
}

resource "aws_ssm_parameter" "plain" {
  #checkov:skip=CKV2_AWS_34:Plain parameters publish non-secret identifiers (API ids, bus and pool names) to the service roots; secrets go through var.secure as SecureString.
  for_each = var.plain

  name        = each.key
  description = each.value.description
  type        = "String"
  value       = each.value.value

  tags = var.tags

  lifecycle {
    precondition {
      condition     = !contains(keys(var.secure), each.key)
      error_message = "Parameter ${each.key} is declared in both var.secure and var.plain."
    }
  }
}
