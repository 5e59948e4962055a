"""One row per distinct place text: the standard address it names, how, how sure, the runner-up, the
equal candidates an event's point or street must decide between, and the grid the text alone gives.

The matcher is Python (ingest/addresses, rules in docs/geocoding.md): parsing into elements, exact
lookups, then typos and homophones (rapidfuzz, pypinyin), aliases as data. Incremental: a build matches
only texts it has not seen, and every text again when the registry or the aliases changed (the index
fingerprint differs). The index is kept beside the lake per fingerprint, so a day's build does not
rebuild it from the registry.
"""

import ctypes
import gc
import os
import pickle
from pathlib import Path

import pyarrow as pa

import ingest
from ingest.addresses import AddressIndex
from ingest.addresses.aliases import aliases_path, read_aliases
from ingest.addresses.district import other_district_names
from ingest.addresses.records import COLUMNS as RECORD_COLUMNS
from ingest.addresses.records import REGISTRY_COLUMNS, index_fingerprint, match_records

DATA_DIR = Path(ingest.__file__).resolve().parents[1] / "data"
_ARROW = {"string": pa.string(), "double": pa.float64(), "array<string>": pa.list_(pa.string())}
COLUMNS = [(name, _ARROW[kind]) for name, kind in RECORD_COLUMNS]
COLUMNS.append(("_invocation_id", pa.string()))  # stamped by the post-hook: a Python model cannot read it


def _index(dbt, library, aliases: list[dict], fingerprint: str) -> AddressIndex:
    """The index of this fingerprint: from the cache beside the lake, else built and cached."""
    lake = os.environ.get("YIPING_LAKE")
    cache_dir = (Path(lake).resolve().parent if lake else DATA_DIR) / ".cache"
    cached = cache_dir / f"address_index-{fingerprint}.pickle"
    gc.disable()  # hundreds of thousands of small objects: the collector would walk them again and again
    try:
        if cached.is_file():
            try:
                with cached.open("rb") as f:
                    return pickle.load(f)
            except Exception:  # noqa: BLE001 - a damaged cache is rebuilt
                pass
        rows = library.select(", ".join(REGISTRY_COLUMNS)).to_arrow_table().to_pylist()
        streets = [r[0] for r in dbt.ref("qinhuai_streets").select("street_name").fetchall()]
        ix = AddressIndex.build(
            rows,
            aliases,
            own_district_names=(dbt.config.get("district_name"),),
            other_districts=other_district_names(dbt.config.get("district_code")),
            streets=streets,
        )
    finally:
        gc.enable()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for old in cache_dir.glob("address_index-*.pickle"):
            old.unlink(missing_ok=True)
        partial = cached.with_suffix(".partial")
        with partial.open("wb") as f:
            pickle.dump(ix, f, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(cached)
    except OSError:
        pass  # no cache: the next build builds the index again
    return ix


# A full build's vocabulary (2.1M texts at 10M events) fills this process with Python objects and its
# forked workers, while DuckDB's buffer pool still holds what earlier models read, up to the build's
# limit. Above this many texts DuckDB gives half its limit back for the matching, so the process stays
# within the build's memory; the post-hook (or a failure here) sets the limit back. A day's few texts
# leave the pool as it is.
LEND_FROM_TEXTS = 100_000
_UNITS = {"bytes": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}


def _build_limit() -> str:
    """The build's DuckDB memory limit, as the profile sets it."""
    return os.environ.get("YIPING_BUILD_MEMORY", "4GB")


def _lend_memory(session) -> None:
    value, unit = session.sql("select current_setting('memory_limit')").fetchone()[0].split()
    half_mib = max(512, int(float(value) * _UNITS[unit] / 2**20 / 2))
    session.execute(f"set memory_limit = '{half_mib}MiB'")


def _give_back_heap() -> None:
    """Return the matching's freed Python heap to the system before DuckDB takes its limit back:
    glibc keeps freed memory in its arenas otherwise, and it would sit under the rest of the build."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the memory is reused, only not returned
        pass


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        unique_key="place_text",
        incremental_strategy="delete+insert",
        on_schema_change="fail",
    )
    library = dbt.ref("int_addresses_indexed")
    aliases = [
        dict(zip(("alias", "kind", "target"), r, strict=True))
        for r in dbt.ref("address_aliases").select("alias, kind, target").fetchall()
    ]
    # the path is read when the model runs (a parsed config would keep an old one under partial parsing)
    aliases += read_aliases(aliases_path(DATA_DIR))

    loaded_at, addresses = library.aggregate("max(_registry_loaded_at), count(*)").fetchone()
    fingerprint = index_fingerprint(loaded_at, addresses, aliases)

    collected = dbt.ref("int_address_texts_collected")
    if dbt.is_incremental:
        seen = session.sql(f"select distinct index_fingerprint from {dbt.this}").fetchall()
        if seen == [(fingerprint,)]:
            collected = collected.filter(f"place_text not in (select place_text from {dbt.this})")
    texts = [r[0] for r in collected.select("place_text").fetchall()]
    lent = len(texts) >= LEND_FROM_TEXTS
    if lent:
        _lend_memory(session)
    try:
        table = _match(dbt, library, aliases, fingerprint, texts)
    except BaseException:
        if lent:
            session.execute(f"set memory_limit = '{_build_limit()}'")
        raise
    if lent:
        del texts
        _give_back_heap()
    return table


def _match(dbt, library, aliases: list[dict], fingerprint: str, texts: list[str]) -> pa.Table:
    ix = _index(dbt, library, aliases, fingerprint) if texts else None

    columns = [[] for _ in RECORD_COLUMNS]  # column by column: a list of 2M row tuples would double the peak
    for record in match_records(ix, texts, fingerprint):
        for column, value in zip(columns, record, strict=True):
            column.append(value)
    arrays = [pa.array(values, type=kind) for values, (_, kind) in zip(columns, COLUMNS, strict=False)]
    arrays.append(pa.nulls(len(columns[0]), type=pa.string()))
    return pa.Table.from_arrays(arrays, schema=pa.schema(COLUMNS))
