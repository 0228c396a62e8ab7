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

resource "aws_apigatewayv2_route" "this" {
  #checkov:skip=CKV_AWS_309:Routes declared auth: public in the blueprint are deliberately open (authorization_type NONE); every other route uses the JWT authorizer.
  for_each = var.routes

  api_id    = var.api_id
  route_key = each.value.route_key
  target    = "integrations/${aws_apigatewayv2_integration.this[each.key].id}"

  # Group membership is checked by the handler from the JWT's cognito:groups claim;
  # the route itself only requires a valid token.
  authorization_type   = each.value.authorization_type
  authorizer_id        = each.value.authorization_type == "JWT" ? var.authorizer_id : null
  authorization_scopes = each.value.authorization_type == "JWT" && length(each.value.authorization_scopes) > 0 ? each.value.authorization_scopes : null

  lifecycle {
    precondition {
      condition     = each.value.authorization_type == "NONE" || var.authorizer_id != null
      error_message = "Route ${each.value.route_key} uses JWT authorization, so authorizer_id must be set."
    }
  }
}

resource "aws_lambda_permission" "this" {
  for_each = var.routes

  statement_id  = "http-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = each.value.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${var.execution_arn}/*/${local.permission_paths[each.key]}"
}
