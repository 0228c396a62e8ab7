variable "name" {
  description = "Name of the user pool, built by the caller (for example `acme-dev-users`)."
  type        = string

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,128}$", var.name))
    error_message = "name must be 1-128 characters of letters, digits or '_+=,.@-'."
  }
}

variable "client_name" {
  description = "Name of the SPA app client."
  type        = string
  default     = "spa"

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,128}$", var.client_name))
    error_message = "client_name must be 1-128 characters of letters, digits or '_+=,.@-'."
  }
}

variable "password_minimum_length" {
  description = "Minimum password length."
  type        = number
  default     = 12

  validation {
    condition     = var.password_minimum_length >= 6 && var.password_minimum_length <= 99 && floor(var.password_minimum_length) == var.password_minimum_length
    error_message = "password_minimum_length must be a whole number from 6 to 99."
  }
}

variable "password_require_lowercase" {
  description = "Whether passwords need a lowercase letter."
  type        = bool
  default     = true
}

variable "password_require_uppercase" {
  description = "Whether passwords need an uppercase letter."
  type        = bool
  default     = true
}

variable "password_require_numbers" {
  description = "Whether passwords need a digit."
  type        = bool
  default     = true
}

variable "password_require_symbols" {
  description = "Whether passwords need a symbol."
  type        = bool
  default     = false
}

variable "temporary_password_validity_days" {
  description = "Days an administrator-issued temporary password stays valid."
  type        = number
  default     = 7

  validation {
    condition     = var.temporary_password_validity_days >= 0 && var.temporary_password_validity_days <= 365 && floor(var.temporary_password_validity_days) == var.temporary_password_validity_days
    error_message = "temporary_password_validity_days must be a whole number from 0 to 365."
  }
}

variable "mfa_configuration" {
  description = "Multi-factor authentication: OFF, OPTIONAL or ON. OPTIONAL and ON enable TOTP (software token) MFA."
  type        = string
  default     = "OFF"

  validation {
    condition     = contains(["OFF", "OPTIONAL", "ON"], var.mfa_configuration)
    error_message = "mfa_configuration must be OFF, OPTIONAL or ON."
  }
}

variable "email_source_arn" {
  description = "ARN of the verified SES identity (domain or address) Cognito sends its e-mails with (email_sending_account DEVELOPER). Null: Cognito's default sender, limited to about 50 e-mails a day."
  type        = string
  default     = null

  validation {
    condition     = var.email_source_arn == null || can(regex("^arn:aws[a-z-]*:ses:[a-z0-9-]+:[0-9]{12}:identity/[^\\s]+$", var.email_source_arn))
    error_message = "email_source_arn must be an SES identity ARN (arn:aws:ses:<region>:<account>:identity/<domain or address>)."
  }
}

variable "email_from_address" {
  description = "From address of Cognito's e-mails, for example `Acme <no-reply@acme.example>`; used with email_source_arn, whose identity must cover it."
  type        = string
  default     = null

  validation {
    condition     = var.email_from_address == null || can(regex("@", var.email_from_address))
    error_message = "email_from_address must hold an e-mail address."
  }
}

variable "deletion_protection" {
  description = "ACTIVE prevents deleting the pool (recommended for production); INACTIVE allows it."
  type        = string
  default     = "INACTIVE"

  validation {
    condition     = contains(["ACTIVE", "INACTIVE"], var.deletion_protection)
    error_message = "deletion_protection must be ACTIVE or INACTIVE."
  }
}

variable "triggers" {
  description = "Lambda triggers: trigger kind => function ARN. Kinds: pre_sign_up, post_confirmation, pre_authentication, post_authentication, pre_token_generation, custom_message, define_auth_challenge, create_auth_challenge, verify_auth_challenge_response, user_migration."
  type        = map(string)
  default     = {}

  validation {
    condition = alltrue([for kind in keys(var.triggers) : contains([
      "pre_sign_up", "post_confirmation", "pre_authentication", "post_authentication", "pre_token_generation",
      "custom_message", "define_auth_challenge", "create_auth_challenge", "verify_auth_challenge_response", "user_migration",
    ], kind)])
    error_message = "triggers keys must be among pre_sign_up, post_confirmation, pre_authentication, post_authentication, pre_token_generation, custom_message, define_auth_challenge, create_auth_challenge, verify_auth_challenge_response and user_migration."
  }

  validation {
    condition     = alltrue([for arn in values(var.triggers) : can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}$", arn))])
    error_message = "triggers values must be Lambda function ARNs (arn:aws:lambda:<region>:<account>:function:<name>)."
  }
}

variable "create_trigger_permissions" {
  description = "Whether this module grants Cognito `lambda:InvokeFunction` on each trigger function. Set false when the root owning the functions grants it."
  type        = bool
  default     = true
}

variable "groups" {
  description = "User groups: group name => description."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for name, description in var.groups : can(regex("^[^\\s]{1,128}$", name)) && length(description) <= 2048])
    error_message = "groups keys must be 1-128 characters without whitespace, and descriptions at most 2048 characters."
  }
}

variable "access_token_validity_minutes" {
  description = "Lifetime of access tokens, in minutes."
  type        = number
  default     = 60

  validation {
    condition     = var.access_token_validity_minutes >= 5 && var.access_token_validity_minutes <= 1440 && floor(var.access_token_validity_minutes) == var.access_token_validity_minutes
    error_message = "access_token_validity_minutes must be a whole number from 5 to 1440."
  }
}

variable "id_token_validity_minutes" {
  description = "Lifetime of ID tokens, in minutes."
  type        = number
  default     = 60

  validation {
    condition     = var.id_token_validity_minutes >= 5 && var.id_token_validity_minutes <= 1440 && floor(var.id_token_validity_minutes) == var.id_token_validity_minutes
    error_message = "id_token_validity_minutes must be a whole number from 5 to 1440."
  }
}

variable "refresh_token_validity_days" {
  description = "Lifetime of refresh tokens, in days."
  type        = number
  default     = 30

  validation {
    condition     = var.refresh_token_validity_days >= 1 && var.refresh_token_validity_days <= 3650 && floor(var.refresh_token_validity_days) == var.refresh_token_validity_days
    error_message = "refresh_token_validity_days must be a whole number from 1 to 3650."
  }
}

variable "tags" {
  description = "Tags added to the user pool."
  type        = map(string)
  default     = {}
}

variable "domain_prefix" {
  description = "Prefix of the hosted UI's Cognito domain, `<prefix>.auth.<region>.amazoncognito.com` (unique per region across all accounts). Null: no hosted UI."
  type        = string
  default     = null

  validation {
    condition     = var.domain_prefix == null ? true : (can(regex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", var.domain_prefix)) && !can(regex("aws|amazon|cognito", var.domain_prefix)))
    error_message = "domain_prefix must be 1-63 lowercase letters, digits or hyphens, start and end with a letter or digit, and not contain aws, amazon or cognito."
  }
}

variable "oauth" {
  description = "OAuth 2.0 of the SPA client through the hosted UI (authorization code flow with PKCE): where Cognito may send the browser back after sign-in and sign-out, and the scopes. Null: no OAuth flows."
  type = object({
    callback_urls = list(string)
    logout_urls   = list(string)
    scopes        = list(string)
  })
  default = null

  validation {
    condition     = var.oauth == null ? true : length(var.oauth.callback_urls) > 0 && alltrue([for url in concat(var.oauth.callback_urls, var.oauth.logout_urls) : can(regex("^(https://[^\\s#]+|http://localhost(:[0-9]+)?(/[^\\s#]*)?)$", url))])
    error_message = "oauth needs at least one callback URL; callback and logout URLs must be https (http only for localhost) and carry no fragment."
  }

  validation {
    condition     = var.oauth == null ? true : alltrue([for scope in var.oauth.scopes : contains(["openid", "email", "profile", "phone", "aws.cognito.signin.user.admin"], scope)])
    error_message = "oauth scopes must be among openid, email, profile, phone and aws.cognito.signin.user.admin."
  }
}

variable "identity_providers" {
  description = "External identity providers users may sign in with through the hosted UI: name => settings. `type` is google (the name must be Google), oidc (needs `oidc_issuer`) or saml (needs `metadata_url`); google and oidc need `client_id` and a secret in identity_provider_secrets. `attribute_mapping` maps user pool attributes to the provider's claims."
  type = map(object({
    type              = string
    client_id         = optional(string)
    oidc_issuer       = optional(string)
    metadata_url      = optional(string)
    scopes            = optional(list(string), [])
    attribute_mapping = optional(map(string), {})
  }))
  default = {}

  validation {
    condition     = alltrue([for name, idp in var.identity_providers : contains(["google", "oidc", "saml"], idp.type) && (idp.type != "google" || name == "Google") && (idp.type == "saml" ? idp.metadata_url != null : idp.client_id != null) && (idp.type != "oidc" || idp.oidc_issuer != null)])
    error_message = "identity_providers: type is google (named Google), oidc (with client_id and oidc_issuer) or saml (with metadata_url); google needs client_id."
  }
}

variable "identity_provider_secrets" {
  description = "Client secrets of the google and oidc identity providers: provider name => secret. The provider keeps them in its settings, so they are in the Terraform state too (keep the state encrypted and access to it narrow)."
  type        = map(string)
  default     = {}
  sensitive   = true
}
