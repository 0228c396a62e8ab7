variable "bucket_name" {
  description = "Globally unique bucket name, built by the caller (for example `acme-dev-reports-exports-123456789012`)."
  type        = string

  validation {
    # Dots are refused: they break TLS on virtual-hosted-style URLs.
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.bucket_name)) && !startswith(var.bucket_name, "xn--") && !endswith(var.bucket_name, "-s3alias")
    error_message = "bucket_name must be 3-63 lowercase letters, digits or '-', start and end with a letter or digit, and not start with 'xn--' nor end with '-s3alias'."
  }
}

variable "versioning" {
  description = "Keep earlier versions of overwritten and deleted objects (Suspended when false)."
  type        = bool
  default     = true
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

variable "abort_multipart_days" {
  description = "Days after which incomplete multipart uploads are removed."
  type        = number
  default     = 7

  validation {
    condition     = var.abort_multipart_days >= 1 && floor(var.abort_multipart_days) == var.abort_multipart_days
    error_message = "abort_multipart_days must be a whole number of days, at least 1."
  }
}

variable "lifecycle_rules" {
  description = "Lifecycle rules: objects under `prefix` (empty: all) move to each storage class after its days, then expire after `expire_days` (null: never)."
  type = list(object({
    id     = string
    prefix = optional(string, "")
    transitions = optional(list(object({
      storage_class = string
      days          = number
    })), [])
    expire_days = optional(number)
  }))
  default = []

  validation {
    condition     = alltrue(flatten([for rule in var.lifecycle_rules : [for t in rule.transitions : contains(["STANDARD_IA", "INTELLIGENT_TIERING", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"], t.storage_class) && t.days >= 0]]))
    error_message = "Each transition's storage_class must be STANDARD_IA, INTELLIGENT_TIERING, ONEZONE_IA, GLACIER_IR, GLACIER or DEEP_ARCHIVE, and its days 0 or more."
  }

  validation {
    condition     = alltrue([for rule in var.lifecycle_rules : rule.expire_days == null || try(rule.expire_days >= 1, false)])
    error_message = "expire_days must be null or at least 1."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer-managed KMS key for SSE-KMS; null encrypts with SSE-S3 (AES256)."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "notification" {
  description = "Lambda function invoked for `events` on keys under `prefix` ending with `suffix` (empty: any); null for none."
  type = object({
    function_arn  = string
    function_name = string
    events        = list(string)
    prefix        = optional(string, "")
    suffix        = optional(string, "")
  })
  default = null

  validation {
    condition     = var.notification == null || try(can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}$", var.notification.function_arn)) && length(var.notification.function_name) > 0, false)
    error_message = "notification.function_arn must be an unqualified Lambda function ARN and notification.function_name the function's name."
  }

  validation {
    condition     = var.notification == null || try(length(var.notification.events) > 0 && alltrue([for e in var.notification.events : contains(["s3:ObjectCreated:*", "s3:ObjectRemoved:*"], e)]), false)
    error_message = "notification.events must list s3:ObjectCreated:* and/or s3:ObjectRemoved:*."
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
