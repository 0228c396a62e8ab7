variable "name" {
  description = "Name of the alerts topic, built by the caller (for example `acme-dev-alerts`)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,256}$", var.name))
    error_message = "name must be 1-256 characters of letters, digits, '-' or '_'."
  }
}

variable "emails" {
  description = "Email addresses subscribed to the topic; each recipient must confirm the subscription email from AWS."
  type        = set(string)
  default     = []

  validation {
    condition     = alltrue([for email in var.emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", email))])
    error_message = "Each entry of emails must be an email address such as 'ops@example.com'."
  }
}

variable "tags" {
  description = "Tags added to the topic."
  type        = map(string)
  default     = {}
}
