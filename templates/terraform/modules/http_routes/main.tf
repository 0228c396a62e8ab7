locals {
  # "GET /projects/{id}" => "GET/projects/*", "ANY /files/{proxy+}" => "*/files/*",
  # "$default" => "$default". API Gateway presents the invoked path, with the caller's values in
  # place of the parameters, as the invocation's source ARN, so a permission that kept a
  # literal "{id}" would never match and every call of that route would be refused (500).
  # Each parameter becomes "*", as AWS SAM does: still scoped to this method and path shape.
  permission_paths = {
    for key, route in var.routes : key => (
      route.route_key == "$default"
      ? "$default"
      : format(
        "%s%s",
        split(" ", route.route_key)[0] == "ANY" ? "*" : split(" ", route.route_key)[0],
        replace(split(" ", route.route_key)[1], "/\\{[^}]+\\}/", "*"),
      )
    )
  }
}

resource "aws_apigatewayv2_integration" "this" {
  for_each = var.routes

  api_id                 = var.api_id
  description            = "${each.value.route_key} -> ${each.value.function_name}"
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = each.value.invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = var.integration_timeout_milliseconds
}

# The service's Lambda authorizer for its auth: custom routes: a REQUEST authorizer with the
# 2.0 payload and simple responses ({isAuthorized, context}). API Gateway caches an answer per
# identity sources for authorizer_result_ttl_in_seconds (0: no cache, then identity sources
# may be empty).
# https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
resource "aws_apigatewayv2_authorizer" "lambda" {
  count = var.lambda_authorizer == null ? 0 : 1

  api_id                            = var.api_id
  name                              = var.lambda_authorizer.name
  authorizer_type                   = "REQUEST"
  authorizer_uri                    = var.lambda_authorizer.invoke_arn
  authorizer_payload_format_version = "2.0"
  enable_simple_responses           = true
  identity_sources                  = var.lambda_authorizer.identity_sources
  authorizer_result_ttl_in_seconds  = var.lambda_authorizer.ttl_seconds
}

# API Gateway invokes the authorizer as <execution arn>/authorizers/<authorizer id>.
resource "aws_lambda_permission" "authorizer" {
  count = var.lambda_authorizer == null ? 0 : 1

  statement_id  = "http-authorizer"
  action        = "lambda:InvokeFunction"
  function_name = var.lambda_authorizer.function_name
  qualifier     = var.lambda_authorizer.qualifier
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${var.execution_arn}/authorizers/${aws_apigatewayv2_authorizer.lambda[0].id}"
}

resource "aws_apigatewayv2_route" "this" {
  #checkov:skip=CKV_AWS_309:Routes declared auth: public in the blueprint are deliberately open (authorization_type NONE); every other route uses the JWT authorizer or the service's Lambda authorizer (CUSTOM).
  for_each = var.routes

  api_id    = var.api_id
  route_key = each.value.route_key
  target    = "integrations/${aws_apigatewayv2_integration.this[each.key].id}"

  # Group membership is checked by the handler from the JWT's cognito:groups claim;
  # the route itself only requires a valid token. CUSTOM routes are the Lambda authorizer's.
  authorization_type = each.value.authorization_type
  authorizer_id = (
    each.value.authorization_type == "JWT" ? var.authorizer_id
    : each.value.authorization_type == "CUSTOM" ? one(aws_apigatewayv2_authorizer.lambda[*].id) : null
  )
  authorization_scopes = each.value.authorization_type == "JWT" && length(each.value.authorization_scopes) > 0 ? each.value.authorization_scopes : null

  lifecycle {
    precondition {
      condition     = each.value.authorization_type != "JWT" || var.authorizer_id != null
      error_message = "Route ${each.value.route_key} uses JWT authorization, so authorizer_id must be set."
    }
    precondition {
      condition     = each.value.authorization_type != "CUSTOM" || var.lambda_authorizer != null
      error_message = "Route ${each.value.route_key} uses CUSTOM authorization, so lambda_authorizer must be set."
    }
  }
}

resource "aws_lambda_permission" "this" {
  for_each = var.routes

  statement_id  = "http-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = each.value.function_name
  qualifier     = each.value.qualifier
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${var.execution_arn}/*/${local.permission_paths[each.key]}"
}
