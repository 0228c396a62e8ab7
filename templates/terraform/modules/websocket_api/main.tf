# Only the API itself: routes, integrations, the stage and its deployment belong to the
# service root that owns the handlers, so each service deploys its own socket routes.
resource "aws_apigatewayv2_api" "this" {
  name                       = var.name
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"

  tags = var.tags
}

# WebSocket stage logging (the service root's websocket_routes stage) needs the account's
# API Gateway CloudWatch role: without one, a first apply on a fresh account fails with
# "CloudWatch Logs role ARN must be set in account settings". HTTP APIs do not need it.
# The setting is account-wide, per region: the last stage applied sets it, and any
# scaffold-managed role works for every API. Provider 5.x keeps the setting when this is
# destroyed (its reset_on_delete is deprecated and provider 6 resets by default, so it is
# not set here); every other managed stage sets its own role again on its next apply.
data "aws_partition" "current" {}

resource "aws_iam_role" "logging" {
  count = var.manage_logging_role ? 1 : 0

  name = "${var.name}-logs"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "apigateway.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "logging" {
  count = var.manage_logging_role ? 1 : 0

  role       = aws_iam_role.logging[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
}

resource "aws_api_gateway_account" "this" {
  count = var.manage_logging_role ? 1 : 0

  cloudwatch_role_arn = aws_iam_role.logging[0].arn

  depends_on = [aws_iam_role_policy_attachment.logging]
}
