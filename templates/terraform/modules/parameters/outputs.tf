output "parameter_arns" {
  description = "ARN of every parameter (secure and plain), keyed by parameter name; the resources of `ssm:GetParameter` permissions."
  value       = { for name, parameter in merge(aws_ssm_parameter.secure, aws_ssm_parameter.plain) : name => parameter.arn }
}

output "parameter_names" {
  description = "Name of every parameter (secure and plain), keyed by parameter name; referencing it orders readers after creation."
  value       = { for name, parameter in merge(aws_ssm_parameter.secure, aws_ssm_parameter.plain) : name => parameter.name }
}
