variable "bucket_name" {
  description = "Globally unique bucket name, built by the caller (for example `acme-dev-projects-attachments`)."
  type        = string

  validation {
    # Dots are refused: they break TLS on virtual-hosted-style URLs, which presigned URLs use.
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.bucket_name)) && !startswith(var.bucket_name, "xn--") && !endswith(var.bucket_name, "-s3alias")
    error_message = "bucket_name must be 3-63 lowercase letters, digits or '-', start and end with a letter or digit, and not start with 'xn--' nor end with '-s3alias'."
  }
}

variable "cors_origins" {
  description = "Origins allowed to PUT/POST objects from the browser (the SPA URL). An empty list creates no CORS configuration."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for origin in var.cors_origins : can(regex("^(\\*|https?://[^/\\s]+)$", origin))])
    error_message = "Each CORS origin must be '*' or a scheme and host without a path, such as 'https://app.example.com' or 'http://localhost:5173'."
  }
}

variable "expire_days" {
  description = "Days after which uploaded objects expire; null keeps them forever."
  type        = number
  default     = null

  validation {
    condition     = var.expire_days == null || try(var.expire_days >= 1 && floor(var.expire_days) == var.expire_days, false)
    error_message = "expire_days must be null or a whole number of days, at least 1."
  }
}

variable "noncurrent_version_expire_days" {
  description = "Days after which overwritten or deleted object versions are removed."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expire_days >= 1 && floor(var.noncurrent_version_expire_days) == var.noncurrent_version_expire_days
    error_message = "noncurrent_version_expire_days must be a whole number of days, at least 1."
  }
}

variable "notification" {
  description = "Lambda function invoked on every object created under `prefix` (empty prefix: whole bucket); null for none."
  type = object({
    function_arn  = string
    function_name = string
    prefix        = optional(string, "")
  })
  default = null

  validation {
    condition     = var.notification == null || try(can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}$", var.notification.function_arn)) && length(var.notification.function_name) > 0, false)
    error_message = "notification.function_arn must be an unqualified Lambda function ARN and notification.function_name the function's name."
  }
}

variable "force_destroy" {
  description = "Whether destroying the module also deletes every object in the bucket (convenient for ephemeral stages, dangerous in production)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to the bucket."
  type        = map(string)
  default     = {}
}
