"""The dbt staging models, rendered as plain SQL over one batch.

The ingest gates type a batch exactly as the warehouse will: they run the staging model's
own SQL (and the project's own macros) against the batch instead of `raw.<source>`. A tiny
Jinja shim stands in for the few dbt functions staging uses — `source()`, `ref()` of a seed, `var()`,
`adapter.dispatch()` (the `default__` implementation) and `return()` — so there is one
date parser, one text cleaner and one code cleaner, not a second copy in Python.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jinja2
import yaml

DBT_PROJECT = Path(__file__).resolve().parent.parent / "dbt_project"
BATCH_RELATION = "_batch"

# Staging model per raw source (models/staging/<source>/stg_<source>__<entity>.sql).
STAGING_MODELS = {p.parent.name: p for p in sorted((DBT_PROJECT / "models" / "staging").glob("*/stg_*.sql"))}


@cache
def registry_refresh_days() -> dict[str, int]:
    """Per registry source, the days after which it should have been reloaded: the `freshness`
    of its dbt source (models/staging/<source>/_<source>__sources.yml), counted in days."""
    limits = {}
    for path in sorted((DBT_PROJECT / "models" / "staging").glob("*/_*__sources.yml")):
        for source in yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]:
            warn = (source.get("freshness") or {}).get("warn_after") or {}
            if warn.get("period") == "day":
                limits[source["name"]] = int(warn["count"])
    return limits


@cache
def project_vars() -> dict:
    """The `vars:` of dbt_project.yml (env_var() templates left as written)."""
    return yaml.safe_load((DBT_PROJECT / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]


class _Adapter:
    module = None  # the rendered macros, set once they exist

    def dispatch(self, name: str, macro_namespace: str | None = None):
        return getattr(self.module, f"default__{name}")


@cache
def _environment() -> tuple[jinja2.Environment, str]:
    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, extensions=["jinja2.ext.do"]
    )
    env.globals.update(
        source=lambda _source, _table: BATCH_RELATION,
        # a seed, read from its CSV as dbt loads it (every column as text)
        ref=lambda name: f"read_csv('{DBT_PROJECT / 'seeds' / name}.csv', header = true, all_varchar = true)",
        var=lambda name, default=None: project_vars().get(name, default),
        env_var=lambda name, default="": default,
        fromjson=json.loads,
        config=lambda **_kw: "",
        adapter=_Adapter(),
        **{"return": lambda value: value},
    )
    macros = "\n".join(p.read_text(encoding="utf-8") for p in sorted((DBT_PROJECT / "macros").glob("*.sql")))
    module = env.from_string(macros).make_module()
    env.globals["adapter"].module = module
    for name in dir(module):
        if not name.startswith("__"):
            env.globals.setdefault(name, getattr(module, name))
    return env, macros


def staging_sql(source: str) -> str:
    """`select …` of the staging model for `source`, reading from the relation `_batch`."""
    env, _ = _environment()
    path = STAGING_MODELS[source]
    return env.from_string(path.read_text(encoding="utf-8")).render()


def render(template: str) -> str:
    """Render any SQL template with the project's macros (e.g. `{{ to_wgs84_ctes(...) }}`);
    private macros (`_day_precision_clamp`) are reachable because the macro source is prepended."""
    env, macros = _environment()
    return env.from_string(macros + "\n" + template).render().strip()


@cache
def gate_sql(source: str, has_points: bool, lifecycle: tuple[str, ...] = ()) -> str:
    """The staged batch as the warehouse will read it: `wgs84_lng` / `wgs84_lat` for sources
    that report points, and lifecycle timestamps written with day or minute precision clamped
    to the previous step exactly as `int_events_lifecycle` does (`_day_precision_clamp`)."""
    sql = "with staged as (\n__STAGED_SQL__\n)"
    last = "staged"
    if has_points:
        sql += ",\n{{ to_wgs84_ctes('converted', 'staged') }}"
        last = "converted"
    if len(lifecycle) > 1:
        first, clamps = lifecycle[0], []
        for i, column in enumerate(lifecycle[1:], start=1):
            previous = ", ".join([first, *(f"coalesce({c}, {first})" for c in lifecycle[1:i])])
            clamps.append(f"{{{{ _day_precision_clamp('{column}', 'greatest({previous})') }}}} as {column}")
        sql += f",\nclamped as (\n    select * replace (\n        {(',' + chr(10) + '        ').join(clamps)}\n    )\n    from {last}\n)"
        last = "clamped"
    return render(sql + f"\nselect * from {last}").replace("__STAGED_SQL__", staging_sql(source))
