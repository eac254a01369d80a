"""Two visitors on a shared app with an app password: jobs stay with their key, the team's work stays safe.

Alice knows the app password and has her own key; Bob is a passer-by with a
different key. Each has their own browser context (own cookies, own session).
"""

from __future__ import annotations

import pytest

from core.data.store import NewExample, Store
from core.i18n import t
from core.workflows import finetune, generation, job_keys
from tests.browser.conftest import ARTIFACTS, standin_process, start_app, wait_for_app

PASSWORD = "team-pass-42"
KEY_A = "sk-alice-4d9f2b7c1e8a3f6d0b5c9e2a7f4d1b8c-AAQ1"
KEY_B = "sk-bob-77aa2b7c1e8a3f6d0b5c9e2a7f4d1b8c-BBQ2"
TEAM = "Team project"
TEAM_NOTES = "Team notes"


@pytest.fixture(scope="module")
def shared_app(tmp_path_factory):
    workspace = tmp_path_factory.mktemp("shared-ws") / "studio.sqlite3"
    with standin_process("--clock-speed", "0.001") as base_url:
        server = start_app(
            workspace,
            ARTIFACTS / "test_shared_safety-server.log",
            {"APP_PASSWORD": PASSWORD, "OPENAI_BASE_URL": base_url},
        )
        yield server
        server.stop_in_background()


def _sidebar(page):
    return page.locator("[data-testid='stSidebar']")


def _main(page):
    return page.locator("[data-testid='stMain']")


def _type_key(page, key: str) -> None:
    box = page.get_by_role("textbox", name=t("sidebar.type_key", "en"), exact=True)
    box.fill(key)
    box.press("Enter")
    page.get_by_text(t("sidebar.key_from_session", "en", masked="…" + key[-4:])).wait_for()


def _unlock(page) -> None:
    box = _sidebar(page).get_by_role("textbox", name=t("share.password", "en"), exact=True)
    box.fill(PASSWORD)
    box.press("Enter")
    _sidebar(page).get_by_text(t("share.unlocked", "en")).wait_for()


def _go(page, base_url: str, path: str) -> None:
    page.goto(f"{base_url}/{path}")
    wait_for_app(page)


def _nav(page, label_key: str) -> None:
    """Switch page through the sidebar, as a user does (a new URL would be a new session without the typed key)."""
    _sidebar(page).get_by_role("link", name=t(label_key, "en")).click()
    wait_for_app(page)


def test_bob_cannot_resume_or_cancel_alice_s_jobs_without_taking_them_over(shared_app, two_visitors):
    alice, bob = two_visitors
    with Store(shared_app.workspace) as store:
        project = store.create_project(TEAM)
        ids = store.add_examples(
            project, [NewExample(f"Question {i}?", f"Answer {i}.", status="approved") for i in range(12)]
        )
        run_id = generation.create_run(store, project, generation.GenSettings(max_tokens=50), ids[:3])
        generation.set_status(store, run_id, generation.STATUS_PAUSED)
        alice_print = job_keys.fingerprint(store, KEY_A)
        job_keys.record(store, generation.job_name(run_id), job_keys.KIND_GENERATION, project, alice_print)
        # A launch Alice left half done (a reload mid-launch): nobody else may finish it on their key.
        launch = finetune.begin_launch(
            store, project, finetune.LaunchRequest(finetune.METHOD_SUPERVISED, "gpt-4.1-mini-2025-04-14"), "openai"
        )
        job_keys.record(store, finetune.job_key_name(launch.id), job_keys.KIND_FINETUNE, project, alice_print)

    for visitor, key in ((alice, KEY_A), (bob, KEY_B)):
        _go(visitor, shared_app.url, "Generate")
        _type_key(visitor, key)
    resume = t("generate.resume", "en")
    _main(alice).get_by_role("button", name=resume, exact=True).wait_for()
    assert _main(alice).get_by_role("button", name=resume, exact=True).is_enabled()
    assert t("safety.other_key", "en") not in _main(alice).inner_text()

    _main(bob).get_by_text(t("safety.other_key", "en")).wait_for()
    assert _main(bob).get_by_role("button", name=resume, exact=True).is_disabled()
    assert _main(bob).get_by_role("button", name=t("generate.cancel", "en"), exact=True).is_disabled()
    take_over = _main(bob).get_by_role("button", name=t("safety.take_over", "en"))
    assert take_over.is_disabled()  # not before Bob has seen and accepted the cost

    # Fine-tune: Bob's visit must not go on with Alice's half-done launch on his key.
    _nav(bob, "nav.finetune")
    _main(bob).get_by_text(t("safety.other_key", "en")).wait_for()
    with Store(shared_app.workspace) as store:
        assert finetune.get_job(store, launch.id).status == finetune.STATUS_PREPARING
        assert job_keys.get(store, finetune.job_key_name(launch.id)).fingerprint == alice_print

    # Bob takes the generation run over explicitly, after ticking what it costs.
    _nav(bob, "nav.generate")
    _main(bob).get_by_text(t("safety.take_over_cost", "en", cost="0.00")[:40]).click()
    _main(bob).get_by_role("button", name=t("safety.take_over", "en")).click()
    wait_for_app(bob)
    _main(bob).get_by_role("button", name=resume, exact=True).wait_for()
    assert _main(bob).get_by_role("button", name=resume, exact=True).is_enabled()
    with Store(shared_app.workspace) as store:
        assert job_keys.get(store, generation.job_name(run_id)).fingerprint == job_keys.fingerprint(store, KEY_B)
    alice.reload()
    wait_for_app(alice)
    _type_key(alice, KEY_A)
    _main(alice).get_by_text(t("safety.other_key", "en")).wait_for()


def test_bob_cannot_change_the_team_s_project_and_the_trash_restores_what_alice_deleted(shared_app, two_visitors):
    alice, bob = two_visitors
    with Store(shared_app.workspace) as store:
        project = store.create_project(TEAM_NOTES)  # the newest project: what both visitors open
        store.add_examples(project, [NewExample(f"Note {i}?", f"Answer {i}.") for i in range(12)])
    for visitor in (alice, bob):
        _go(visitor, shared_app.url, "")
    manage = t("sidebar.manage_project", "en")
    _sidebar(bob).get_by_role("button", name=manage).click()
    bob.get_by_text(t("safety.manage_locked", "en")).wait_for()
    assert bob.get_by_role("button", name=t("sidebar.delete", "en"), exact=True).count() == 0
    bob.keyboard.press("Escape")
    _nav(bob, "nav.curate")
    _main(bob).get_by_text(t("safety.team_read_only", "en")[:40]).wait_for()
    assert _main(bob).get_by_role("button", name=t("curate.delete_selected", "en", count=0)).count() == 0

    _unlock(alice)
    _sidebar(alice).get_by_role("button", name=manage).click()
    alice.get_by_text(t("sidebar.delete_confirm", "en", name=TEAM_NOTES)).click()
    alice.get_by_role("button", name=t("sidebar.delete", "en"), exact=True).click()
    alice.get_by_text(t("safety.moved_to_trash", "en", name=TEAM_NOTES, days=30)).wait_for()
    with Store(shared_app.workspace) as store:
        assert store.get_project(project) is None
    # Bob sees it in the trash but may neither restore nor delete it forever.
    _go(bob, shared_app.url, "")
    _main(bob).get_by_text(t("safety.delete_forever_locked", "en")).wait_for()
    assert _main(bob).get_by_role("button", name=t("safety.restore", "en")).is_disabled()
    _main(alice).get_by_role("button", name=t("safety.restore", "en")).click()
    alice.get_by_text(t("safety.restored", "en", name=TEAM_NOTES)).wait_for()
    with Store(shared_app.workspace) as store:
        assert store.get_project(project).name == TEAM_NOTES
        assert store.count_examples(project) == 12
