resource "aws_ssm_parameter" "secure" {
  #checkov:skip=CKV_AWS_337:SecureString values are encrypted with the AWS-managed alias/aws/ssm key; a customer-managed key adds cost and a key policy that the reference architecture does not need.
  for_each = var.secure

  name        = each.key
  description = each.value.description
  type        = "SecureString"
  # Placeholder only: operators set the value with `aws ssm put-parameter --overwrite`,
  # so secrets never appear in the repository, the plan or the blueprint.
  value = "set-me-out-of-band"

  tags = var.tags

  lifecycle {
    ignore_changes = [value]
  }
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
