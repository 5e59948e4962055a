"""The address matcher on Spark, as a Python table function (UDTF) the SQL model
models/intermediate/spark/int_address_texts_matched_spark.sql calls: dbt-spark runs no Python models outside
Databricks, and a table function keeps the whole build inside dbt.

The model hands it one table, partitioned: in each partition the registry's rows, the aliases, the
district's streets and settings (the same in every partition: a broadcast), then that partition's share
of the place texts. The function collects them, builds the index once per partition and matches the
texts with the same code and the same records as the DuckDB model (records.py).
`python -m ingest build --target spark` registers it in the Spark session before dbt opens it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

# the steward's confirmed aliases are read where the DuckDB model reads them (data/ beside ingest/)
DATA_DIR = Path(__file__).resolve().parents[2] / "data"

FUNCTION_NAME = "yiping_match_addresses"

# the input rows' kinds, in the order a partition delivers them
SETTINGS, ADDRESS, ALIAS, STREET, TEXT = range(5)


class MatchAddresses:
    """eval() collects a partition's rows (kind, payload as JSON); terminate() matches its texts."""

    def __init__(self):
        self.settings: dict = {}
        self.addresses: list[dict] = []
        self.aliases: list[dict] = []
        self.streets: list[str] = []
        self.texts: list[str] = []

    def eval(self, row):
        kind, payload = row["kind"], json.loads(row["payload"])
        if kind == SETTINGS:
            self.settings = payload
        elif kind == ADDRESS:
            self.addresses.append(payload)
        elif kind == ALIAS:
            self.aliases.append(payload)
        elif kind == STREET:
            self.streets.append(payload["street_name"])
        else:
            self.texts.append(payload["place_text"])

    def terminate(self):
        from .aliases import aliases_path, read_aliases
        from .district import other_district_names
        from .index import AddressIndex
        from .records import REGISTRY_COLUMNS, index_fingerprint, match_records

        if not self.texts:
            return
        aliases = self.aliases + read_aliases(aliases_path(DATA_DIR))
        rows = [{c: a.get(c) for c in REGISTRY_COLUMNS} for a in self.addresses]
        micros = self.settings.get("registry_loaded_at_us")
        loaded_at = (
            dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=micros) if micros is not None else None
        )
        fingerprint = index_fingerprint(loaded_at, len(rows), aliases)
        ix = AddressIndex.build(
            rows,
            aliases,
            own_district_names=(self.settings["district_name"],),
            other_districts=other_district_names(self.settings["district_code"]),
            streets=self.streets,
        )
        yield from match_records(ix, self.texts, fingerprint, processes=1)


def register(session) -> None:
    """Register the table function in a Spark session (idempotent)."""
    from pyspark.sql.functions import udtf

    from .records import COLUMNS

    schema = ", ".join(f"{name} {kind}" for name, kind in COLUMNS)
    session.udtf.register(FUNCTION_NAME, udtf(MatchAddresses, returnType=schema))
