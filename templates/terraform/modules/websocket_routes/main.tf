resource "aws_apigatewayv2_integration" "this" {
  for_each = var.routes

  api_id             = var.api_id
  description        = "${each.value.route_key} -> ${each.value.function_name}"
  integration_type   = "AWS_PROXY"
  integration_method = "POST"
  integration_uri    = each.value.invoke_arn
}

resource "aws_apigatewayv2_route" "this" {
  #checkov:skip=CKV_AWS_309:WebSocket APIs authorize only on $connect and support no JWT authorizer; the connect handler verifies the Cognito token passed in the query string.
  for_each = var.routes

  api_id             = var.api_id
  route_key          = each.value.route_key
  target             = "integrations/${aws_apigatewayv2_integration.this[each.key].id}"
  authorization_type = "NONE"
}

resource "aws_lambda_permission" "this" {
  for_each = var.routes

  statement_id  = "websocket-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = each.value.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${var.execution_arn}/${var.stage_name}/${each.value.route_key}"
}

resource "aws_apigatewayv2_deployment" "this" {
  api_id      = var.api_id
  description = "Routes: ${join(", ", sort([for route in values(var.routes) : route.route_key]))}"

  # Hash only configured values (route keys and integration ids), never whole resource
  # objects: computed attributes would force a new deployment on every plan.
  triggers = {
    redeployment = sha1(jsonencode([
      for key in sort(keys(var.routes)) : [
        var.routes[key].route_key,
        aws_apigatewayv2_integration.this[key].id,
        var.routes[key].invoke_arn,
      ]
    ]))
  }

  depends_on = [aws_apigatewayv2_route.this]

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "access" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs encrypts log data at rest by default; a customer-managed KMS key is not part of this architecture.
  #checkov:skip=CKV_AWS_338:Retention is a blueprint setting per stage (log_retention_days); short retention outside production is deliberate.
  name              = var.access_log_group_name
  retention_in_days = var.log_retention_days
}

resource "aws_apigatewayv2_stage" "this" {
  api_id        = var.api_id
  name          = var.stage_name
  deployment_id = aws_apigatewayv2_deployment.this.id

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format = jsonencode({
      requestId      = "$context.requestId"
      requestTime    = "$context.requestTime"
      eventType      = "$context.eventType"
      routeKey       = "$context.routeKey"
      connectionId   = "$context.connectionId"
      status         = "$context.status"
      sourceIp       = "$context.identity.sourceIp"
      integrationErr = "$context.integrationErrorMessage"
      error          = "$context.error.message"
    })
  }

  default_route_settings {
    throttling_burst_limit = var.throttling_burst_limit
    throttling_rate_limit  = var.throttling_rate_limit
  }
}
