"""The audit log's writer for decisions made outside the app's pages (the CLI) and inside them:
one JSON line per decision, in the shape the admin's audit page reads (at, username, role, page,
subject, action, rows, keys, then the decision's own fields)."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path


def audit_path(data_dir: Path) -> Path:
    return Path(os.environ.get("YIPING_AUDIT_LOG", data_dir / "audit" / "personal_data_views.jsonl"))


def append(
    data_dir: Path,
    *,
    username: str,
    role: str,
    page: str,
    subject: str,
    action: str,
    at: str | None = None,
    **details,
) -> None:
    """Append one decision to the audit log (the caller serialises concurrent writers)."""
    line = {
        "at": at or datetime.now().isoformat(timespec="seconds"),
        "username": username,
        "role": role,
        "page": page,
        "subject": subject,
        "action": action,
        "rows": 1,
        "keys": [],
        **details,
    }
    log = audit_path(data_dir)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as f:
        f.write(json.dumps(line, ensure_ascii=False) + "\n")
