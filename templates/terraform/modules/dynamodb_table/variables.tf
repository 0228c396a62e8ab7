variable "table_name" {
  description = "Physical table name ({app}-{stage}-{service}-{table})."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{3,255}$", var.table_name))
    error_message = "table_name must be 3-255 letters, digits, underscores, hyphens or dots."
  }
}

variable "hash_key" {
  description = "Partition key attribute name."
  type        = string

  validation {
    condition     = length(var.hash_key) >= 1 && length(var.hash_key) <= 255
    error_message = "hash_key must be 1-255 characters."
  }
}

variable "hash_key_type" {
  description = "Partition key type: S (string), N (number) or B (binary)."
  type        = string
  default     = "S"

  validation {
    condition     = contains(["S", "N", "B"], var.hash_key_type)
    error_message = "hash_key_type must be \"S\", \"N\" or \"B\"."
  }
}

variable "range_key" {
  description = "Sort key attribute name; null for a table without sort key."
  type        = string
  default     = null

  validation {
    condition     = var.range_key == null || try(length(var.range_key) >= 1 && length(var.range_key) <= 255, false)
    error_message = "range_key must be null or 1-255 characters."
  }
}

variable "range_key_type" {
  description = "Sort key type: S, N or B (ignored without range_key)."
  type        = string
  default     = "S"

  validation {
    condition     = contains(["S", "N", "B"], var.range_key_type)
    error_message = "range_key_type must be \"S\", \"N\" or \"B\"."
  }
}

variable "stream_view_type" {
  description = "Stream view type (NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY); null disables the stream."
  type        = string
  default     = null

  validation {
    condition     = var.stream_view_type == null || contains(["NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"], coalesce(var.stream_view_type, "-"))
    error_message = "stream_view_type must be null or one of NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY."
  }
}

variable "ttl_attribute" {
  description = "Attribute holding the expiry time (epoch seconds); null disables TTL."
  type        = string
  default     = null

  validation {
    condition     = var.ttl_attribute == null || try(length(var.ttl_attribute) >= 1 && length(var.ttl_attribute) <= 255, false)
    error_message = "ttl_attribute must be null or 1-255 characters."
  }
}

variable "global_secondary_indexes" {
  description = "Global secondary indexes keyed by index name."
  type = map(object({
    hash_key           = string
    hash_key_type      = optional(string, "S")
    range_key          = optional(string)
    range_key_type     = optional(string, "S")
    projection_type    = optional(string, "ALL")
    non_key_attributes = optional(list(string), [])
  }))
  default = {}

  validation {
    condition     = alltrue([for name in keys(var.global_secondary_indexes) : can(regex("^[A-Za-z0-9_.-]{3,255}$", name))])
    error_message = "Index names must be 3-255 letters, digits, underscores, hyphens or dots."
  }

  validation {
    condition = alltrue(flatten([
      for index in values(var.global_secondary_indexes) : [contains(["S", "N", "B"], index.hash_key_type), contains(["S", "N", "B"], index.range_key_type)]
    ]))
    error_message = "Index key types must be \"S\", \"N\" or \"B\"."
  }

  validation {
    condition     = alltrue([for index in values(var.global_secondary_indexes) : contains(["ALL", "KEYS_ONLY", "INCLUDE"], index.projection_type)])
    error_message = "projection_type must be \"ALL\", \"KEYS_ONLY\" or \"INCLUDE\"."
  }

  validation {
    condition     = alltrue([for index in values(var.global_secondary_indexes) : index.projection_type == "INCLUDE" || length(index.non_key_attributes) == 0])
    error_message = "non_key_attributes are only allowed with projection_type INCLUDE."
  }

  validation {
    condition     = length(var.global_secondary_indexes) <= 20
    error_message = "A table can have at most 20 global secondary indexes."
  }
}

variable "deletion_protection" {
  description = "Protect the table against deletion (turn on for production stages)."
  type        = bool
  default     = false
}
