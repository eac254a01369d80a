"""Command line: ``python -m core validate FILE.jsonl [--model MODEL] [--provider P] [--json]``,
``python -m core chunk FILE [--size N] [--overlap N] [--json]`` (a document's chunks)
and ``python -m core workspace copy --to URL`` (moving the workspace to a database server).

Exit codes: 0 the file is ready to upload, 1 it has blocking errors, 2 it
can't be read (missing, not UTF-8, not JSONL). Never a traceback for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from core.data.workspace_cli import add_workspace_commands, run_workspace
from core.dataset.documents.cli import add_chunk_command, run_chunk
from core.dataset.upload_plan import MINIMUM_EXAMPLES, PROVIDER_OPENAI
from core.dataset.validate import UnreadableFile, render_text, unreadable_text, validate_file
from core.i18n import LANGUAGES, t
from core.pricing import DEFAULT_MODEL

EXIT_READY = 0
EXIT_BLOCKING = 1
EXIT_UNREADABLE = 2
PROVIDERS = tuple(MINIMUM_EXAMPLES)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m core", description=t("cli.description"))
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help=t("cli.validate_help"), description=t("cli.validate_help"))
    validate.add_argument("file", help="training file (JSONL, one example per line)")
    validate.add_argument("--model", default=DEFAULT_MODEL, help=f"base model (default {DEFAULT_MODEL})")
    validate.add_argument("--epochs", type=int, default=None, help="epochs to price (default: OpenAI's rule)")
    validate.add_argument("--valid", default=None, help="validation file, for the train/validation leakage check")
    validate.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    validate.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the text report")
    validate.add_argument(
        "--provider",
        choices=PROVIDERS,
        default=PROVIDER_OPENAI,
        help="whose rules to check against (together: its message order and its models' context lengths)",
    )
    add_chunk_command(commands, tuple(LANGUAGES))
    add_workspace_commands(commands, tuple(LANGUAGES))
    return parser


def run_validate(args: argparse.Namespace) -> int:
    try:
        report = validate_file(args.file, args.model, epochs=args.epochs, valid_path=args.valid, provider=args.provider)
    except UnreadableFile as error:
        message = unreadable_text(error, args.lang)
        if args.json:
            print(json.dumps({"error": error.code, "message": message}, ensure_ascii=False))
        else:
            print(message, file=sys.stderr)
        return EXIT_UNREADABLE
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print(render_text(report, args.lang))
    return EXIT_READY if report.ready else EXIT_BLOCKING


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return run_validate(args)
    if args.command == "chunk":
        return run_chunk(args)
    if args.command == "workspace":
        return run_workspace(args)
    return EXIT_UNREADABLE  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":
    sys.exit(main())
