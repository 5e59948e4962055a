"""`python -m ingest build`: run dbt on the raw layer, offline.

dbt-duckdb cannot download extensions here, so before dbt starts the spatial extension
is installed from the pinned PyPI wheel into a project-local extension folder, which
the profile points at. Paths reach the profile through environment variables.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path

import duckdb

from .lake_parquet import default_folder
from .remedies import ensure_files, exclusions_path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_DIR = ROOT / "dbt_project"


def spatial_extension_file() -> Path:
    import importlib.resources

    import duckdb_extension_spatial

    base = Path(str(importlib.resources.files(duckdb_extension_spatial)))
    return base / "extensions" / f"v{duckdb.__version__}" / "spatial.duckdb_extension"


def install_spatial(extension_dir: Path) -> None:
    """Install the wheel's spatial extension into extension_dir (a local copy, no network),
    once: later runs find it there."""
    if any(extension_dir.glob(f"v{duckdb.__version__}/*/spatial.duckdb_extension")):
        return
    extension_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute(f"set extension_directory = '{extension_dir}'")
        con.execute("set autoinstall_known_extensions = false")
        con.execute(f"install '{spatial_extension_file()}'")
        con.execute("load spatial")
    finally:
        con.close()


DEMO_PERSON_SALT = "yiping-demo-salt"


def production() -> bool:
    """YIPING_MODE=production: the demo's public secrets are refused (app/auth.py, and builds here)."""
    return os.environ.get("YIPING_MODE", "").strip().lower() == "production"


def person_salt_problem() -> str | None:
    """Why the person-link salt is unfit for production (with the demo's public salt, a person_key is
    reversed to its ID number in seconds: the ID space is small), or None."""
    salt = os.environ.get("YIPING_PERSON_SALT", "")
    if len(salt) < 16 or salt == DEMO_PERSON_SALT:
        return "YIPING_PERSON_SALT: production needs a secret salt of 16+ characters (not the demo's)"
    return None


def _check_production_salt() -> None:
    problem = person_salt_problem() if production() else None
    if problem:
        raise SystemExit(problem)


def physical_memory_mb() -> int:
    """This machine's memory in MB (cgroup limits aside)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    except (ValueError, OSError, AttributeError):  # not POSIX: assume a small machine
        return 8192


def build_memory_limit() -> str:
    """How much memory DuckDB may take during a build (YIPING_BUILD_MEMORY, e.g. "12GB"). By default
    a fifth of this machine's memory, at least 1 GB: what DuckDB allocates outside its limit, the
    address matcher's Python objects and workers in the same build, the app serving the wall and the
    operating system keep the rest (at 10M events a quarter, 6 GB here, let the build's process reach
    8.6 GB). Past the limit DuckDB spills to
    disk (build_spill_directory) and the build gets slower instead of failing; docs/robustness.md."""
    return os.environ.get("YIPING_BUILD_MEMORY") or f"{max(1024, physical_memory_mb() // 5)}MB"


def build_spill_directory(lake: Path) -> Path:
    """Where DuckDB spills what does not fit in build_memory_limit (YIPING_SPILL_DIR; by default
    .spill beside the raw layer). Emptied by DuckDB when the build ends."""
    return Path(os.environ.get("YIPING_SPILL_DIR") or lake.resolve().parent / ".spill")


def steward_aliases_file(lake: Path) -> Path:
    """The steward's address aliases a build of this lake reads (the matcher, and what a day's build
    compares to know whether to match again: ingest/selection.py)."""
    return lake.resolve().parent / "steward" / "address_aliases.csv"


def dbt_env(lake: Path, warehouse: Path) -> dict[str, str]:
    _check_production_salt()
    ext = lake.resolve().parent / ".duckdb_extensions"
    install_spatial(ext)
    ensure_files(lake.resolve().parent)  # the steward's remedies: read by every build
    return {
        "YIPING_LAKE": str(lake.resolve()),
        "YIPING_WAREHOUSE": str(warehouse.resolve()),
        "YIPING_EXTENSION_DIR": str(ext),
        "YIPING_BUILD_MEMORY": build_memory_limit(),
        "YIPING_SPILL_DIR": str(build_spill_directory(lake)),
        "YIPING_STEWARD_ALIASES": str(steward_aliases_file(lake)),
        "YIPING_STEWARD_EXCLUSIONS": str(exclusions_path(lake.resolve().parent)),
        # the Spark target: the raw layer as Parquet, and Spark's own tables and catalog (--target spark)
        "YIPING_LAKE_PARQUET": os.environ.get("YIPING_LAKE_PARQUET") or str(default_folder(lake)),
        "YIPING_SPARK_DIR": os.environ.get("YIPING_SPARK_DIR") or str(lake.resolve().parent / "spark"),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_PROJECT_DIR": str(PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_VERSION_CHECK": "false",
    }


def _partial_parse_file(lake: Path, warehouse: Path) -> Path:
    """dbt's parse of the project, kept per pair of files built from and into. dbt re-parses the whole
    project (12 s here, against 5 s when it may reuse its last parse) whenever the profile it parsed with
    differs, and the profile names these paths: its one parse file (target/partial_parse.msgpack) was
    invalidated by every build into another file. A copy per pair, beside the raw layer like the
    build's other caches, is handed back to dbt (DBT_PARTIAL_PARSE_FILE_PATH) on the next build."""
    key = hashlib.sha1(f"{lake.resolve()}|{warehouse.resolve()}".encode()).hexdigest()[:16]
    folder = Path(os.environ.get("YIPING_DBT_PARSE_CACHE") or lake.resolve().parent / ".cache" / "dbt")
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"partial_parse_{key}.msgpack"


def prepare_spark() -> None:
    """Before a build with `--target spark`: dbt-spark (session method) creates the Spark session in this
    process, and the address matcher's table function is registered in it as it is created
    (ingest/addresses/spark.py); Spark's Python workers run this interpreter, with its packages."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    from .addresses.spark import register

    builder = SparkSession.Builder
    if getattr(builder.getOrCreate, "registers_yiping_functions", False):
        return
    create = builder.getOrCreate

    def get_or_create(self):
        session = create(self)
        if not getattr(session, "has_yiping_functions", False):
            register(session)
            session.has_yiping_functions = True
        return session

    get_or_create.registers_yiping_functions = True
    builder.getOrCreate = get_or_create


def wait_for_dbt_args() -> list[str] | None:
    """For `build --wait`: load dbt (seconds of imports), then read the command — one JSON list on
    one line of standard input; None when the input ends without one (the publish gave up)."""
    import dbt.adapters.duckdb  # noqa: F401  (the adapter the command will load)
    from dbt.cli.main import dbtRunner  # noqa: F401

    line = sys.stdin.readline()
    return json.loads(line) if line.strip() else None


def run_dbt(args: list[str], lake: Path, warehouse: Path, log=print) -> int:
    """Run one dbt command (e.g. ["build"]) against lake → warehouse; returns its exit code."""
    from dbt.cli.main import dbtRunner

    if any(a == "--target=spark" for a in args) or any(
        a == "--target" and b == "spark" for a, b in zip(args, args[1:], strict=False)
    ):
        prepare_spark()

    warehouse.parent.mkdir(parents=True, exist_ok=True)
    os.environ.update(dbt_env(lake, warehouse))
    parse_cache = _partial_parse_file(lake, warehouse)
    if parse_cache.exists():
        os.environ["DBT_PARTIAL_PARSE_FILE_PATH"] = str(parse_cache)
    else:
        os.environ.pop("DBT_PARTIAL_PARSE_FILE_PATH", None)
    started, started_at = time.perf_counter(), time.time()
    cwd = os.getcwd()
    os.chdir(PROJECT_DIR)
    try:
        result = dbtRunner().invoke(
            [*args, "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR)]
        )
    finally:
        os.chdir(cwd)
    written = PROJECT_DIR / "target" / "partial_parse.msgpack"
    if written.exists() and written.stat().st_mtime >= started_at - 1:  # this run wrote it
        shutil.copyfile(written, parse_cache)
    log(
        f"dbt {' '.join(args)}: {'ok' if result.success else 'FAILED'} in {time.perf_counter() - started:.1f} s"
    )
    if result.exception is not None:
        print(f"dbt 运行错误 / dbt error: {result.exception}", file=sys.stderr)
        return 1
    return 0 if result.success else 1
