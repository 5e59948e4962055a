"""The dbt project's own configuration: what dbt would warn about, had we not silenced it, and the
evaluator's exceptions each naming something real with a reason."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

from tests.conftest import ROOT

PROJECT = ROOT / "dbt_project"


def _config_paths(tree: dict, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every resource path a dbt_project.yml config tree names (keys not starting with '+')."""
    paths = []
    for key, value in tree.items():
        if key.startswith("+") or not isinstance(value, dict):
            continue
        paths.append((*prefix, key))
        paths += _config_paths(value, (*prefix, key))
    return paths


def _resource_exists(folder: Path, parts: tuple[str, ...]) -> bool:
    *folders, last = parts
    where = folder.joinpath(*folders)
    return (where / last).is_dir() or any(where.glob(f"{last}.*"))


def test_every_config_path_of_this_project_names_a_folder_or_file():
    # dbt's UnusedResourceConfigPath warning is silenced (the evaluator's seed is configured even when
    # that package is absent), so a mistyped path of our own must fail here instead
    project = yaml.safe_load((PROJECT / "dbt_project.yml").read_text(encoding="utf-8"))
    folders = {"models": "models", "seeds": "seeds", "data_tests": "tests"}
    missing = [
        f"{kind}.yiping.{'.'.join(path)}"
        for kind, folder in folders.items()
        for path in _config_paths(project.get(kind, {}).get("yiping", {}))
        if not _resource_exists(PROJECT / folder, path)
    ]
    assert not missing, missing
    assert set(project["seeds"]) == {"yiping", "dbt_project_evaluator"}, (
        "only the evaluator's seed is foreign"
    )


def test_every_evaluator_exception_names_a_rule_a_resource_and_a_one_line_reason():
    rows = list(
        csv.DictReader((PROJECT / "seeds" / "dbt_project_evaluator_exceptions.csv").open(encoding="utf-8"))
    )
    models = {p.stem for p in (PROJECT / "models").rglob("*.sql")}
    assert rows
    for row in rows:
        assert row["fct_name"].startswith("fct_"), row
        assert row["comment"].strip() and "\n" not in row["comment"], row
        pattern = row["id_to_exclude"]
        if "%" in pattern:
            assert any(m.startswith(pattern.rstrip("%")) for m in models), row
        else:
            assert pattern in models, f"exception for a model that no longer exists: {row}"
