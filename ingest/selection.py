"""What a day's build must rebuild: the models and tests downstream of what changed since the
published build, as dbt selectors.

A day's build starts from a copy of the published warehouse made with the same dbt project (same
project fingerprint, ingest/publish.py). Every model is a function of its inputs — the raw layer,
the seeds, the steward's files — and "now" is the newest time in the data, not the clock, so a
model none of whose inputs changed would rebuild to exactly the rows the copy already holds, and
its tests would pass as they passed. What can change between two builds of one project:

- raw tables with new loads: the sources whose files were loaded after the published build's
  stamp (lake_loaded_at, the newest load it had seen; ingest/publish.py reads it), and the lake's
  manifest itself whenever any file came in (loaded, duplicate or quarantined);
- the steward's address aliases (data/steward/address_aliases.csv), read by the address matcher:
  they are confirmed between builds without a load. The matcher names its inputs by a fingerprint
  stored with every matched text (ingest/addresses/records.index_fingerprint); when the one it would
  compute now differs, the matcher and everything after it are rebuilt;
- the steward's row exclusions and quarantine releases are part of the project fingerprint: they
  make the build a full one, never a day's.

rpt_build_info (when this build ran) is rebuilt every time. The selection is `--select` for
`dbt build`: each model below a changed input, with the tests of every selected model (dbt's eager
test selection). A published build without a stamp gives no selection: everything is rebuilt.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

ALWAYS = "rpt_build_info"
MANIFEST_SOURCE = "ingest_manifest"
MATCHER = "int_address_texts_matched"


def day_selection(lake: Path, published: Path, seen: datetime | None) -> tuple[list[str], str] | None:
    """(dbt selectors, why in one line) for a day's build on a copy of `published`, whose stamp says
    `seen` was the newest lake load it had read; None when it does not say (then the whole project is
    built)."""
    import duckdb

    if seen is None:
        return None
    try:
        con = duckdb.connect(str(published), read_only=True)
    except duckdb.Error:
        return None
    try:
        aliases_changed = _matcher_inputs_changed(con, lake)
    finally:
        con.close()
    con = duckdb.connect(str(lake), read_only=True)
    try:
        loads = con.execute(
            "select source, status from raw._loads where loaded_at > ? order by source", [seen]
        ).fetchall()
    finally:
        con.close()
    sources = sorted({source for source, status in loads if status == "loaded"})
    selectors = [f"source:{MANIFEST_SOURCE}+"] if loads else []
    selectors += [f"source:{source}+" for source in sources]
    if aliases_changed:
        selectors.append(f"{MATCHER}+")
    selectors.append(ALWAYS)
    why = f"{len(loads)} files since {seen:%Y-%m-%d %H:%M:%S}, new rows in: {', '.join(sources) or 'none'}"
    if aliases_changed:
        why += "; the address aliases changed"
    return selectors, why


def _matcher_inputs_changed(con, lake: Path) -> bool:
    """Whether the address matcher would now name its inputs otherwise than the published build's
    matched texts do (aliases confirmed since; a registry load is a changed source anyway)."""
    import duckdb

    from .addresses.aliases import read_aliases
    from .addresses.records import index_fingerprint
    from .build import steward_aliases_file

    try:
        loaded_at, addresses = con.execute(
            "select max(_registry_loaded_at), count(*) from intermediate.int_addresses_indexed"
        ).fetchone()
        aliases = [
            dict(zip(("alias", "kind", "target"), row, strict=True))
            for row in con.execute("select alias, kind, target from seeds.address_aliases").fetchall()
        ]
        stored = con.execute(
            "select distinct index_fingerprint from intermediate.int_address_texts_matched"
        ).fetchall()
    except duckdb.Error:
        return True
    aliases += read_aliases(steward_aliases_file(lake))
    return stored not in ([], [(index_fingerprint(loaded_at, addresses, aliases),)])
