"""The steward's row remedies: take one bad row out of the warehouse, or release a quarantined file.

Nothing is deleted from the lake. A remedy is one line in a steward file beside the lake (who, when,
why), and one line in the audit log:

    data/steward/row_exclusions.csv       file + row number + reason: the next build leaves that row
                                          out (the staging models filter it; macro excluded_rows), and
                                          the quality pages list it. A later "restore" line undoes it.
    data/steward/quarantine_releases.csv  a quarantined file (by its sha256) that a steward decided to
                                          load despite its gate's critical finding: the loader promotes
                                          it (the findings stay, marked released).

Both files are read by every build (their content is part of the publish fingerprint, so a change
rebuilds from the lake, where the rows still are). A file that cannot be read at all (not what its
name says, damaged) cannot be released: there is nothing to load until it is fixed.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import threading
from datetime import datetime
from pathlib import Path

from . import audit

EXCLUSION_FIELDS = ["seq", "source_file", "row_number", "action", "reason", "by", "at"]  # seq: line order
RELEASE_FIELDS = ["sha256", "file_path", "reason", "by", "at"]
_lock = threading.Lock()


class RemedyError(ValueError):
    """A remedy that cannot be written; the message names the field and why."""


def exclusions_path(data_dir: Path) -> Path:
    return Path(os.environ.get("YIPING_STEWARD_EXCLUSIONS", data_dir / "steward" / "row_exclusions.csv"))


def releases_path(data_dir: Path) -> Path:
    return Path(os.environ.get("YIPING_STEWARD_RELEASES", data_dir / "steward" / "quarantine_releases.csv"))


def ensure_files(data_dir: Path) -> None:
    """Both steward files exist (with their headers), so a build can always read them."""
    for path, fields in (
        (exclusions_path(data_dir), EXCLUSION_FIELDS),
        (releases_path(data_dir), RELEASE_FIELDS),
    ):
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="") as f:
                csv.writer(f, lineterminator="\n").writerow(fields)


def _append(
    data_dir: Path, path: Path, fields: list[str], row: dict, subject: str, action: str, by: str, role: str
) -> None:
    with _lock:
        ensure_files(data_dir)
        with path.open("a", encoding="utf-8", newline="") as f:
            csv.DictWriter(f, fieldnames=fields, lineterminator="\n").writerow(row)
        details = {k: row[k] for k in fields if k not in ("by", "at", "seq", "action")}
        audit.append(
            data_dir,
            username=by,
            role=role,
            page="ingest",
            subject=subject,
            action=action,
            at=row["at"],
            **details,
        )


def _who(by: str) -> str:
    if not (by or "").strip():
        raise RemedyError("by: who decides must be named")
    return by.strip()


def exclude_row(
    data_dir: Path,
    *,
    source_file: str,
    row_number: int,
    reason: str,
    by: str,
    role: str = "steward",
    restore: bool = False,
    known_rows: set[tuple[str, int]] | None = None,
) -> dict:
    """Append one exclusion (or, with restore, its undoing) and its audit line; the row written."""
    source_file = (source_file or "").strip()
    if not source_file:
        raise RemedyError("source_file: the file as the manifest names it (inbox-relative path) is needed")
    try:
        number = int(row_number)
    except (TypeError, ValueError):
        raise RemedyError(f"row_number: {row_number!r} is not a row number") from None
    if number < 1:
        raise RemedyError("row_number: rows are numbered from 1")
    if known_rows is not None and (source_file, number) not in known_rows:
        raise RemedyError(f"row: {source_file} has no loaded row {number}")
    if not (reason or "").strip():
        raise RemedyError("reason: say why the row is taken out (it is shown beside it)")
    row = {
        "seq": str(len(read_exclusions(data_dir)) + 1),
        "source_file": source_file,
        "row_number": str(number),
        "action": "restore" if restore else "exclude",
        "reason": reason.strip(),
        "by": _who(by),
        "at": datetime.now().isoformat(timespec="seconds"),
    }
    _append(
        data_dir, exclusions_path(data_dir), EXCLUSION_FIELDS, row, "raw_row", row["action"], row["by"], role
    )
    return row


def read_exclusions(data_dir: Path) -> list[dict]:
    """Every exclusion line, oldest first (none when there is no file)."""
    path = exclusions_path(data_dir)
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def active_exclusions(data_dir: Path) -> list[dict]:
    """The rows currently taken out: per file and row, the latest line is an exclusion."""
    latest: dict[tuple[str, str], dict] = {}
    for line in read_exclusions(data_dir):
        latest[(line["source_file"], line["row_number"])] = line
    return [line for line in latest.values() if line["action"] == "exclude"]


def release_file(
    data_dir: Path, *, path: Path, file_path: str, reason: str, by: str, role: str = "steward"
) -> dict:
    """Append one release of a quarantined file (known by its content) and its audit line."""
    if not path.is_file():
        raise RemedyError(f"file: {path} does not exist")
    if not (reason or "").strip():
        raise RemedyError("reason: say why the file may load despite its critical finding")
    with path.open("rb") as f:
        sha = hashlib.file_digest(f, "sha256").hexdigest()
    row = {
        "sha256": sha,
        "file_path": file_path,
        "reason": reason.strip(),
        "by": _who(by),
        "at": datetime.now().isoformat(timespec="seconds"),
    }
    _append(
        data_dir, releases_path(data_dir), RELEASE_FIELDS, row, "quarantined_file", "release", row["by"], role
    )
    return row


def quarantined_by_gate(path: Path) -> bool:
    """Whether a quarantined file was stopped by its quality gate (releasable), not because it cannot
    be read as an export (its sidecar names the reason)."""
    sidecar = path.with_name(path.name + ".reason.txt")
    return sidecar.is_file() and "质量闸门未通过" in sidecar.read_text(encoding="utf-8", errors="replace")


def release_quarantined(
    data_dir: Path, *, path: Path, inbox: Path, reason: str, by: str, role: str = "steward"
) -> dict:
    """Release a file the gate quarantined: record its content as released (audited) and put it back
    in the inbox folder of its source, where the next load loads it with its findings."""
    source = path.parent.name
    if not path.is_file():
        raise RemedyError(f"file: no quarantined file {path}")
    if not quarantined_by_gate(path):
        raise RemedyError(
            "file: it was quarantined because it cannot be read as an export (see its .reason.txt); "
            "fix it and put it back in the inbox instead"
        )
    row = release_file(
        data_dir, path=path, file_path=f"{source}/{path.name}", reason=reason, by=by, role=role
    )
    target = inbox / source
    target.mkdir(parents=True, exist_ok=True)
    shutil.move(str(path), target / path.name)
    path.with_name(path.name + ".reason.txt").unlink(missing_ok=True)
    return row


def released(data_dir: Path) -> dict[str, dict]:
    """sha256 → its release line (none when there is no file)."""
    path = releases_path(data_dir)
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {line["sha256"]: line for line in csv.DictReader(f)}


def fingerprint(data_dir: Path) -> bytes:
    """The remedies' content, for the publish fingerprint: a change means a build from the lake. The
    lines, not the files' bytes: a file that exists with only its header is the same as none."""
    lines = [sorted(line.items()) for line in read_exclusions(data_dir)]
    lines += [sorted(line.items()) for line in released(data_dir).values()]
    return repr(lines).encode("utf-8")
