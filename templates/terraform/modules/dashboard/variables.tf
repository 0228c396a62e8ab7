variable "dashboard_name" {
  description = "Name of the dashboard ({app}-{stage}-{service})."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,255}$", var.dashboard_name))
    error_message = "dashboard_name must be 1-255 letters, digits, hyphens or underscores."
  }
}

variable "dashboard_body" {
  description = "Dashboard body as a JSON string with a widgets list (built by scaffold from the blueprint)."
  type        = string

  validation {
    condition     = can(tolist(jsondecode(var.dashboard_body).widgets))
    error_message = "dashboard_body must be a JSON object with a \"widgets\" list."
  }
}
