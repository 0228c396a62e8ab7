variable "name" {
  description = "Name of the WebSocket API, built by the caller (for example `acme-dev-projects-ws`)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$", var.name))
    error_message = "name must be 1-128 characters of letters, digits, '.', '-' or '_', starting with a letter or digit."
  }
}

variable "tags" {
  description = "Tags added to the API."
  type        = map(string)
  default     = {}
}

variable "manage_logging_role" {
  description = "Create the API Gateway CloudWatch role and set it in the account's API Gateway settings (account-wide, per region), which WebSocket stage logging needs. false: the account already has one set."
  type        = bool
  default     = true
}
