# Plan-mode tests of the module itself (no AWS): each invoke permission is scoped to its
# own route, auth is wired only where asked, and bad input is refused.
mock_provider "aws" {}

variables {
  api_id        = "a1b2c3d4e5"
  execution_arn = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5"
  authorizer_id = "jwt123"

  routes = {
    get_project = {
      route_key            = "GET /projects/{id}"
      function_name        = "acme-dev-projects-get-project"
      invoke_arn           = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-projects-get-project/invocations"
      authorization_type   = "JWT"
      authorization_scopes = ["projects/read"]
    }
    any_file = {
      route_key          = "ANY /files/{proxy+}"
      function_name      = "acme-dev-projects-any-file"
      invoke_arn         = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-projects-any-file/invocations"
      authorization_type = "JWT"
    }
    fallback = {
      route_key          = "$default"
      function_name      = "acme-dev-projects-fallback"
      invoke_arn         = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-projects-fallback/invocations"
      authorization_type = "NONE"
    }
  }
}

run "routes_are_wired_with_scoped_permissions" {
  command = plan

  assert {
    condition     = aws_lambda_permission.this["get_project"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*/GET/projects/*"
    error_message = "GET /projects/{id} must be allowed on its own method and path shape, with * for the parameter (API Gateway presents the caller's value, never the literal {id})."
  }

  assert {
    condition     = aws_lambda_permission.this["any_file"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*/*/files/*"
    error_message = "ANY routes must allow every method on their own path only, greedy parameters as *."
  }

  assert {
    condition     = aws_lambda_permission.this["fallback"].source_arn == "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*/$default"
    error_message = "The $default route must be allowed as */$default."
  }

  assert {
    condition     = alltrue([for p in aws_lambda_permission.this : !strcontains(p.source_arn, "{") && !strcontains(p.source_arn, "}")])
    error_message = "No invoke permission may carry a literal path parameter: it would never match a real call."
  }

  assert {
    condition     = aws_lambda_permission.this["get_project"].principal == "apigateway.amazonaws.com"
    error_message = "Only API Gateway may invoke route handlers."
  }

  assert {
    condition     = alltrue([for i in aws_apigatewayv2_integration.this : i.integration_type == "AWS_PROXY" && i.payload_format_version == "2.0"])
    error_message = "Every integration must be AWS_PROXY with payload format 2.0."
  }

  assert {
    condition     = aws_apigatewayv2_route.this["get_project"].authorizer_id == "jwt123" && aws_apigatewayv2_route.this["get_project"].authorization_type == "JWT"
    error_message = "JWT routes must use the authorizer."
  }

  assert {
    condition     = aws_apigatewayv2_route.this["get_project"].authorization_scopes == toset(["projects/read"])
    error_message = "Scopes must be passed through on JWT routes."
  }

  assert {
    condition     = aws_apigatewayv2_route.this["fallback"].authorizer_id == null && aws_apigatewayv2_route.this["fallback"].authorization_type == "NONE"
    error_message = "Public routes must not reference the authorizer."
  }
}

run "jwt_routes_without_authorizer_are_refused" {
  command = plan

  variables {
    authorizer_id = null
  }

  expect_failures = [aws_apigatewayv2_route.this]
}

run "malformed_route_keys_are_refused" {
  command = plan

  variables {
    routes = {
      bad = {
        route_key          = "FETCH projects"
        function_name      = "acme-dev-projects-bad"
        invoke_arn         = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-projects-bad/invocations"
        authorization_type = "JWT"
      }
    }
  }

  expect_failures = [var.routes]
}

run "custom_routes_use_the_lambda_authorizer" {
  command = plan

  variables {
    lambda_authorizer = {
      name             = "acme-dev-partners-check-api-key"
      function_name    = "acme-dev-partners-check-api-key"
      invoke_arn       = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-partners-check-api-key:live/invocations"
      qualifier        = "live"
      identity_sources = ["$request.header.x-api-key"]
      ttl_seconds      = 300
    }
    routes = {
      partner_orders = {
        route_key          = "GET /partner/orders"
        function_name      = "acme-dev-partners-partner-orders"
        invoke_arn         = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-partners-partner-orders:live/invocations"
        qualifier          = "live"
        authorization_type = "CUSTOM"
      }
    }
  }

  assert {
    condition     = aws_apigatewayv2_authorizer.lambda[0].authorizer_type == "REQUEST" && aws_apigatewayv2_authorizer.lambda[0].authorizer_payload_format_version == "2.0" && aws_apigatewayv2_authorizer.lambda[0].enable_simple_responses == true
    error_message = "An HTTP API Lambda authorizer must be REQUEST, payload 2.0, with simple responses."
  }

  assert {
    condition     = aws_apigatewayv2_authorizer.lambda[0].authorizer_result_ttl_in_seconds == 300 && aws_apigatewayv2_authorizer.lambda[0].identity_sources == toset(["$request.header.x-api-key"])
    error_message = "The authorizer must cache per its identity sources for ttl_seconds."
  }

  assert {
    condition     = aws_lambda_permission.authorizer[0].principal == "apigateway.amazonaws.com" && aws_lambda_permission.authorizer[0].qualifier == "live"
    error_message = "API Gateway must be allowed to invoke the authorizer, on its alias when it has one."
  }

  assert {
    condition     = aws_apigatewayv2_route.this["partner_orders"].authorization_type == "CUSTOM"
    error_message = "A CUSTOM route must use the Lambda authorizer."
  }

  assert {
    condition     = aws_lambda_permission.this["partner_orders"].qualifier == "live" && endswith(aws_apigatewayv2_integration.this["partner_orders"].integration_uri, ":live/invocations")
    error_message = "A route of a function with provisioned concurrency must invoke, and be allowed on, the alias live."
  }
}

run "custom_routes_need_the_lambda_authorizer" {
  command = plan

  variables {
    routes = {
      partner_orders = {
        route_key          = "GET /partner/orders"
        function_name      = "acme-dev-partners-partner-orders"
        invoke_arn         = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-partners-partner-orders/invocations"
        authorization_type = "CUSTOM"
      }
    }
  }

  expect_failures = [aws_apigatewayv2_route.this]
}

run "a_cached_authorizer_needs_identity_sources" {
  command = plan

  variables {
    lambda_authorizer = {
      name             = "acme-dev-partners-check-api-key"
      function_name    = "acme-dev-partners-check-api-key"
      invoke_arn       = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-partners-check-api-key/invocations"
      identity_sources = []
      ttl_seconds      = 60
    }
  }

  expect_failures = [var.lambda_authorizer]
}
