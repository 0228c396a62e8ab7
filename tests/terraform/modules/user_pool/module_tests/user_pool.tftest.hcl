# Plan-mode tests of the module itself (mock provider, no AWS): triggers, MFA, groups and
# the SPA client follow the variables, and unknown trigger kinds are refused.
mock_provider "aws" {}

variables {
  name              = "acme-dev-users"
  mfa_configuration = "OPTIONAL"
  triggers = {
    post_confirmation = "arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-users-onSignedUp"
  }
  groups = {
    admin  = "Administrators"
    member = "Members"
  }
}

run "triggers_mfa_groups_and_client_follow_the_variables" {
  command = plan

  assert {
    condition     = aws_cognito_user_pool.this.lambda_config[0].post_confirmation == "arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-users-onSignedUp" && aws_cognito_user_pool.this.lambda_config[0].pre_sign_up == null
    error_message = "Only the declared triggers are set."
  }

  assert {
    condition     = keys(aws_lambda_permission.trigger) == ["post_confirmation"] && aws_lambda_permission.trigger["post_confirmation"].principal == "cognito-idp.amazonaws.com"
    error_message = "Cognito must be allowed to invoke each trigger."
  }

  assert {
    condition     = aws_cognito_user_pool.this.software_token_mfa_configuration[0].enabled
    error_message = "OPTIONAL MFA enables TOTP."
  }

  assert {
    condition     = toset(keys(aws_cognito_user_group.this)) == toset(["admin", "member"])
    error_message = "One group per entry of var.groups."
  }

  assert {
    condition     = aws_cognito_user_pool.this.username_attributes == toset(["email"]) && aws_cognito_user_pool.this.auto_verified_attributes == toset(["email"])
    error_message = "Users sign in with a verified email."
  }

  assert {
    condition     = !aws_cognito_user_pool_client.this.generate_secret && aws_cognito_user_pool_client.this.explicit_auth_flows == toset(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    error_message = "The SPA client has no secret and only the SRP and refresh flows (no ADMIN_USER_PASSWORD_AUTH on a browser client)."
  }
}

run "no_triggers_and_no_mfa" {
  command = plan

  variables {
    mfa_configuration = "OFF"
    triggers          = {}
  }

  assert {
    condition     = length(aws_cognito_user_pool.this.lambda_config) == 0 && length(aws_lambda_permission.trigger) == 0
    error_message = "No lambda_config block nor permission without triggers."
  }

  assert {
    condition     = length(aws_cognito_user_pool.this.software_token_mfa_configuration) == 0
    error_message = "No TOTP configuration when MFA is OFF."
  }
}

run "permissions_can_be_left_to_the_caller" {
  command = plan

  variables {
    create_trigger_permissions = false
  }

  assert {
    condition     = length(aws_lambda_permission.trigger) == 0 && aws_cognito_user_pool.this.lambda_config[0].post_confirmation != null
    error_message = "create_trigger_permissions = false keeps the trigger but grants nothing."
  }
}

run "unknown_trigger_kind_is_refused" {
  command = plan

  variables {
    triggers = {
      on_login = "arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-users-onLogin"
    }
  }

  expect_failures = [var.triggers]
}

run "each_password_rule_and_mfa_reach_the_pool" {
  command = plan

  variables {
    mfa_configuration          = "ON"
    password_require_lowercase = false
    password_require_uppercase = true
    password_require_numbers   = false
    password_require_symbols   = true
  }

  assert {
    condition     = aws_cognito_user_pool.this.mfa_configuration == "ON" && aws_cognito_user_pool.this.software_token_mfa_configuration[0].enabled
    error_message = "mfa_configuration ON requires TOTP MFA of every user."
  }

  assert {
    condition     = !aws_cognito_user_pool.this.password_policy[0].require_lowercase && aws_cognito_user_pool.this.password_policy[0].require_uppercase && !aws_cognito_user_pool.this.password_policy[0].require_numbers && aws_cognito_user_pool.this.password_policy[0].require_symbols
    error_message = "Each password_require_* variable sets its password_policy rule."
  }

  assert {
    condition     = length(aws_cognito_user_pool.this.email_configuration) == 0
    error_message = "Without email_source_arn the pool keeps Cognito's default sender."
  }
}

run "an_ses_identity_sends_the_pool_email" {
  command = plan

  variables {
    email_source_arn   = "arn:aws:ses:eu-west-1:123456789012:identity/acme.example"
    email_from_address = "Acme <no-reply@acme.example>"
  }

  assert {
    condition     = aws_cognito_user_pool.this.email_configuration[0].email_sending_account == "DEVELOPER" && aws_cognito_user_pool.this.email_configuration[0].source_arn == "arn:aws:ses:eu-west-1:123456789012:identity/acme.example" && aws_cognito_user_pool.this.email_configuration[0].from_email_address == "Acme <no-reply@acme.example>"
    error_message = "email_source_arn sends through SES (DEVELOPER) from email_from_address."
  }
}

run "hosted_ui_with_oauth_and_identity_providers" {
  command = plan

  variables {
    domain_prefix = "acme-login-dev"
    oauth = {
      callback_urls = ["https://dev.app.acme.example/auth/callback", "http://localhost:5173/auth/callback"]
      logout_urls   = ["https://dev.app.acme.example/"]
      scopes        = ["openid", "email", "profile"]
    }
    identity_providers = {
      Google = { type = "google", client_id = "123.apps.googleusercontent.com" }
      corp   = { type = "oidc", client_id = "scaffold", oidc_issuer = "https://login.corp.example" }
      okta   = { type = "saml", metadata_url = "https://okta.example/app/metadata" }
    }
    identity_provider_secrets = { Google = "google-secret", corp = "corp-secret" }
  }

  assert {
    condition     = aws_cognito_user_pool_domain.this[0].domain == "acme-login-dev"
    error_message = "The hosted UI gets the prefix domain."
  }

  assert {
    condition     = aws_cognito_user_pool_client.this.allowed_oauth_flows_user_pool_client && aws_cognito_user_pool_client.this.allowed_oauth_flows == toset(["code"]) && aws_cognito_user_pool_client.this.allowed_oauth_scopes == toset(["openid", "email", "profile"])
    error_message = "The SPA client uses the authorization code flow only, with the given scopes."
  }

  assert {
    condition     = aws_cognito_user_pool_client.this.callback_urls == toset(["https://dev.app.acme.example/auth/callback", "http://localhost:5173/auth/callback"]) && aws_cognito_user_pool_client.this.logout_urls == toset(["https://dev.app.acme.example/"])
    error_message = "Callback and logout URLs follow var.oauth."
  }

  assert {
    condition     = aws_cognito_user_pool_client.this.supported_identity_providers == toset(["COGNITO", "Google", "corp", "okta"])
    error_message = "The client offers the pool's own sign-in and every external provider."
  }

  assert {
    condition     = aws_cognito_identity_provider.this["Google"].provider_type == "Google" && aws_cognito_identity_provider.this["Google"].provider_details["client_secret"] == "google-secret" && aws_cognito_identity_provider.this["Google"].provider_details["authorize_scopes"] == "openid email profile"
    error_message = "Google gets its client id, secret and default scopes."
  }

  assert {
    condition     = aws_cognito_identity_provider.this["corp"].provider_type == "OIDC" && aws_cognito_identity_provider.this["corp"].provider_details["oidc_issuer"] == "https://login.corp.example" && aws_cognito_identity_provider.this["corp"].provider_details["client_secret"] == "corp-secret"
    error_message = "An OIDC provider gets its issuer and secret."
  }

  assert {
    condition     = aws_cognito_identity_provider.this["okta"].provider_type == "SAML" && aws_cognito_identity_provider.this["okta"].provider_details["MetadataURL"] == "https://okta.example/app/metadata" && !contains(keys(aws_cognito_identity_provider.this["okta"].provider_details), "client_secret")
    error_message = "A SAML provider gets its metadata URL and no client secret."
  }

  assert {
    condition     = aws_cognito_identity_provider.this["Google"].attribute_mapping["email"] == "email" && aws_cognito_identity_provider.this["okta"].attribute_mapping["email"] == "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
    error_message = "Every provider maps the e-mail the pool signs in with."
  }
}

run "no_hosted_ui_means_no_domain_and_no_oauth" {
  command = plan

  assert {
    condition     = length(aws_cognito_user_pool_domain.this) == 0 && !aws_cognito_user_pool_client.this.allowed_oauth_flows_user_pool_client && aws_cognito_user_pool_client.this.supported_identity_providers == toset(["COGNITO"])
    error_message = "Without domain_prefix and oauth the client signs in with SRP only."
  }
}

run "a_google_provider_must_be_named_google" {
  command = plan

  variables {
    identity_providers = { google = { type = "google", client_id = "x" } }
  }

  expect_failures = [var.identity_providers]
}

run "plain_http_callbacks_are_refused_except_localhost" {
  command = plan

  variables {
    oauth = { callback_urls = ["http://app.acme.example/cb"], logout_urls = [], scopes = ["openid"] }
  }

  expect_failures = [var.oauth]
}
