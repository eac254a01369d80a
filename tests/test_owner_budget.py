"""The daily budget on the owner's key and the one spend gate every paid action goes through."""

from __future__ import annotations

import ast
import sys
import threading

import pytest

from core.data.store import Store
from core.i18n import t
from core.workflows import spending
from core.workflows.spending import SpendPolicy, decide
from tests.conftest import ROOT, app_at

OWNER_KEY = "sk-owner-BUDGET-0123456789abcdef"


# ------------------------------------------------------------------ the policy and the decision
def test_policy_comes_from_secrets_with_safe_defaults():
    assert spending.policy_from({}) == SpendPolicy(threshold_usd=1.0, budget_usd=None)
    assert spending.policy_from({"owner_budget_usd_per_day": 5, "spend_confirm_threshold_usd": "0.25"}) == SpendPolicy(
        threshold_usd=0.25, budget_usd=5.0
    )
    # Unreadable values keep the defaults rather than switching the budget off by accident… or on.
    assert spending.policy_from({"owner_budget_usd_per_day": "lots", "spend_confirm_threshold_usd": -3}) == SpendPolicy(
        threshold_usd=1.0, budget_usd=None
    )


def test_one_threshold_decides_confirmation_for_every_action():
    policy = SpendPolicy(threshold_usd=1.0)
    for action in spending.SPENDING_ACTIONS:
        assert not decide(action, 0.99, policy, on_owner_key=False).needs_confirmation
        assert decide(action, 1.01, policy, on_owner_key=False).needs_confirmation
        assert decide(action, None, policy, on_owner_key=False).needs_confirmation  # unknown price: always ask


def test_an_action_outside_the_registry_is_refused():
    with pytest.raises(spending.UnknownSpendingAction):
        decide("mystery", 0.1, SpendPolicy(), on_owner_key=True)


def test_budget_applies_to_the_owner_key_only():
    policy = SpendPolicy(budget_usd=2.0)
    over = decide(spending.ACTION_GENERATE, 1.5, policy, on_owner_key=True, spent_today_usd=1.0)
    assert over.refused == spending.REFUSED_OVER_BUDGET and over.budget_left_usd == pytest.approx(1.0)
    fits = decide(spending.ACTION_GENERATE, 1.0, policy, on_owner_key=True, spent_today_usd=1.0)
    assert fits.allowed and fits.charge_usd == pytest.approx(1.0)
    visitor = decide(spending.ACTION_GENERATE, 50.0, policy, on_owner_key=False, spent_today_usd=1.9)
    assert visitor.allowed and visitor.charge_usd == 0.0
    unknown = decide(spending.ACTION_JUDGE, None, policy, on_owner_key=True)
    assert unknown.refused == spending.REFUSED_UNKNOWN_COST


def test_only_the_part_on_the_owner_key_counts_against_the_budget():
    policy = SpendPolicy(budget_usd=1.0)
    # A comparison with another endpoint (its own key, unknown price) and one model on the owner's key.
    mixed = decide(spending.ACTION_COMPARE_RUN, None, policy, on_owner_key=True, owner_usd=0.4)
    assert mixed.allowed and mixed.charge_usd == pytest.approx(0.4) and mixed.needs_confirmation


# ------------------------------------------------------------------ the tally in the store
def test_charge_is_booked_before_spending_and_refused_over_budget(store):
    assert spending.spent_today(store) == 0.0
    assert spending.charge(store, spending.ACTION_GENERATE, 3.0, 5.0)
    assert not spending.charge(store, spending.ACTION_BATCH, 2.5, 5.0)  # would make 5.5
    assert spending.spent_today(store) == pytest.approx(3.0)  # the refusal booked nothing
    assert spending.charge(store, spending.ACTION_BATCH, 2.0, 5.0)
    assert spending.spent_today(store) == pytest.approx(5.0)


def test_tally_is_per_utc_day_and_survives_a_restart(workspace):
    with Store(workspace) as first:
        assert spending.charge(first, spending.ACTION_JUDGE, 4.0, 5.0, day="2026-11-28")
        assert spending.charge(first, spending.ACTION_JUDGE, 4.0, 5.0, day="2026-11-29")  # a new day
    with Store(workspace) as reopened:
        assert spending.spent_today(reopened, "2026-11-28") == pytest.approx(4.0)
        assert not spending.charge(reopened, spending.ACTION_JUDGE, 1.5, 5.0, day="2026-11-29")


def test_concurrent_charges_never_pass_the_budget_together(workspace):
    Store(workspace).close()  # migrate once
    threads_n, budget = 12, 5.0
    barrier = threading.Barrier(threads_n)
    results: list[bool] = []
    lock = threading.Lock()

    def spend() -> None:
        with Store(workspace) as own:  # one connection per thread, as per session in the app
            barrier.wait()
            ok = spending.charge(own, spending.ACTION_COMPARE_RUN, 1.0, budget)
        with lock:
            results.append(ok)

    threads = [threading.Thread(target=spend) for _ in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 5 and results.count(False) == threads_n - 5
    with Store(workspace) as check:
        assert spending.spent_today(check) == pytest.approx(budget)


# ------------------------------------------------------------------ in the app
def test_sidebar_shows_todays_spend_on_the_owner_key(monkeypatch, workspace, store):
    monkeypatch.setenv("OPENAI_API_KEY", OWNER_KEY)
    spending.charge(store, spending.ACTION_GENERATE, 0.75, None)
    at = app_at()
    at.secrets["owner_budget_usd_per_day"] = 2.0
    at.run()
    captions = [c.value for c in at.sidebar.caption]
    assert t("spend.today_of", "en", usd="$0.7500", budget="$2.00") in captions


def test_generate_on_the_owner_key_is_refused_over_budget_and_charged_before_it_starts(monkeypatch, workspace, standin):
    from core.dataset.sample import create_sample_project
    from core.workflows import runner

    with Store(workspace) as opened:
        create_sample_project(opened)
    # The owner's key and the owner's own endpoint (the local stand-in), both from the environment.
    monkeypatch.setenv("OPENAI_API_KEY", standin.api_key)
    monkeypatch.setenv("OPENAI_BASE_URL", standin.base_url)
    at = app_at("pages/2_Generate.py")
    at.secrets["owner_budget_usd_per_day"] = 0.0
    at.run()
    assert not at.exception
    assert at.button(key="gen_start").disabled
    assert any("today's budget" in w.value for w in at.warning)

    at.secrets["owner_budget_usd_per_day"] = 100.0
    at.secrets["spend_confirm_threshold_usd"] = 100.0
    at.run()
    assert not at.button(key="gen_start").disabled
    at.button(key="gen_start").click().run()
    with Store(workspace) as check:  # booked at the highest cost, before the first answer could cost anything
        charged = spending.spent_today(check)
    assert 0 < charged <= 100.0
    for name in runner.running_jobs():
        runner.request_stop(name)
        runner.wait(name, timeout=20)


# ------------------------------------------------------------------ every paid action goes through the gate
# Core functions that start spending, and the gate actions allowed to guard them.
SPENDING_STARTS: dict[tuple[str, str], set[str]] = {
    ("generation", "start_run"): {"ACTION_GENERATE", "ACTION_REGENERATE"},
    ("batch", "start"): {"ACTION_BATCH"},
    ("synthetic", "start"): {"ACTION_SYNTHETIC"},
    ("grounded", "start"): {"ACTION_DOCUMENT_QUESTIONS"},
    ("question_batch", "start"): {"ACTION_DOCUMENT_QUESTIONS_BATCH"},
    ("groundedness", "start"): {"ACTION_GROUNDEDNESS"},
    ("compare", "start_run"): {"ACTION_COMPARE_RUN"},
    ("compare", "start_adhoc"): {"ACTION_COMPARE_ADHOC"},
    ("compare", "start_judge"): {"ACTION_JUDGE"},
    ("finetune", "start_launch"): {"ACTION_FINETUNE"},
}
UI_FILES = sorted([*ROOT.glob("pages/*.py"), *ROOT.glob("core/ui/*.py"), ROOT / "streamlit_app.py"])


def _gate_action(node: ast.AST) -> str | None:
    """The action constant of a ``spend_button(...)`` call inside ``node``, if there is one."""
    for inner in ast.walk(node):
        if isinstance(inner, ast.Call) and getattr(inner.func, "id", getattr(inner.func, "attr", "")) == "spend_button":
            first = inner.args[0] if inner.args else None
            if isinstance(first, ast.IfExp):
                return "|".join(sorted(filter(None, (_const_name(first.body), _const_name(first.orelse)))))
            return _const_name(first)
    return None


def _const_name(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def _guards(tree: ast.AST) -> tuple[dict[ast.AST, ast.AST], dict[str, str]]:
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    gated_names = {}  # ``asked = spend_button(...)``: the name stands for the gate
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and (action := _gate_action(node.value)):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    gated_names[target.id] = action
    return parents, gated_names


def _guarding_action(node: ast.AST, parents, gated_names) -> str | None:
    """The gate action of the nearest ``if spend_button(...)`` (or ``if asked``) around ``node``."""
    while node in parents:
        child, node = node, parents[node]
        if isinstance(node, ast.If) and child is not node.test:
            action = _gate_action(node.test) or next(
                (gated_names[n.id] for n in ast.walk(node.test) if isinstance(n, ast.Name) and n.id in gated_names),
                None,
            )
            if action:
                return action
    return None


def _enclosing_function(node: ast.AST, parents) -> ast.FunctionDef | None:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef):
            return node
    return None


def _finishes_a_started_launch(node: ast.AST, parents) -> bool:
    """``for stale in finetune.stale_launches(...)``: a launch interrupted mid-way is finished, not started.

    It was charged through the gate when it began; which key may finish it is the job runner's rule.
    """
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.For) and "stale_launches" in ast.unparse(node.iter):
            return True
    return False


def _ungated_starts() -> tuple[list[str], set[str]]:
    problems, used = [], set()
    for path in UI_FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents, gated_names = _guards(tree)
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and (node.value.id, node.attr) in SPENDING_STARTS
            ):
                continue
            allowed = SPENDING_STARTS[(node.value.id, node.attr)]
            shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
            where = f"{shown}:{node.lineno} {node.value.id}.{node.attr}"
            if _finishes_a_started_launch(node, parents):
                continue
            action = _guarding_action(node, parents, gated_names)
            if action is None:  # a helper: every call of it must be gated instead
                helper = _enclosing_function(node, parents)
                calls = [
                    call
                    for call in ast.walk(tree)
                    if helper is not None
                    and isinstance(call, ast.Call)
                    and getattr(call.func, "id", None) == helper.name
                ]
                actions = [_guarding_action(call, parents, gated_names) for call in calls]
                if not calls or None in actions:
                    problems.append(f"{where}: not behind spend_button")
                    continue
                action = "|".join(sorted(set(actions)))
            names = set(action.split("|"))
            used.update(names)
            if not names & allowed:  # ``ACTION_BATCH if is_batch else ACTION_GENERATE`` guards both starts
                problems.append(f"{where}: gated as {sorted(names)}, expected one of {sorted(allowed)}")
    return problems, used


def test_every_paid_action_on_every_page_goes_through_the_one_gate():
    problems, used = _ungated_starts()
    assert problems == []
    # …and every action in the gate's registry is really gated somewhere (none forgotten).
    registry = {name for name in dir(spending) if name.startswith("ACTION_")}
    assert {getattr(spending, name) for name in registry} == set(spending.SPENDING_ACTIONS)
    assert used == registry


def test_the_gate_check_sees_an_ungated_start(tmp_path, monkeypatch):
    """A page that starts a run behind a plain st.button is reported (the check can fail)."""
    page = tmp_path / "pages" / "9_New.py"
    page.parent.mkdir()
    page.write_text(
        "import streamlit as st\nfrom core import compare\n"
        "if st.button('Go'):\n    compare.start_judge('x', 1, 'r', None, None)\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys.modules[__name__], "UI_FILES", [*UI_FILES, page])
    problems, _used = _ungated_starts()
    assert any("9_New.py" in problem and "compare.start_judge" in problem for problem in problems)
