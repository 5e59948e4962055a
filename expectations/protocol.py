"""What the publish conductor (ingest/publish.py) and the waiting warehouse checks say to each other.

The conductor starts `python -m expectations check --wait`, sends "go" (with the build's stamp), and the
checks answer with a DECIDED line as soon as the build is closed. The stamp — the project fingerprint
and the lake watermark a build saw — is written with the quality results so both land together; the
dbt macro test_scope reads it. Defined here, below the conductor, so the checks never import it."""

from __future__ import annotations

DECIDED = "YIPING_CHECKS_DECIDED"  # the waiting checks' answer line: DECIDED <exit code>
FINGERPRINT_TABLE = "main.yiping_build_fingerprint"


def write_stamp(con, catalog: str | None, fingerprint: str, lake_loaded_at) -> None:
    """The stamp's table, written through an open connection (`catalog`: the build's, if attached)."""
    table = f"{catalog}.{FINGERPRINT_TABLE}" if catalog else FINGERPRINT_TABLE
    con.execute(
        f"create or replace table {table} as "
        "select ? as project_fingerprint, current_localtimestamp() as built_at, "
        "cast(? as timestamp) as lake_loaded_at",
        [fingerprint, lake_loaded_at],
    )
