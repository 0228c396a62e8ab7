variable "secure" {
  description = "SecureString parameters: full name (for example `/acme/dev/projects/saas-api-key`) => description. Created with a placeholder; the real value is set out of band and never reaches the repository or the state."
  type = map(object({
    description = string
  }))
  default = {}

  validation {
    condition     = alltrue([for name, parameter in var.secure : length(name) <= 1011 && can(regex("^(/[A-Za-z0-9_.-]+)+$", name)) && length(parameter.description) <= 1024])
    error_message = "secure keys must be full paths such as '/app/stage/name' (segments of letters, digits, '_', '.' or '-', at most 1011 characters), with descriptions of at most 1024 characters."
  }
}

variable "plain" {
  description = "String parameters: full name => value and description. Publishes platform values (API id, bus name, pool id...) to the service roots."
  type = map(object({
    value       = string
    description = string
  }))
  default = {}

  validation {
    condition     = alltrue([for name, parameter in var.plain : length(name) <= 1011 && can(regex("^(/[A-Za-z0-9_.-]+)+$", name)) && length(parameter.description) <= 1024])
    error_message = "plain keys must be full paths such as '/app/stage/name' (segments of letters, digits, '_', '.' or '-', at most 1011 characters), with descriptions of at most 1024 characters."
  }

  validation {
    condition     = alltrue([for parameter in values(var.plain) : length(parameter.value) >= 1 && length(parameter.value) <= 4096])
    error_message = "plain values must be 1-4096 characters (SSM rejects empty values; 4 KB is the standard-tier limit)."
  }
}

variable "tags" {
  description = "Tags added to every parameter."
  type        = map(string)
  default     = {}
}
