"""One way through the house: every import arrow points down.

    conductor   ingest/conductor.py, ingest/publish.py, ingest/__main__.py  (load → build → check → publish)
    app         app/                          reads the published warehouse
    checker     expectations/                 gates and warehouse checks
    loader …    the rest of ingest/           read → normalise → load → report; dbt runner
    generator   ingest/synth/                 the demo district, apart: it stands on the floor and specs
    floor       ingest/rules/                 identifiers, masking, coordinates, text normalisation

The floor imports nothing of ours; the loader and the rest of ingest never import the checker, the
app or the conductor (the conductor hands the loader its gate); the checker imports only the floor
and the declarative source specs from ingest; the app reads the warehouse and never imports the
checker, the loader or the conductor, and its components only draw (no queries, session or audit —
app/pagekit.py frames a page); the generator stands on the floor and the specs alone and only
the CLI calls it."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONDUCTOR = {"ingest.conductor", "ingest.publish", "ingest.__main__"}
# what the checker may read from ingest: the floor, the source specs, the inbox's limits
CHECKER_MAY_USE = ("ingest.rules", "ingest.specs", "ingest.inbox")


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module of ours `path` imports, at the top or inside a function, resolved to absolute names."""
    package = _module(path) if path.name == "__init__.py" else _module(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.add(name)
            found |= {f"{name}.{alias.name}" for alias in node.names}
    return {n for n in found if n.split(".")[0] in ("ingest", "expectations", "app")}


def _graph() -> dict[str, set[str]]:
    files = [p for top in ("ingest", "expectations", "app") for p in (ROOT / top).rglob("*.py")]
    return {_module(p): _imports(p) for p in files}


def _under(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_every_import_points_down():
    upward = []
    for module, imports in sorted(_graph().items()):
        for target in sorted(imports):
            if _under(module, "ingest.rules") and not _under(target, "ingest.rules"):
                upward.append((module, target, "the floor imports nothing of ours"))
            elif (
                _under(module, "ingest")
                and module not in CONDUCTOR
                and _under(target, "expectations", "app", *CONDUCTOR)
            ):
                upward.append((module, target, "the loader is handed its gate; it never imports up"))
            elif _under(module, "expectations") and (
                _under(target, "app") or (_under(target, "ingest") and not _under(target, *CHECKER_MAY_USE))
            ):
                upward.append((module, target, "the checker stands on the floor and the specs only"))
            elif _under(module, "app") and _under(target, "expectations", "ingest.loader", *CONDUCTOR):
                upward.append(
                    (module, target, "the app reads the warehouse; it does not load, check or publish")
                )
            elif _under(module, "app.components") and _under(
                target, "app.queries", "app.session", "app.auth", "app.pagekit", "ingest"
            ):
                upward.append(
                    (module, target, "components draw and return values: no queries, session or audit")
                )
            elif _under(module, "ingest.synth") and not _under(
                target, "ingest.synth", "ingest.rules", "ingest.specs"
            ):
                upward.append((module, target, "the generator stands apart, on the floor and the specs"))
            elif _under(target, "ingest.synth") and not _under(module, "ingest.synth", "ingest.__main__"):
                upward.append((module, target, "only the CLI runs the generator"))
    assert upward == [], upward


def test_the_graph_is_read_at_all():
    """The test above is only as good as its reading of the imports."""
    graph = _graph()
    assert "ingest.rules.masking" in graph["expectations.runner"]
    assert "expectations.gate" in graph["ingest.conductor"]
    assert "ingest.loader" in graph["ingest.conductor"]
    assert graph["ingest.rules.geo"] == set()
