"""Preview's cached helpers get the workspace as text: on a team database that text is a URL, not a file."""

from __future__ import annotations

from core.data.store import NewExample
from core.dataset import preview


def test_preview_reads_the_workspace_it_is_given_on_either_engine(store, tmp_path, monkeypatch):
    here = tmp_path / "app"
    here.mkdir()
    monkeypatch.chdir(here)  # where a URL mistaken for a file name would land
    project_id = store.create_project("Bakery")
    ids = store.add_examples(project_id, [NewExample(question="Open on Sunday?", answer="Yes, 9 to 1.")])
    shown = preview.shown_examples(str(store.path), project_id, ids)
    assert [example_id for example_id, _record, _line in shown] == ids
    found = preview.analyse(str(store.path), project_id, preview.preview_models()[0], None)
    assert found.report is not None
    assert list(here.iterdir()) == []  # nothing written next to the app
