"""One-file project export and import: how users keep their work.

A Community Cloud disk is temporary, so a whole project (settings, examples
with their messages/tags/status/extra, the history of every answer, variants,
preference pairs and splits; its documents as converted, with their chunks,
each row's tie to the chunk it was written from and its groundedness check)
can be downloaded as ONE file and imported again later, into any workspace, as
a new project. Store ids are only references inside the file: an import gives
everything new ids and ties the rows to their new documents and chunks.

The file is a zip holding ``project.json`` (a plain ``.json`` with the same
content is accepted too). It carries a format name and version: a file from
a newer app, a foreign file or a damaged one is refused with a plain reason,
and nothing is written unless the whole import succeeds (one transaction).

API keys never go into the file: settings whose name or value looks like a
secret are left out.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from core.data import documents as stored_documents
from core.data import documents_in_file
from core.data import examples as examples_table
from core.data import projects as projects_table
from core.data import splits as splits_table
from core.data import variants as variants_table
from core.data.connection import Connection, ConstraintViolation, DatabaseBusy
from core.data.documents import NewChunk
from core.data.grounding import VERDICTS, GroundingCheck
from core.data.store import STATUSES, Store, now_iso
from core.dataset.documents.sources import EXTRA_SOURCE
from core.errors import StudioError

FORMAT_NAME = "finetune-studio-project"
# 2: the project's documents and chunks, each row's tie to its chunk and its groundedness check.
FORMAT_VERSION = 2
MEMBER_NAME = "project.json"
FILE_SUFFIX = ".ftstudio.zip"
# A zip can claim to unpack to anything; refuse what no real project reaches.
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
# Sizes and positions go into 32-bit integer columns on PostgreSQL.
MAX_COUNT = 2**31 - 1
SECRET_NAME = re.compile(r"api[_-]?key|secret|token|password|passwd|authorization|credential", re.IGNORECASE)
SECRET_VALUE = re.compile(r"\b(sk|rk)-[A-Za-z0-9_\-]{16,}")


class ProjectFileError(StudioError):
    """Why a file can't be imported; ``code`` maps to ``projectfile.error_<code>`` strings."""

    KEY_PREFIX = "projectfile.error_"


@dataclass(frozen=True)
class ImportResult:
    project_id: int
    name: str
    renamed_from: str | None
    examples: int
    history: int
    variants: int
    pairs: int
    splits: int
    documents: int = 0


# ---------------------------------------------------------------- export
def _looks_secret(key: str, value: Any) -> bool:
    return bool(SECRET_NAME.search(key) or SECRET_VALUE.search(json.dumps(value, ensure_ascii=False)))


def project_document(store: Store, project_id: int) -> dict[str, Any]:
    """Everything the project owns as one JSON-ready dict (no API key, ever)."""
    project = store.get_project(project_id)
    if project is None:
        raise ProjectFileError("no_project")
    settings = {key: value for key, value in store.get_settings(project_id).items() if not _looks_secret(key, value)}
    history: dict[int, list[dict[str, Any]]] = {}
    for r in examples_table.project_history(store, project_id):
        history.setdefault(r["example_id"], []).append(
            {"answer": r["answer"], "source": r["source"], "model": r["model"], "created_at": r["created_at"]}
        )
    variants: dict[int, list[dict[str, Any]]] = {}
    for r in variants_table.project_variants(store, project_id):
        variants.setdefault(r["example_id"], []).append(
            {
                "answer": r["answer"],
                "model": r["model"],
                "temperature": r["temperature"],
                "chosen": bool(r["chosen"]),
                "created_at": r["created_at"],
            }
        )
    ties = documents_in_file.project_ties(store, project_id)
    checks = documents_in_file.project_checks(store, project_id)
    rows = [
        {
            "ref": e.id,
            "question": e.question,
            "answer": e.answer,
            "system_prompt": e.system_prompt,
            "tags": e.tags,
            "status": e.status,
            "messages": e.messages,
            "extra": e.extra or None,
            "source": e.source,
            "error": e.error,
            "created_at": e.created_at,
            "updated_at": e.updated_at,
            "history": history.get(e.id, []),
            "variants": variants.get(e.id, []),
            "document_ref": ties[e.id][0] if e.id in ties else None,
            "chunk_ref": ties[e.id][1] if e.id in ties else None,
            "grounding_check": _check_json(checks[e.id]) if e.id in checks else None,
        }
        for e in store.iter_examples(project_id)
    ]
    pairs = [
        {
            "example_ref": p["example_id"],
            "messages": p["messages"],
            "preferred": p["preferred"],
            "non_preferred": p["non_preferred"],
            "source": p["source"],
            "ref": p["ref"],
            "created_at": p["created_at"],
        }
        for p in store.list_preference_pairs(project_id)
    ]
    recorded = [
        {
            "train_refs": split.train_ids,
            "valid_refs": split.valid_ids,
            "seed": split.seed,
            "valid_ratio": split.valid_ratio,
            "approved_only": split.approved_only,
            "dataset_hash": split.dataset_hash,
            "created_at": split.created_at,
        }
        for split in splits_table.project_splits(store, project_id)
    ]
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_at": now_iso(),
        "project": {"name": project.name, "created_at": project.created_at, "settings": settings},
        "documents": _documents_json(store, project_id),
        "examples": rows,
        "preference_pairs": pairs,
        "splits": recorded,
    }


def _documents_json(store: Store, project_id: int) -> list[dict[str, Any]]:
    """The documents as converted (no original file: the store never keeps it), each with its chunks."""
    chunks: dict[int, list[dict[str, Any]]] = {}
    for c in documents_in_file.project_chunks(store, project_id):
        chunks.setdefault(c["document_id"], []).append(
            {"ref": c["id"], "position": c["position"], "heading": c["heading"], "text": c["text"]}
        )
    return [
        {
            "ref": d["id"],
            "name": d["name"],
            "kind": d["kind"],
            "size_bytes": d["size_bytes"],
            "markdown": d["markdown"],
            "chunk_size": d["chunk_size"],
            "chunk_overlap": d["chunk_overlap"],
            "created_at": d["created_at"],
            "chunks": chunks.get(d["id"], []),
        }
        for d in documents_in_file.project_documents(store, project_id)
    ]


def _check_json(check: GroundingCheck) -> dict[str, Any]:
    return {
        "verdict": check.verdict,
        "reason": check.reason,
        "model": check.model,
        "answer": check.answer,
        "checked_at": check.checked_at,
    }


def export_project(store: Store, project_id: int) -> bytes:
    """The project as one zip file (``project.json`` inside, compressed)."""
    body = json.dumps(project_document(store, project_id), ensure_ascii=False, indent=1).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr(MEMBER_NAME, body)
    return buffer.getvalue()


def export_file_name(project_name: str) -> str:
    """A file name that every OS accepts, keeping Korean letters."""
    safe = re.sub(r"[^\w\-. ]+", "_", project_name, flags=re.UNICODE).strip(" ._") or "project"
    return f"{safe[:60]}{FILE_SUFFIX}"


# ---------------------------------------------------------------- reading a file
def read_document(data: bytes) -> dict[str, Any]:
    """Parse an exported file (zip or json) into its document, or raise ProjectFileError."""
    if not data or not data.strip():
        raise ProjectFileError("empty")
    if data[:4] == b"PK\x03\x04":
        data = _unzip(data)
    text = _decode(data)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if _looks_like_jsonl(text):
            raise ProjectFileError("dataset_not_project") from exc
        raise ProjectFileError("not_a_project") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ProjectFileError("dataset_not_project" if _looks_like_dataset(document) else "not_a_project")
    version = document.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ProjectFileError("damaged", where="format_version")
    if version > FORMAT_VERSION:
        raise ProjectFileError("too_new", version=version, supported=FORMAT_VERSION)
    _check_document(document)
    return document


def _unzip(data: bytes) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            member = (
                MEMBER_NAME if MEMBER_NAME in names else next((n for n in names if n.endswith("/" + MEMBER_NAME)), None)
            )
            if member is None:
                raise ProjectFileError("zip_without_project")
            if archive.getinfo(member).file_size > MAX_UNPACKED_BYTES:
                raise ProjectFileError("too_large")
            return archive.read(member)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise ProjectFileError("damaged_zip") from exc


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ProjectFileError("not_a_project")
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ProjectFileError("not_a_project")


def _looks_like_jsonl(text: str) -> bool:
    lines = [line for line in text.splitlines()[:5] if line.strip()]
    try:
        return len(lines) > 1 and all(isinstance(json.loads(line), dict) for line in lines)
    except json.JSONDecodeError:
        return False


def _looks_like_dataset(document: Any) -> bool:
    return isinstance(document, list) or (
        isinstance(document, dict) and ("messages" in document or "input" in document)
    )


def _expect(condition: bool, where: str) -> None:
    if not condition:
        raise ProjectFileError("damaged", where=where)


def _is_text(value: Any, optional: bool = False) -> bool:
    return isinstance(value, str) or (optional and value is None)


def _is_ref(value: Any) -> bool:
    """A reference inside the file (an export writes the store's ids): a number or a text, never a bool."""
    return isinstance(value, (int, str)) and not isinstance(value, bool)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT


def _check_messages(messages: Any, where: str) -> None:
    _expect(isinstance(messages, list), where)
    for index, message in enumerate(messages):
        _expect(isinstance(message, dict) and _is_text(message.get("role")), f"{where}[{index}]")


def _check_document(document: Mapping[str, Any]) -> None:
    """Type-check every field the import reads, naming the first bad one."""
    project = document.get("project")
    _expect(isinstance(project, dict) and _is_text(project.get("name")), "project.name")
    assert isinstance(project, dict)  # _expect raised otherwise; this tells the type checker
    _expect(isinstance(project.get("settings", {}), dict), "project.settings")
    document_refs, chunk_documents = _check_documents(document.get("documents"))
    examples = document.get("examples")
    _expect(isinstance(examples, list), "examples")
    assert isinstance(examples, list)
    for index, example in enumerate(examples):
        where = f"examples[{index}]"
        _expect(isinstance(example, dict), where)
        for name in ("question", "answer"):
            _expect(_is_text(example.get(name, ""), optional=True), f"{where}.{name}")
        for name in ("system_prompt", "error", "source"):
            _expect(_is_text(example.get(name), optional=True), f"{where}.{name}")
        _expect(example.get("status", "draft") in STATUSES, f"{where}.status")
        tags = example.get("tags", [])
        _expect(isinstance(tags, str) or (isinstance(tags, list) and all(_is_text(t) for t in tags)), f"{where}.tags")
        if example.get("messages") is not None:
            _check_messages(example["messages"], f"{where}.messages")
        _expect(isinstance(example.get("extra") or {}, dict), f"{where}.extra")
        for position, version in enumerate(example.get("history") or []):
            _expect(isinstance(version, dict) and _is_text(version.get("answer")), f"{where}.history[{position}]")
        for position, variant in enumerate(example.get("variants") or []):
            _expect(isinstance(variant, dict) and _is_text(variant.get("answer")), f"{where}.variants[{position}]")
        _check_tie(example, where, document_refs, chunk_documents)
        if example.get("grounding_check") is not None:
            _check_grounding(example["grounding_check"], f"{where}.grounding_check")
    for index, pair in enumerate(document.get("preference_pairs") or []):
        where = f"preference_pairs[{index}]"
        _expect(
            isinstance(pair, dict) and _is_text(pair.get("preferred")) and _is_text(pair.get("non_preferred")), where
        )
        _check_messages(pair.get("messages"), f"{where}.messages")
    for index, split in enumerate(document.get("splits") or []):
        where = f"splits[{index}]"
        _expect(
            isinstance(split, dict)
            and isinstance(split.get("train_refs"), list)
            and isinstance(split.get("valid_refs"), list),
            where,
        )


def _check_documents(documents: Any) -> tuple[set[Any], dict[Any, Any]]:
    """The documents' references and each chunk's document, once every field the import reads is checked."""
    document_refs: set[Any] = set()
    chunk_documents: dict[Any, Any] = {}
    if documents is None:  # a file from before documents were carried
        return document_refs, chunk_documents
    _expect(isinstance(documents, list), "documents")
    for index, stored in enumerate(documents):
        where = f"documents[{index}]"
        _expect(isinstance(stored, dict), where)
        _expect(_is_ref(stored.get("ref")) and stored["ref"] not in document_refs, f"{where}.ref")
        for name in ("name", "markdown"):
            _expect(_is_text(stored.get(name)), f"{where}.{name}")
        for name in ("kind", "created_at"):
            _expect(_is_text(stored.get(name), optional=True), f"{where}.{name}")
        for name in ("size_bytes", "chunk_size", "chunk_overlap"):
            _expect(_is_count(stored.get(name, 0)), f"{where}.{name}")
        chunks = stored.get("chunks", [])
        _expect(isinstance(chunks, list), f"{where}.chunks")
        positions: set[int] = set()
        for position, chunk in enumerate(chunks):
            inner = f"{where}.chunks[{position}]"
            _expect(isinstance(chunk, dict), inner)
            _expect(_is_ref(chunk.get("ref")) and chunk["ref"] not in chunk_documents, f"{inner}.ref")
            _expect(_is_count(chunk.get("position")) and chunk["position"] not in positions, f"{inner}.position")
            _expect(_is_text(chunk.get("heading"), optional=True), f"{inner}.heading")
            _expect(_is_text(chunk.get("text")), f"{inner}.text")
            positions.add(chunk["position"])
            chunk_documents[chunk["ref"]] = stored["ref"]
        document_refs.add(stored["ref"])
    return document_refs, chunk_documents


def _check_tie(
    example: Mapping[str, Any], where: str, document_refs: set[Any], chunk_documents: Mapping[Any, Any]
) -> None:
    """A row's tie names a document of the file, and its chunk one of that document's chunks."""
    document_ref, chunk_ref = example.get("document_ref"), example.get("chunk_ref")
    if document_ref is not None:
        _expect(_is_ref(document_ref) and document_ref in document_refs, f"{where}.document_ref")
    if chunk_ref is not None:
        _expect(
            _is_ref(chunk_ref) and document_ref is not None and chunk_documents.get(chunk_ref) == document_ref,
            f"{where}.chunk_ref",
        )


def _check_grounding(check: Any, where: str) -> None:
    _expect(isinstance(check, dict), where)
    _expect(check.get("verdict") in VERDICTS, f"{where}.verdict")
    for name in ("model", "answer"):
        _expect(_is_text(check.get(name)), f"{where}.{name}")
    for name in ("reason", "checked_at"):
        _expect(_is_text(check.get(name), optional=True), f"{where}.{name}")


# ---------------------------------------------------------------- import
def _ids(refs: Iterable[Any], mapping: Mapping[Any, int]) -> list[int]:
    return [mapping[ref] for ref in refs if ref in mapping]


def _new_id(ref: Any, mapping: Mapping[Any, int]) -> int | None:
    return mapping.get(ref) if _is_ref(ref) else None


def _retied(extra: dict[str, Any] | None, document_ids: Mapping[Any, int], chunk_ids: Mapping[Any, int]) -> Any:
    """``extra`` with the ids in its copy of the source chunk turned from the file's references into the new ids.

    A reference the file doesn't carry (the document was removed before the
    export) becomes None: the old id would name some other document here.
    """
    source = (extra or {}).get(EXTRA_SOURCE)
    if extra is None or not isinstance(source, dict):
        return extra
    retied = dict(source)
    if "document_id" in source:
        retied["document_id"] = _new_id(source["document_id"], document_ids)
    if "chunk_id" in source:
        retied["chunk_id"] = _new_id(source["chunk_id"], chunk_ids)
    return {**extra, EXTRA_SOURCE: retied}


def _insert_documents(
    conn: Connection, project_id: int, documents: Iterable[Mapping[str, Any]], stamp: str
) -> tuple[dict[Any, int], dict[Any, int]]:
    """The file's documents and chunks under new ids; (document ref → id, chunk ref → id)."""
    document_ids: dict[Any, int] = {}
    chunk_ids: dict[Any, int] = {}
    for stored in documents:
        document_id = stored_documents.insert_document_row(
            conn,
            project_id,
            name=stored["name"],
            kind=stored.get("kind") or "",
            size_bytes=stored.get("size_bytes", 0),
            markdown=stored["markdown"],
            chunk_size=stored.get("chunk_size", 0),
            chunk_overlap=stored.get("chunk_overlap", 0),
            created_at=stored.get("created_at") or stamp,
        )
        document_ids[stored["ref"]] = document_id
        chunks = stored.get("chunks") or []
        new_ids = stored_documents.insert_chunk_rows(
            conn, document_id, [NewChunk(c["position"], c.get("heading") or "", c["text"]) for c in chunks]
        )
        chunk_ids.update(zip((c["ref"] for c in chunks), new_ids, strict=True))
    return document_ids, chunk_ids


def import_project(store: Store, data: bytes, name: str | None = None) -> ImportResult:
    """Add the file's project to this workspace as a NEW project (a unique name); all or nothing."""
    document = read_document(data)
    try:
        return _insert(store, document, name)
    except DatabaseBusy as exc:  # locked past the busy timeout: rolled back, try again
        raise ProjectFileError("busy") from exc
    except (ValueError, TypeError, KeyError, AttributeError, ConstraintViolation) as exc:
        # The transaction has rolled back: the workspace is as it was.
        raise ProjectFileError("damaged", where=type(exc).__name__) from exc


def _insert(store: Store, document: Mapping[str, Any], name: str | None) -> ImportResult:
    wanted = (name or document["project"]["name"]).strip() or "Project"
    final_name = store.unique_project_name(wanted)
    stamp = now_iso()
    counts = {"history": 0, "variants": 0, "pairs": 0, "splits": 0}
    with store.tx() as conn:
        project_id = projects_table.insert_project_row(
            conn, final_name, document["project"].get("created_at") or stamp, stamp
        )
        for key, value in (document["project"].get("settings") or {}).items():
            if not _looks_secret(str(key), value):
                projects_table.write_setting(conn, project_id, str(key), value, stamp)
        document_ids, chunk_ids = _insert_documents(conn, project_id, document.get("documents") or [], stamp)
        ties: dict[int, tuple[int, int | None]] = {}
        checks: list[GroundingCheck] = []
        mapping: dict[Any, int] = {}
        for example in document["examples"]:
            created = example.get("created_at") or stamp
            example_id = examples_table.insert_example_row(
                conn,
                project_id,
                question=example.get("question") or "",
                answer=example.get("answer") or "",
                system_prompt=example.get("system_prompt"),
                tags=example.get("tags"),
                status=example.get("status") or "draft",
                messages=example.get("messages"),
                extra=_retied(example.get("extra"), document_ids, chunk_ids),
                source=example.get("source") or "import",
                error=example.get("error"),
                created_at=created,
                updated_at=example.get("updated_at") or created,
            )
            if example.get("ref") is not None:
                mapping[example["ref"]] = example_id
            if example.get("document_ref") is not None:
                ties[example_id] = (document_ids[example["document_ref"]], _new_id(example.get("chunk_ref"), chunk_ids))
            if (check := example.get("grounding_check")) is not None:
                checks.append(
                    GroundingCheck(
                        example_id,
                        check["verdict"],
                        check.get("reason") or "",
                        check["model"],
                        check["answer"],
                        check.get("checked_at") or stamp,
                    )
                )
            for version in example.get("history") or []:
                examples_table.insert_version(
                    conn,
                    example_id,
                    version["answer"],
                    version.get("source") or "import",
                    version.get("model"),
                    version.get("created_at") or created,
                )
                counts["history"] += 1
            for variant in example.get("variants") or []:
                variants_table.insert_variant(
                    conn,
                    example_id,
                    variant["answer"],
                    variant.get("model"),
                    variant.get("temperature"),
                    variant.get("created_at") or created,
                    chosen=bool(variant.get("chosen")),
                )
                counts["variants"] += 1
        documents_in_file.insert_ties(conn, ties)
        documents_in_file.insert_checks(conn, checks)
        for pair in document.get("preference_pairs") or []:
            variants_table.insert_pair(
                conn,
                project_id,
                pair["messages"],
                pair["preferred"],
                pair["non_preferred"],
                pair.get("source") or "import",
                mapping.get(pair.get("example_ref")),
                pair.get("ref"),
                pair.get("created_at") or stamp,
            )
            counts["pairs"] += 1
        for split in document.get("splits") or []:
            splits_table.insert_split_row(
                conn,
                project_id,
                created_at=split.get("created_at") or stamp,
                seed=int(split.get("seed") or 0),
                valid_ratio=float(split.get("valid_ratio") or 0),
                approved_only=bool(split.get("approved_only", True)),
                train_ids=_ids(split["train_refs"], mapping),
                valid_ids=_ids(split["valid_refs"], mapping),
                dataset_hash=str(split.get("dataset_hash") or ""),
            )
            counts["splits"] += 1
    return ImportResult(
        project_id,
        final_name,
        wanted if final_name != wanted else None,
        len(document["examples"]),
        **counts,
        documents=len(document_ids),
    )
