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
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_BIN_ENV = "FINETUNE_STUDIO_PG_BIN"
DEBIAN_PG_ROOT = Path("/usr/lib/postgresql")
SERVER_USER = "postgres"
SUPERUSER = "studio"
START_TIMEOUT_S = 60
# A port taken between choosing it and the server binding it is retried, not waited for.
START_ATTEMPTS = 3


# The engines the store, workflow and AppTest layers run on (the ``store`` and ``any_database_url`` fixtures).
ENGINES = ("sqlite", "postgres")


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
            self._workspace_template = template
        return self.url(self.create_database(template=self._workspace_template))

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
            try:
                server.stop("immediate")  # its data is deleted next: no shutdown checkpoint to wait for
            finally:
                shutil.rmtree(root, ignore_errors=True)
