# Only the API itself: routes, integrations, the stage and its deployment belong to the
# service root that owns the handlers, so each service deploys its own socket routes.
resource "aws_apigatewayv2_api" "this" {
  name                       = var.name
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"

  tags = var.tags
}
