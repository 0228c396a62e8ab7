data "aws_region" "current" {}

resource "aws_cognito_user_pool" "this" {
  name                     = var.name
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]
  mfa_configuration        = var.mfa_configuration
  deletion_protection      = var.deletion_protection

  username_configuration {
    case_sensitive = false
  }

  password_policy {
    minimum_length                   = var.password_minimum_length
    require_lowercase                = var.password_require_lowercase
    require_uppercase                = var.password_require_uppercase
    require_numbers                  = var.password_require_numbers
    require_symbols                  = var.password_require_symbols
    temporary_password_validity_days = var.temporary_password_validity_days
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }

  verification_message_template {
    default_email_option = "CONFIRM_WITH_CODE"
  }

  # Without this block Cognito sends with its default sender (about 50 e-mails a day). With
  # DEVELOPER, Cognito sends through the account's SES identity by its service-linked role
  # (AWSServiceRoleForAmazonCognitoIdpEmailService), so no identity policy is needed.
  dynamic "email_configuration" {
    for_each = var.email_source_arn == null ? [] : [var.email_source_arn]

    content {
      email_sending_account = "DEVELOPER"
      source_arn            = email_configuration.value
      from_email_address    = var.email_from_address
    }
  }

  dynamic "software_token_mfa_configuration" {
    for_each = var.mfa_configuration == "OFF" ? [] : [true]

    content {
      enabled = software_token_mfa_configuration.value
    }
  }

  dynamic "lambda_config" {
    for_each = length(var.triggers) > 0 ? [var.triggers] : []

    content {
      pre_sign_up                    = lookup(lambda_config.value, "pre_sign_up", null)
      post_confirmation              = lookup(lambda_config.value, "post_confirmation", null)
      pre_authentication             = lookup(lambda_config.value, "pre_authentication", null)
      post_authentication            = lookup(lambda_config.value, "post_authentication", null)
      pre_token_generation           = lookup(lambda_config.value, "pre_token_generation", null)
      custom_message                 = lookup(lambda_config.value, "custom_message", null)
      define_auth_challenge          = lookup(lambda_config.value, "define_auth_challenge", null)
      create_auth_challenge          = lookup(lambda_config.value, "create_auth_challenge", null)
      verify_auth_challenge_response = lookup(lambda_config.value, "verify_auth_challenge_response", null)
      user_migration                 = lookup(lambda_config.value, "user_migration", null)
    }
  }

  tags = var.tags
}

resource "aws_lambda_permission" "trigger" {
  for_each = var.create_trigger_permissions ? var.triggers : {}

  statement_id  = "AllowCognito-${replace(each.key, "_", "-")}"
  action        = "lambda:InvokeFunction"
  function_name = each.value
  principal     = "cognito-idp.amazonaws.com"
  source_arn    = aws_cognito_user_pool.this.arn
}

resource "aws_cognito_user_pool_client" "this" {
  name         = var.client_name
  user_pool_id = aws_cognito_user_pool.this.id

  # A browser cannot keep a secret.
  generate_secret = false

  # SRP and refresh only: what the SPA (Amplify) uses. No ADMIN_USER_PASSWORD_AUTH on
  # the browser's client: anyone with IAM credentials in the account could then trade a
  # user's password for tokens outside SRP; automation gets its own client if it needs one.
  explicit_auth_flows = [
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
  ]

  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true
  # Naming the providers' resources makes Cognito know them before the client lists them.
  supported_identity_providers = concat(["COGNITO"], [for idp in aws_cognito_identity_provider.this : idp.provider_name])

  # The hosted UI's authorization code flow (the SPA adds PKCE); no implicit flow, whose
  # tokens travel in the URL.
  allowed_oauth_flows_user_pool_client = var.oauth != null
  allowed_oauth_flows                  = var.oauth == null ? null : ["code"]
  allowed_oauth_scopes                 = var.oauth == null ? null : var.oauth.scopes
  callback_urls                        = var.oauth == null ? null : var.oauth.callback_urls
  logout_urls                          = var.oauth == null ? null : var.oauth.logout_urls

  access_token_validity  = var.access_token_validity_minutes
  id_token_validity      = var.id_token_validity_minutes
  refresh_token_validity = var.refresh_token_validity_days

  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "days"
  }
}

resource "aws_cognito_user_group" "this" {
  for_each = var.groups

  user_pool_id = aws_cognito_user_pool.this.id
  name         = each.key
  description  = each.value
}

resource "aws_cognito_user_pool_domain" "this" {
  count = var.domain_prefix == null ? 0 : 1

  domain       = var.domain_prefix
  user_pool_id = aws_cognito_user_pool.this.id
}

locals {
  provider_types = { google = "Google", oidc = "OIDC", saml = "SAML" }

  # What Cognito needs per type. Google's and OIDC's secrets come from var.identity_provider_secrets.
  provider_details = {
    for name, idp in var.identity_providers : name => idp.type == "saml" ? {
      MetadataURL = idp.metadata_url
      IDPSignout  = "false"
      } : merge({
        client_id        = idp.client_id
        client_secret    = lookup(var.identity_provider_secrets, name, "")
        authorize_scopes = join(" ", length(idp.scopes) > 0 ? idp.scopes : idp.type == "google" ? ["openid", "email", "profile"] : ["openid", "email"])
        }, idp.type == "oidc" ? {
        oidc_issuer               = idp.oidc_issuer
        attributes_request_method = "GET"
        } : {
        # What Cognito stores for Google anyway: set, it shows no change on the next plan.
        oidc_issuer = "https://accounts.google.com"
    })
  }

  # The pool signs users in by e-mail: every provider maps it. SAML claims have no default name.
  attribute_mappings = {
    for name, idp in var.identity_providers : name => merge(
      idp.type == "saml" ? { email = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" } : { email = "email", username = "sub" },
      idp.attribute_mapping,
    )
  }
}

resource "aws_cognito_identity_provider" "this" {
  for_each = var.identity_providers

  user_pool_id      = aws_cognito_user_pool.this.id
  provider_name     = each.key
  provider_type     = local.provider_types[each.value.type]
  provider_details  = local.provider_details[each.key]
  attribute_mapping = local.attribute_mappings[each.key]

  lifecycle {
    # Cognito adds the endpoints it discovers (from the issuer, or Google's fixed ones) to
    # the provider's details; they are not settings, so they must not show as changes.
    ignore_changes = [
      provider_details["attributes_url"],
      provider_details["attributes_url_add_attributes"],
      provider_details["authorize_url"],
      provider_details["jwks_uri"],
      provider_details["token_request_method"],
      provider_details["token_url"],
      provider_details["ActiveEncryptionCertificate"],
      provider_details["SLORedirectBindingURI"],
      provider_details["SSORedirectBindingURI"],
    ]
  }
}
