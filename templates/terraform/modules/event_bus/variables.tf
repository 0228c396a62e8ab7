variable "name" {
  description = "Name of the custom event bus, built by the caller (for example `acme-dev-bus`). The archive is named `<name>-archive`."
  type        = string

  validation {
    # Archive names are limited to 48 characters, and "-archive" takes 8 of them.
    condition     = can(regex("^[A-Za-z0-9._-]{1,40}$", var.name)) && !startswith(var.name, "aws.")
    error_message = "name must be 1-40 characters of letters, digits, '.', '-' or '_' (the archive name '<name>-archive' is limited to 48), and must not start with 'aws.'."
  }
}

variable "archive_retention_days" {
  description = "Days the archive keeps events for replay; 0 keeps them indefinitely."
  type        = number
  default     = 30

  validation {
    condition     = var.archive_retention_days >= 0 && floor(var.archive_retention_days) == var.archive_retention_days
    error_message = "archive_retention_days must be a whole number of days, 0 meaning indefinitely."
  }
}

variable "tags" {
  description = "Tags added to the bus."
  type        = map(string)
  default     = {}
}
