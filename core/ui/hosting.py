"""Where the app runs: Streamlit Community Cloud or somewhere else (a laptop, a server).

Community Cloud clones the repository under ``/mount/src/<repository>`` and runs
it in a container whose host name is ``streamlit``; either sign is enough. Only
there is the disk temporary, so only there do we warn about it.
"""

from __future__ import annotations

import socket
from pathlib import Path

APP_ROOT = Path(__file__).resolve().parent.parent
CLOUD_SOURCE_ROOT = "/mount/src/"
CLOUD_HOSTNAME = "streamlit"


def on_community_cloud(app_root: Path = APP_ROOT, hostname: str | None = None) -> bool:
    """True when this copy of the app runs on Streamlit Community Cloud."""
    name = socket.gethostname() if hostname is None else hostname
    return app_root.as_posix().startswith(CLOUD_SOURCE_ROOT) or name == CLOUD_HOSTNAME
