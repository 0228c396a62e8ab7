"""Render stage (TypeScript): the shapes shared by stub builders and the test template.

A stub builder returns a :class:`Stub`: the handler template and its context, plus the
unit test as data (mocked clients, cases with setup lines, the call and the checks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scaffold.render.typescript.code import Imports
from scaffold.render.typescript.env import Code, Ident

__all__ = ["MOCKABLE", "Case", "Stub", "TestPlan", "camel"]

MOCKABLE: dict[str, tuple[str, str]] = {
    "ddb": ("DynamoDBDocumentClient", "@aws-sdk/lib-dynamodb"),
    "eventBridge": ("EventBridgeClient", "@aws-sdk/client-eventbridge"),
    "sfn": ("SFNClient", "@aws-sdk/client-sfn"),
    "ssm": ("SSMClient", "@aws-sdk/client-ssm"),
    "cognito": ("CognitoIdentityProviderClient", "@aws-sdk/client-cognito-identity-provider"),
    "websocket": ("ApiGatewayManagementApiClient", "@aws-sdk/client-apigatewaymanagementapi"),
}
"""Mock variable -> (client class, package), for ``aws-sdk-client-mock``."""


def camel(name: str) -> str:
    """``mailer-api-key`` -> ``mailerApiKey``."""
    pascal = "".join(p[:1].upper() + p[1:] for p in name.replace("_", "-").split("-"))
    return pascal[:1].lower() + pascal[1:]


@dataclass
class Case:
    """One ``it(...)`` of a generated unit test."""

    title: str
    call: Code
    setup: list[Code] = field(default_factory=list)
    checks: list[Code] = field(default_factory=list)


@dataclass
class TestPlan:
    """A generated unit test: imports, mocked clients and cases."""

    imports: Imports
    mocks: list[str] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    prelude: list[Code] = field(default_factory=list)
    testing: set[str] = field(default_factory=lambda: {"lambdaContext"})

    def mock(self, var: str) -> str:
        """Mock the AWS client ``var`` (a key of :data:`MOCKABLE`); returns ``var``."""
        if var not in self.mocks:
            client, package = MOCKABLE[var]
            self.mocks.append(var)
            self.imports.add(package, client)
        return var

    def uses(self, module: str, *names: str) -> None:
        """Import ``names`` from ``module`` in the test."""
        self.imports.add(module, *names)

    def context(self) -> dict[str, Any]:
        """Template context of ``tests/handler.test.ts.j2``."""
        if self.mocks:
            self.imports.add("aws-sdk-client-mock", "mockClient")
            self.imports.add("node:test", "beforeEach")
        return {
            "mocks": [(Ident(v), Ident(MOCKABLE[v][0])) for v in self.mocks],
            "cases": self.cases,
            "prelude": self.prelude,
            "testing_names": Code(", ".join(sorted(self.testing))),
        }


@dataclass
class Stub:
    """A handler stub (template, context, imports) and its unit test."""

    template: str
    context: dict[str, Any]
    imports: Imports
    test: TestPlan
