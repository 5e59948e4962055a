"""The audit log: one JSON line per decision or view of personal data, append-only and hash-chained.

Every line carries `prev` (the hash of the line before it) and `hash` (SHA-256 over `prev` and the
line's own fields), so a line edited, removed or inserted afterwards breaks the chain where it
happened. Readers never fail on a damaged log: a line that is not JSON is shown as corrupt, a line
whose hash does not follow is shown as tampered, and every other line stays readable.

Writers are the app (sign-ins, unmasked views, downloads), the CLI and the steward pages (row
exclusions, quarantine releases, address aliases); one process-safe writer (an exclusive lock on a
sidecar file) keeps the chain whole when they write at once.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

GENESIS = "0" * 64
TAIL_BYTES = 64 * 1024


def audit_path(data_dir: Path) -> Path:
    return Path(os.environ.get("YIPING_AUDIT_LOG", data_dir / "audit" / "personal_data_views.jsonl"))


def _digest(prev: str, fields: dict) -> str:
    body = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev + "\n" + body).encode("utf-8")).hexdigest()


def _line_hash(raw: str) -> str:
    """The hash a line hands to the next: its own `hash`, or for a damaged line, the hash of its bytes."""
    try:
        value = json.loads(raw).get("hash")
    except (json.JSONDecodeError, AttributeError):
        value = None
    return value if isinstance(value, str) and len(value) == 64 else hashlib.sha256(raw.encode()).hexdigest()


def _last_line(path: Path) -> str | None:
    if not path.exists() or path.stat().st_size == 0:
        return None
    with path.open("rb") as f:
        f.seek(max(0, path.stat().st_size - TAIL_BYTES))
        lines = [line for line in f.read().decode("utf-8", errors="replace").splitlines() if line.strip()]
    return lines[-1] if lines else None


@contextmanager
def _locked(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def write(path: Path, fields: dict) -> dict:
    """Append one line to the log at `path`, chained to the last one; the line written."""
    fields = {k: v for k, v in fields.items() if k not in ("prev", "hash")}
    fields.setdefault("at", datetime.now().isoformat(timespec="seconds"))
    with _locked(path):
        last = _last_line(path)
        prev = GENESIS if last is None else _line_hash(last)
        line = {**fields, "prev": prev, "hash": _digest(prev, fields)}
        new = not path.exists()
        with path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
        if new:
            os.chmod(path, 0o600)  # personal data's trail: the service account only
    return line


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
) -> dict:
    """Append one decision to the audit log beside `data_dir` (or YIPING_AUDIT_LOG)."""
    return write(
        audit_path(data_dir),
        {
            "at": at or datetime.now().isoformat(timespec="seconds"),
            "username": username,
            "role": role,
            "page": page,
            "subject": subject,
            "action": action,
            "rows": details.pop("rows", 1),
            "keys": details.pop("keys", []),
            **details,
        },
    )


def read(path: Path, limit: int | None = None) -> list[dict]:
    """Every line, oldest first, each with `integrity`: ok, corrupt (not JSON: its text is kept in
    `raw`), tampered (its hash does not follow from the line before and its own fields) or unchained
    (written before the log was chained). After a corrupt line the chain resumes from the next line."""
    if not path.exists():
        return []
    out: list[dict] = []
    prev: str | None = GENESIS  # None after a corrupt line: the chain resumes from the next line's own prev
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
            if not isinstance(line, dict):
                raise json.JSONDecodeError("not an object", raw, 0)
        except json.JSONDecodeError:
            out.append({"integrity": "corrupt", "raw": raw[:500]})
            prev = None
            continue
        if "hash" not in line:
            line["integrity"] = "unchained"
        else:
            fields = {k: v for k, v in line.items() if k not in ("prev", "hash")}
            stated = line.get("prev")
            ok = (prev is None or stated == prev) and line["hash"] == _digest(str(stated), fields)
            line["integrity"] = "ok" if ok else "tampered"
        out.append(line)
        prev = _line_hash(raw)
    return out[-limit:] if limit else out
