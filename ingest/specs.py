"""Source specs: one per upstream export, read from its file in ingest/sources/ (TOML).

A spec says which folder a source arrives in, which file formats it may use, and for
each field its raw column name, the Chinese header and the aliases other exports use,
and whether it is required; also its display names and colour. A steward adds a header
alias, or a whole source, by editing those files (docs/onboarding.md); the loader is
generic. See docs/sources.md for what each source's fields mean.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .rules.textnorm import header_key


@dataclass(frozen=True)
class Field:
    column: str  # raw column name (ASCII, stable: dbt staging reads it)
    header: str  # canonical Chinese header (or JSON key)
    aliases: tuple[str, ...] = ()
    required: bool = False
    key: bool = False  # part of the source's record key; a row without it is rejected
    type: str = "text"  # text | code | timestamp | date | integer | double (declared checks: parseable)
    vocabulary: bool = False  # its values are codes of seed source_vocabularies (declared checks)


@dataclass(frozen=True)
class SourceSpec:
    name: str
    title: str  # Chinese display name
    kind: str  # "event" or "registry"
    formats: tuple[str, ...]  # accepted: xlsx, csv, jsonl, json, geojson
    fields: tuple[Field, ...]
    coord_sys: str | None = None  # declared coordinate system of lng/lat fields
    coord_sys_column: str | None = None  # per-row override (grid reports)
    description: str = ""
    text_column: str | None = None  # the free-text complaint/description field (trace page, search)
    title_en: str = ""  # English display name
    color: str | None = None  # event sources: colour on the wall and in charts
    order: int = 999  # where it is listed
    record_columns: tuple[str, ...] = ()  # staged columns shown beside each failing row of a gate finding
    converts_points: bool = False  # the gate converts its points to WGS-84 (inside-district checks)
    direct_closure: bool = False  # closed at/before dispatch or undispatched = closed on receipt (直办)
    lifecycle: tuple[str, ...] = ()  # declared checks: its step times in order (first = report)
    event: dict = field(default_factory=dict, compare=False)  # [event]: its fields as the event's steps
    refresh_days: int | None = None  # registries: reloaded at least this often (events: daily, 26 h)
    # what its codes mean, written into the seeds by `python -m ingest.docs`
    codes: dict = field(default_factory=dict, compare=False)  # field → {code: English}
    statuses: dict = field(default_factory=dict, compare=False)  # status → {state, note}
    categories: dict = field(default_factory=dict, compare=False)  # field → {its category: unified code}
    deadlines: tuple = ()  # rules: {category, request_type, urgency, deadline, unit}
    # sources with an acceptance step of their own (petitions): accepted or refused within
    # acceptance_days of receipt, then handled within handling_days_from_acceptance of the acceptance
    acceptance_days: int | None = None
    handling_days_from_acceptance: int | None = None
    _lookup: dict[str, Field] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for f in self.fields:
            for name in (f.header, f.column, *f.aliases):
                self._lookup.setdefault(header_key(name), f)

    @property
    def columns(self) -> list[str]:
        return [f.column for f in self.fields]

    @property
    def required(self) -> list[Field]:
        return [f for f in self.fields if f.required]

    @property
    def key_fields(self) -> list[Field]:
        return [f for f in self.fields if f.key]

    def match_header(self, cell: str | None) -> Field | None:
        return self._lookup.get(header_key(cell))


SOURCES_DIR = Path(__file__).parent / "sources"


FIELD_TYPES = ("text", "code", "timestamp", "date", "integer", "double")


class SpecError(ValueError):
    """A source file that cannot be read: names the file and what is wrong."""


def _field(path: Path, i: int, raw: dict) -> Field:
    unknown = set(raw) - {"column", "header", "aliases", "required", "key", "type", "vocabulary"}
    if unknown or not raw.get("column") or not raw.get("header"):
        raise SpecError(f"{path}: [[fields]] #{i}: needs column and header; unknown keys {sorted(unknown)}")
    aliases = raw.get("aliases", [])
    if isinstance(aliases, str):
        aliases = [aliases]
    key = bool(raw.get("key", False))
    kind = str(raw.get("type", "text"))
    if kind not in FIELD_TYPES:
        raise SpecError(
            f"{path}: [[fields]] #{i}: type must be one of {', '.join(FIELD_TYPES)}, not {kind!r}"
        )
    return Field(
        str(raw["column"]),
        str(raw["header"]),
        tuple(str(a) for a in aliases),
        key or bool(raw.get("required")),
        key,
        kind,
        bool(raw.get("vocabulary", False)),
    )


def read_spec(path: Path) -> SourceSpec:
    """One source file (ingest/sources/<name>.toml, docs/onboarding.md) as a spec."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise SpecError(f"{path}: not valid TOML: {e}") from e
    missing = [k for k in ("name", "title", "kind", "formats", "fields") if k not in raw]
    if missing:
        raise SpecError(f"{path}: missing {', '.join(missing)}")
    if raw["name"] != path.stem:
        raise SpecError(f"{path}: name = {raw['name']!r} must be the file's name ({path.stem!r})")
    if raw["kind"] not in ("event", "registry"):
        raise SpecError(f"{path}: kind must be event or registry, not {raw['kind']!r}")
    fields = tuple(_field(path, i, f) for i, f in enumerate(raw["fields"], 1))
    columns = [f.column for f in fields]
    if len(set(columns)) != len(columns):
        raise SpecError(f"{path}: a column is declared twice")
    strangers = [c for c in raw.get("lifecycle", ()) if c not in columns]
    if strangers:
        raise SpecError(f"{path}: lifecycle names fields it does not declare: {', '.join(strangers)}")
    return SourceSpec(
        name=raw["name"],
        title=raw["title"],
        title_en=raw.get("title_en", raw["title"]),
        kind=raw["kind"],
        formats=tuple(raw["formats"]),
        fields=fields,
        coord_sys=raw.get("coord_sys"),
        coord_sys_column=raw.get("coord_sys_column"),
        description=raw.get("description", ""),
        text_column=raw.get("text_column"),
        color=raw.get("color"),
        order=int(raw.get("order", 999)),
        record_columns=tuple(raw.get("record_columns", ())),
        converts_points=bool(raw.get("converts_points", False)),
        direct_closure=bool(raw.get("direct_closure", False)),
        lifecycle=tuple(raw.get("lifecycle", ())),
        event=dict(raw.get("event", {})),
        refresh_days=raw.get("refresh_days"),
        codes=dict(raw.get("codes", {})),
        statuses=dict(raw.get("statuses", {})),
        categories=dict(raw.get("categories", {})),
        deadlines=tuple(raw.get("deadlines", {}).get("rules", ())),
        **_acceptance_terms(path, raw.get("deadlines", {})),
    )


def _acceptance_terms(path: Path, deadlines: dict) -> dict:
    """[deadlines] acceptance_days and handling_days_from_acceptance: both or neither."""
    unknown = set(deadlines) - {"rules", "acceptance_days", "handling_days_from_acceptance"}
    if unknown:
        raise SpecError(f"{path}: [deadlines] has unknown keys {sorted(unknown)}")
    terms = {k: deadlines.get(k) for k in ("acceptance_days", "handling_days_from_acceptance")}
    given = [v for v in terms.values() if v is not None]
    if given and (len(given) != 2 or not all(isinstance(v, int) and v > 0 for v in given)):
        raise SpecError(
            f"{path}: [deadlines] acceptance_days and handling_days_from_acceptance are given together, "
            "as whole numbers of days"
        )
    return terms


def read_specs(folder: Path = SOURCES_DIR) -> dict[str, SourceSpec]:
    specs = [read_spec(p) for p in sorted(folder.glob("*.toml"))]
    return {s.name: s for s in sorted(specs, key=lambda s: (s.order, s.name))}


# The list of sources exists once: the files in ingest/sources/.
SPECS: dict[str, SourceSpec] = read_specs()
EVENT_SOURCES = [s.name for s in SPECS.values() if s.kind == "event"]
ADDRESS = SPECS["address"]
