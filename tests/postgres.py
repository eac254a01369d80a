"""A throwaway PostgreSQL server for the tests, started from Debian's binaries.

No mock: ``initdb`` makes a fresh cluster in a temporary folder, ``pg_ctl``
starts it on a free local port and stops it (and the folder goes) at the end.
PostgreSQL refuses to run as root, so under root every server command runs as
the ``postgres`` system user that Debian's package creates.

Used by the ``postgres_server`` / ``postgres_url`` fixtures in
``tests/postgres_fixtures.py``; also usable by hand::

    with PostgresServer.started() as server:
        print(server.url("studio"))
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PG_BIN_ENV = "FINETUNE_STUDIO_PG_BIN"
DEBIAN_PG_ROOT = Path("/usr/lib/postgresql")
SERVER_USER = "postgres"
SUPERUSER = "studio"
START_TIMEOUT_S = 60
# A port taken between choosing it and the server binding it is retried, not waited for.
START_ATTEMPTS = 3


# The engines the store, workflow and AppTest layers run on (the ``store`` and ``any_database_url`` fixtures).
ENGINES = ("sqlite", "postgres")

# Everything in a database besides its rows that a test could change: schemas, tables, columns, constraints,
# indexes, sequences, functions, triggers, types, views, rights, and the database's own settings. A test's
# workspace is reused only if this still reads as it does in the template (``PostgresServer.return_workspace``).
_USER_SCHEMAS = """
    SELECT oid, nspname FROM pg_namespace
    WHERE nspname NOT IN ('pg_catalog', 'information_schema')
      AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp%'
"""
_SCHEMA_FINGERPRINT_SQL = f"""
WITH ns AS ({_USER_SCHEMAS})
SELECT md5(coalesce(string_agg(item, E'\\n' ORDER BY item), '')) FROM (
  SELECT format('schema %s %s %s', nspname, nspowner::regrole, nspacl)
  FROM pg_namespace WHERE oid IN (SELECT oid FROM ns)
  UNION ALL
  SELECT format('rel %s.%s %s %s %s %s %s %s', ns.nspname, c.relname, c.relkind, c.relowner::regrole, c.relacl,
                c.reloptions, c.relrowsecurity, c.relpersistence)
  FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
  UNION ALL
  SELECT format('col %s.%s %s %s %s %s %s %s %s', ns.nspname, c.relname, a.attname,
                format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid),
                a.attidentity, a.attgenerated, a.attcollation)
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN ns ON ns.oid = c.relnamespace
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT format('con %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(con.oid))
  FROM pg_constraint con JOIN ns ON ns.oid = con.connamespace
  UNION ALL
  SELECT format('idx %s', pg_get_indexdef(i.indexrelid))
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN ns ON ns.oid = c.relnamespace
  UNION ALL
  SELECT format('seq %s %s %s %s %s %s %s', seqrelid::regclass, seqtypid::regtype, seqstart, seqincrement, seqmax,
                seqmin, seqcycle)
  FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN ns ON ns.oid = c.relnamespace
  UNION ALL
  SELECT format('fn %s.%s(%s) %s %s', ns.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind,
                md5(coalesce(p.prosrc, '')))
  FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace
  UNION ALL
  SELECT format('trg %s', pg_get_triggerdef(t.oid)) FROM pg_trigger t WHERE NOT t.tgisinternal
  UNION ALL
  SELECT format('type %s.%s %s', ns.nspname, t.typname, t.typtype) FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
  UNION ALL
  SELECT format('rule %s %s', r.ev_class::regclass, md5(pg_get_ruledef(r.oid))) FROM pg_rewrite r
  JOIN pg_class c ON c.oid = r.ev_class JOIN ns ON ns.oid = c.relnamespace
  UNION ALL
  SELECT format('policy %s %s', polrelid::regclass, polname) FROM pg_policy
  UNION ALL
  SELECT format('extension %s %s', extname, extversion) FROM pg_extension
  UNION ALL
  SELECT format('event trigger %s', evtname) FROM pg_event_trigger
  UNION ALL
  SELECT format('large objects %s', count(*)) FROM pg_largeobject_metadata
  UNION ALL
  SELECT format('database %s %s %s %s', datallowconn, datconnlimit, datdba::regrole, datacl)
  FROM pg_database WHERE datname = current_database()
  UNION ALL
  SELECT format('setting %s %s', setrole, setconfig) FROM pg_db_role_setting
  WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
) AS everything(item)
"""
# Emptying a workspace for the next test: every row of every table but Alembic's, every sequence back to its start.
# The replica role skips foreign-key checks, so the order of the tables doesn't matter (all of them are emptied).
_WIPE_SQL = f"""
WITH ns AS ({_USER_SCHEMAS})
SELECT format('DELETE FROM %I.%I', ns.nspname, c.relname)
FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND c.relname <> 'alembic_version'
"""
_RESTART_SEQUENCES_SQL = """
SELECT setval(s.seqrelid, s.seqstart, false) FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
"""


def _fingerprint(conn: Any) -> tuple[str, str]:
    """The schema's fingerprint and the Alembic revision(s) recorded in the database ``conn`` is connected to."""
    schema = conn.execute(_SCHEMA_FINGERPRINT_SQL).fetchone()
    revisions = conn.execute("SELECT string_agg(version_num, ',' ORDER BY version_num) FROM alembic_version").fetchone()
    return str(schema[0]), str(revisions[0])


class PostgresUnavailable(RuntimeError):
    """The PostgreSQL binaries are not installed (``tests/run.sh`` installs them)."""


def find_bin_dir() -> Path:
    """The folder with ``initdb``/``pg_ctl``: ``$FINETUNE_STUDIO_PG_BIN`` or Debian's newest."""
    configured = os.environ.get(PG_BIN_ENV, "").strip()
    if configured:
        return Path(configured)
    versions = sorted(
        (p for p in DEBIAN_PG_ROOT.glob("*/bin") if (p / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if not versions:
        raise PostgresUnavailable(f"no initdb under {DEBIAN_PG_ROOT}; install Debian's postgresql package")
    return versions[-1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    """One local cluster: trust authentication on 127.0.0.1 only, fsync off (throwaway data)."""

    def __init__(self, root: Path, bin_dir: Path | None = None) -> None:
        self._workspace_template: str | None = None
        # What the template's schema reads as (``_SCHEMA_FINGERPRINT_SQL``, then its Alembic revision).
        self._template_fingerprint: tuple[str, str] | None = None
        # Workspaces a test gave back, emptied and renamed: each is handed out once more instead of a new copy.
        self._emptied_workspaces: list[str] = []
        # Workspaces being emptied in the background (while the next, often SQLite, test runs).
        self._returning: list[threading.Thread] = []
        self.root = root
        self.bin_dir = bin_dir or find_bin_dir()
        self.data_dir = root / "data"
        self.socket_dir = root / "socket"
        self.log_file = root / "server.log"
        self.port = 0
        self._as_user = os.geteuid() == 0

    # ------------------------------------------------------------ process control
    def _command(self, program: str, *args: str) -> list[str]:
        command = [str(self.bin_dir / program), *args]
        return ["runuser", "-u", SERVER_USER, "--", *command] if self._as_user else command

    def _run(self, program: str, *args: str) -> None:
        completed = subprocess.run(
            self._command(program, *args), capture_output=True, text=True, timeout=START_TIMEOUT_S, check=False
        )
        if completed.returncode != 0:
            log = self.log_file.read_text(errors="replace") if self.log_file.exists() else ""
            output = completed.stdout + completed.stderr
            raise RuntimeError(f"{program} failed ({completed.returncode}):\n{output}\n{log}")

    def _prepare_root(self) -> None:
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        if self._as_user:
            user = pwd.getpwnam(SERVER_USER)
            # The temp folder's parents must be passable for the server user.
            self.root.chmod(0o755)
            for path in (self.root, self.socket_dir):
                os.chown(path, user.pw_uid, user.pw_gid)

    def init(self) -> None:
        self._prepare_root()
        self._run(
            "initdb",
            "-D",
            str(self.data_dir),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )

    def start(self, port: int | None = None) -> None:
        """Start the server on a free port, or on ``port`` (the same address again after ``stop``)."""
        last_error: Exception | None = None
        for _ in range(1 if port else START_ATTEMPTS):
            self.port = port or free_port()
            options = (
                f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1"
                " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            try:
                self._run(
                    "pg_ctl",
                    "start",
                    "-w",
                    "-t",
                    str(START_TIMEOUT_S),
                    "-D",
                    str(self.data_dir),
                    "-l",
                    str(self.log_file),
                    "-o",
                    options,
                )
                return
            except RuntimeError as error:  # most likely the port was taken meanwhile
                last_error = error
        raise RuntimeError(f"PostgreSQL did not start: {last_error}")

    def stop(self, mode: str = "fast") -> None:
        """Stop: ``fast`` ends sessions and checkpoints; ``immediate`` skips the checkpoint (throwaway data)."""
        if self.port:
            self._run("pg_ctl", "stop", "-w", "-m", mode, "-D", str(self.data_dir))
            self.port = 0

    @property
    def running(self) -> bool:
        return bool(self.port)

    # ------------------------------------------------------------ databases
    def url(self, database: str = "postgres", password: str | None = None) -> str:
        """A SQLAlchemy URL for psycopg 3. With trust authentication any password is accepted."""
        secret = f":{password}" if password else ""
        return f"postgresql+psycopg://{SUPERUSER}{secret}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None, template: str | None = None) -> str:
        """A new database (a fresh name unless given), empty or a copy of ``template``; returns its name."""
        import psycopg

        name = name or f"t_{uuid.uuid4().hex[:12]}"
        # FILE_COPY: one checkpoint and a file copy, faster than WAL-logging every block of a small template.
        copy_of = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"{copy_of}')
        return name

    def create_workspace(self) -> str:
        """A new database already at the current schema; returns its URL.

        The schema is built once per server, in a template database that every
        workspace is then copied from (PostgreSQL copies a database's files, much
        faster than running the migrations again for each test).
        """
        if self._workspace_template is None:
            from core.data.upgrade import upgrade_to_head

            template = self.create_database("workspace_template")
            upgrade_to_head(self.url(template))
            import psycopg

            with psycopg.connect(self._dsn(template), autocommit=True) as conn:
                self._template_fingerprint = _fingerprint(conn)
            self._workspace_template = template
        return self.url(self.create_database(template=self._workspace_template))

    def checkout_workspace(self) -> str:
        """A database at the current schema with no rows, under a name no test has used yet; returns its URL.

        A workspace an earlier test gave back (``return_workspace``) when there is one, else a new copy of the
        template: emptying a database takes a few milliseconds, copying one about a fifth of a second.
        """
        self._wait_for_returns()
        if self._emptied_workspaces:
            return self.url(self._emptied_workspaces.pop())
        return self.create_workspace()

    def return_workspace(self, url: str) -> None:
        """Empty a test's workspace for a later test, in the background (``_empty_for_reuse``)."""
        emptying = threading.Thread(target=self._empty_for_reuse, args=(url,), name="empty-workspace", daemon=True)
        emptying.start()
        self._returning.append(emptying)

    def _empty_for_reuse(self, url: str) -> None:
        """Empty a test's workspace for the next test, if it can be made just like a new copy; else leave it.

        It is first renamed, which PostgreSQL refuses while anyone is connected: so nothing the test left
        behind (a background thread, a pool) is still in it, nor can reach it by its old name any more, and
        the next test has a name (and so a URL, an engine, a cache key) of its own. Then its schema must
        still read as the template's, and its rows go and its sequences start again. Anything unexpected
        leaves the database where it is (the next test gets a new copy): reuse is only ever an optimisation.
        """
        import psycopg

        if self._template_fingerprint is None:
            return
        old_name = url.rsplit("/", 1)[1]
        new_name = f"t_{uuid.uuid4().hex[:12]}"
        try:
            with psycopg.connect(self._dsn("postgres"), autocommit=True) as admin:
                admin.execute(f'ALTER DATABASE "{old_name}" RENAME TO "{new_name}"')
            with psycopg.connect(self._dsn(new_name)) as conn:
                if _fingerprint(conn) != self._template_fingerprint:
                    return
                conn.execute("SET LOCAL session_replication_role = replica")
                for (statement,) in conn.execute(_WIPE_SQL).fetchall():
                    conn.execute(statement)
                conn.execute(_RESTART_SEQUENCES_SQL)
                conn.commit()
        except psycopg.Error:
            return
        self._emptied_workspaces.append(new_name)

    def _wait_for_returns(self) -> None:
        while self._returning:
            self._returning.pop().join()

    def _dsn(self, database: str) -> str:
        return f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname={database}"

    @classmethod
    @contextmanager
    def started(cls) -> Iterator[PostgresServer]:
        # Under root the server runs as another user, who must be able to reach the folder:
        # /tmp is open to everyone, a root-only $TMPDIR may not be.
        root = Path(tempfile.mkdtemp(prefix="studio-pg-", dir="/tmp" if os.geteuid() == 0 else None))
        server = cls(root)
        try:
            server.init()
            server.start()
            yield server
        finally:
            server._wait_for_returns()
            try:
                server.stop("immediate")  # its data is deleted next: no shutdown checkpoint to wait for
            finally:
                shutil.rmtree(root, ignore_errors=True)
