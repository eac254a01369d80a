"""Epochs, billed tokens and prices: the cookbook's rule and the project's price edits."""

from __future__ import annotations

import pytest

from core import pricing as cost
from core.pricing import MODELS, SETTING_OVERRIDES, model_info


@pytest.mark.parametrize(
    ("n_examples", "epochs"),
    [
        (0, 3),
        (1, 25),
        (3, 25),
        (4, 25),
        (5, 20),
        (10, 10),
        (33, 3),
        (34, 3),
        (8_333, 3),
        (8_334, 2),
        (12_501, 1),
        (30_000, 1),
    ],
)
def test_default_epochs_follow_the_cookbook(n_examples, epochs):
    assert cost.default_epochs(n_examples) == epochs


def test_billed_tokens_are_clamped_to_the_limit_per_example():
    assert cost.billed_tokens([100, 70_000, 10], limit=65_536, epochs=3) == (100 + 65_536 + 10) * 3


def test_estimate_uses_the_tables_training_price_and_the_users_epochs():
    tokens = [1_000] * 100
    auto = cost.estimate_cost(tokens, "gpt-4o-mini")
    assert auto.n_epochs == 3 and not auto.epochs_from_user
    assert auto.billed_tokens == 300_000
    assert auto.cost_usd == pytest.approx(0.3 * MODELS["gpt-4o-mini-2024-07-18"].training_price_per_1m)
    assert auto.price_date == MODELS["gpt-4o-mini-2024-07-18"].price_date
    chosen = cost.estimate_cost(tokens, "gpt-4o-mini", epochs=5)
    assert chosen.n_epochs == 5 and chosen.epochs_from_user and chosen.billed_tokens == 500_000


def test_price_edits_are_saved_to_the_project_and_used(store):
    project_id = store.create_project("p")
    rows = cost.price_rows(cost.project_overrides(store, project_id))
    assert {r["model"] for r in rows} == set(MODELS) and all(r["price_date"] for r in rows)
    target = next(r for r in rows if r["model"] == "gpt-4.1-nano-2025-04-14")
    target["training_price_per_1m"] = 9.5
    saved = cost.save_price_rows(store, project_id, rows)
    # Only what differs from the table is stored.
    assert saved == {"gpt-4.1-nano-2025-04-14": {"training_price_per_1m": 9.5}}
    overrides = store.get_setting(project_id, SETTING_OVERRIDES)
    assert model_info("gpt-4.1-nano", overrides).training_price_per_1m == 9.5
    assert cost.estimate_cost([10_000] * 100, "gpt-4.1-nano", overrides, epochs=1).cost_usd == pytest.approx(9.5)
    again = cost.price_rows(cost.project_overrides(store, project_id))
    assert next(r for r in again if r["model"] == target["model"])["training_price_per_1m"] == 9.5


@pytest.mark.parametrize("bad", [-1, "abc", None])
def test_unusable_price_edits_keep_the_tables_figure(bad):
    rows = cost.price_rows()
    rows[0]["training_price_per_1m"] = bad
    assert cost.overrides_from_rows(rows) == {}


def test_chat_cost_follows_the_projects_prices_fine_tunes_and_batch():
    info = MODELS["gpt-4.1-mini-2025-04-14"]
    assert cost.chat_cost_usd("gpt-4.1-mini", 1_000_000, 1_000_000) == pytest.approx(
        info.input_price_per_1m + info.output_price_per_1m
    )
    assert cost.chat_cost_usd("ft:gpt-4.1-mini-2025-04-14:org::x", 1_000_000, 0) == pytest.approx(
        info.ft_input_price_per_1m
    )
    edited = {info.name: {"input_price_per_1m": 1.0, "output_price_per_1m": 3.0}}
    assert cost.chat_cost_usd("gpt-4.1-mini", 1_000_000, 1_000_000, overrides=edited) == pytest.approx(4.0)
    assert cost.chat_cost_usd("gpt-4.1-mini", 1_000_000, 1_000_000, batch=True, overrides=edited) == pytest.approx(2.0)
    assert cost.chat_cost_usd(cost.ChatPrices(2.0, 8.0), 500_000, 250_000) == pytest.approx(3.0)
    assert cost.chat_cost_usd("my-own-llama", 10, 10) is None
    assert cost.chat_cost_usd(None, 10, 10) is None


def test_training_cost_of_a_finished_job_uses_the_projects_price():
    info = MODELS["gpt-4.1-mini-2025-04-14"]
    assert cost.training_cost_usd(info.name, 2_000_000) == pytest.approx(2 * info.training_price_per_1m)
    assert cost.training_cost_usd(info.name, 2_000_000, {info.name: {"training_price_per_1m": 1.5}}) == pytest.approx(
        3.0
    )
    assert cost.training_cost_usd(info.name, None) is None and cost.training_cost_usd("my-own-llama", 10) is None
