"""``python -m core workspace copy --to URL``: the command-line face of ``workspace_copy``.

Every line it prints names the target through ``redacted()``: the password in
the URL is never shown, also not inside a driver's error message.
"""

from __future__ import annotations

import argparse
import unicodedata
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError

from core.data.engine import make_engine, redacted, sqlite_url, with_driver
from core.data.upgrade import upgrade_to_head
from core.data.workspace_copy import CopyReport, copy_workspace
from core.i18n import t

EXIT_COPIED = 0
EXIT_DIFFERS = 1
EXIT_FAILED = 2
# Column widths in terminal cells; Korean letters take two cells each.
WIDTHS = {"table": -20, "source": 8, "copied": 8, "skipped": 8, "target": 8, "check": -1}
COLUMNS = tuple(WIDTHS)

Print = Callable[[str], None]


def add_workspace_commands(commands: argparse._SubParsersAction, languages: tuple[str, ...], lang: str = "en") -> None:
    workspace = commands.add_parser("workspace", help=t("workspace_copy.help", lang))
    actions = workspace.add_subparsers(dest="workspace_command", required=True)
    copy = actions.add_parser(
        "copy", help=t("workspace_copy.copy_help", lang), description=t("workspace_copy.copy_help", lang)
    )
    copy.add_argument("--to", required=True, dest="target", help=t("workspace_copy.to_help", lang))
    copy.add_argument("--from", dest="source", default=None, help=t("workspace_copy.from_help", lang))
    copy.add_argument("--lang", choices=languages, default="en", help="language of the report")


def _without_secret(message: str, url: str) -> str:
    password = make_url(url).password
    first_line = message.strip().splitlines()[0] if message.strip() else ""
    return first_line.replace(str(password), "***") if password else first_line


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _row(values: dict[str, object]) -> str:
    """One table row; negative widths align left, positive ones right."""
    parts = []
    for name, width in WIDTHS.items():
        text = str(values[name])
        padding = " " * max(0, abs(width) - _cells(text))
        parts.append(text + padding if width < 0 else padding + text)
    return " ".join(parts).rstrip()


def render_report(report: CopyReport, lang: str) -> list[str]:
    lines = [_row({name: t(f"workspace_copy.col_{name}", lang) for name in COLUMNS})]
    for row in report.tables:
        check = t("workspace_copy.same" if row.matches else "workspace_copy.differs", lang)
        lines.append(
            _row(
                {
                    "table": row.table,
                    "source": row.source_rows,
                    "copied": row.copied,
                    "skipped": row.skipped,
                    "target": row.target_rows,
                    "check": check,
                }
            )
        )
    if report.matches:
        lines.append(
            t("workspace_copy.all_match", lang, tables=len(report.tables), copied=report.copied, skipped=report.skipped)
        )
    else:
        lines.append(
            t("workspace_copy.mismatch", lang, tables=", ".join(row.table for row in report.tables if not row.matches))
        )
    return lines


def run_copy(source: Path, target: str, lang: str = "en", out: Print = print, err: Print = print) -> int:
    """Copy the SQLite workspace at ``source`` into ``target``; returns the exit code."""
    target = with_driver(target.strip())
    try:
        shown = redacted(make_url(target))
    except ArgumentError:
        err(t("workspace_copy.bad_url", lang, url=redacted(target)))
        return EXIT_FAILED
    if not source.is_file():
        err(t("workspace_copy.no_source", lang, path=source))
        return EXIT_FAILED
    out(t("workspace_copy.start", lang, source=source, target=shown))
    source_url = sqlite_url(source)
    source_engine = target_engine = None
    try:
        # The source is brought to the current schema the way the app opens it; the target gets it from Alembic.
        upgrade_to_head(source_url)
        upgrade_to_head(target)
        source_engine, target_engine = make_engine(source_url), make_engine(target)
        report = copy_workspace(source_engine, target_engine)
    except IntegrityError as conflict:
        err(t("workspace_copy.conflict", lang, reason=_without_secret(str(conflict.orig), target)))
        return EXIT_FAILED
    except OperationalError as failure:
        err(t("workspace_copy.unreachable", lang, url=shown, reason=_without_secret(str(failure.orig), target)))
        return EXIT_FAILED
    finally:
        for engine in (source_engine, target_engine):
            if engine is not None:
                engine.dispose()
    for line in render_report(report, lang):
        out(line)
    return EXIT_COPIED if report.matches else EXIT_DIFFERS


def run_workspace(args: argparse.Namespace) -> int:
    from core.data.store import workspace_path

    source = Path(args.source).expanduser() if args.source else workspace_path()
    return run_copy(source, args.target, args.lang)
