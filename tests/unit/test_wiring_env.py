"""The environment names validation keeps for scaffold (C160) are the ones the plan sets."""

from __future__ import annotations

from scaffold.blueprint import names
from scaffold.plan import contract


def test_every_wiring_variable_of_the_contract_is_reserved() -> None:
    wiring = {value for key, value in vars(contract).items()
              if key.startswith("ENV_") and isinstance(value, str)}
    assert wiring == set(names.WIRING_ENV)


def test_per_resource_variables_have_a_reserved_prefix() -> None:
    for value in (contract.env_table("orders"), contract.env_secret("api-key"),
                  contract.env_workflow("send-campaign"), contract.env_bucket("exports"),
                  contract.env_queue("thumbnails")):
        assert value.startswith(names.WIRING_ENV_PREFIXES), value

