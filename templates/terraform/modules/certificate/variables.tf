variable "domain_name" {
  description = "Fully qualified domain name of the certificate (for example `app.acme.example`)."
  type        = string

  validation {
    condition     = length(var.domain_name) <= 253 && can(regex("^(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name))
    error_message = "domain_name must be a lowercase fully qualified domain name (optionally starting with '*.') of at most 253 characters."
  }
}

variable "subject_alternative_names" {
  description = "Additional domain names covered by the certificate."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for name in var.subject_alternative_names : length(name) <= 253 && can(regex("^(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", name))])
    error_message = "Each subject alternative name must be a lowercase fully qualified domain name (optionally starting with '*.') of at most 253 characters."
  }
}

variable "zone_id" {
  description = "Route 53 hosted zone id that receives the DNS validation records."
  type        = string

  validation {
    condition     = can(regex("^[A-Z0-9]{1,32}$", var.zone_id))
    error_message = "zone_id must be a Route 53 hosted zone id (1-32 uppercase letters and digits) such as 'Z0123456789ABCDEFGHIJ'."
  }
}

variable "tags" {
  description = "Tags added to the certificate."
  type        = map(string)
  default     = {}
}
