# This file belongs to you: scaffold created it once and will never overwrite it.
"""Tests of countPaidInvoice: subscription billing.InvoicePaid.

They call the handler with event fixtures against moto, never against AWS.
"""

from __future__ import annotations

import scaffold_fixtures as fx

from reports.handlers.count_paid_invoice import handler

Env = dict[str, str]
Context = fx.LambdaContext
DETAIL: dict[str, object] = {"tenantId": "test", "invoiceId": "test", "amount": 1.5}


def test_handles_the_event(aws: Env, lambda_context: Context) -> None:
    event = fx.eventbridge_event("InvoicePaid", DETAIL, source="tenantly.billing")
    assert handler(event, lambda_context) is None
