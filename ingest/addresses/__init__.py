"""Address matching: free text → the standard address (and grid) it names.

`normalise` spells a text one way, `parse` reads the numbered elements after a road or estate,
`index` holds the registry and the names to look for, `match` scores candidates. The warehouse runs it
in the model `int_address_texts_matched`; `make accuracy` measures it. Rules in docs/geocoding.md.
"""

import gc
import multiprocessing
import os

from ..processes import die_with_parent
from .index import AddressIndex, Place
from .match import METHODS, Match, canonical, match_canonical, match_text, parse_and_match
from .normalise import normalise

__all__ = [
    "AddressIndex", "Place", "Match", "METHODS", "match_text", "match_canonical", "canonical",
    "normalise", "match_rows", "code_fingerprint",
]  # fmt: skip


def match_rows(ix: AddressIndex, rows, processes: int | None = None):
    """Match (key, text, street_hint) rows; yields (key, Match), in order.

    Each canonical form (see `canonical`) is matched once: texts that differ only in width, spacing,
    the district's own prefix or a trailing 附近 share one result. Large batches (a full build's
    vocabulary) are split over `processes` forked workers that share the index by inheritance
    (default: every core; YIPING_MATCH_PROCESSES overrides); small ones (a day's new texts) run here."""
    rows = list(rows)
    if ix is not None:
        check_exact_forms(ix)
    processes = processes or int(os.environ.get("YIPING_MATCH_PROCESSES", 0)) or os.cpu_count() or 1
    if processes < 2 or len(rows) < 20_000 or "fork" not in multiprocessing.get_all_start_methods():
        cache: dict = {}
        for key, text, hint in rows:
            yield key, _match_once(ix, cache, text, hint)
        return
    global _SHARED_INDEX
    _SHARED_INDEX = ix
    match_text(ix, "瑞金路1号", None)  # warm the lazy parts (pinyin tables) before forking
    size = max(5_000, len(rows) // (processes * 4))
    chunks = [rows[i : i + size] for i in range(0, len(rows), size)]
    gc.collect()
    gc.freeze()  # the inherited index is never collected: workers need not walk (and copy) it
    with multiprocessing.get_context("fork").Pool(processes, initializer=die_with_parent) as pool:
        # a worker sends each distinct result once, and per text only its number: pickling a result
        # per text cost as much as matching
        for chunk, (positions, matches) in zip(chunks, pool.imap(_match_chunk, chunks), strict=True):
            for (key, _, _), position in zip(chunk, positions, strict=True):
                yield key, matches[position]
    gc.unfreeze()
    _SHARED_INDEX = None


def code_fingerprint() -> str:
    """A digest of the matcher's own code and the reference data it reads (developers' brands): an
    index or a result made by other code is not reused."""
    import hashlib
    from importlib import resources
    from pathlib import Path

    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    digest.update(resources.files("ingest.reference").joinpath("estate_brands.csv").read_bytes())
    return digest.hexdigest()[:16]


_SHARED_INDEX: AddressIndex | None = None
_WORKER_CACHE: dict = {}


def check_exact_forms(ix: AddressIndex, sample: int = 300) -> bool:
    """The registry's own spellings are a shortcut past the parser: check a sample against the full
    matcher once per batch, and drop the shortcut for the batch if any answer differs."""
    import random

    forms = [f for f, hit in ix.exact_forms.items() if hit is not None]
    for form in random.Random(len(forms)).sample(forms, min(sample, len(forms))):
        full = parse_and_match(ix, form)
        hit = ix.exact_forms[form]
        if (full.address_code, full.match_method, full.match_confidence) != (
            hit[0].address_code,
            hit[1],
            hit[2],
        ):
            ix.exact_forms = {}
            return False
    return True


def _match_once(ix: AddressIndex, cache: dict, text, hint) -> Match:
    form = canonical(ix, text)
    m = cache.get((form, hint))
    if m is None:
        m = cache[(form, hint)] = match_canonical(ix, form, hint)
    return m


def _match_chunk(chunk):
    ix, seen, matches, positions = _SHARED_INDEX, {}, [], []
    for _, text, hint in chunk:
        m = _match_once(ix, _WORKER_CACHE, text, hint)
        position = seen.get(id(m))
        if position is None:
            position = seen[id(m)] = len(matches)
            matches.append(m)
        positions.append(position)
    return positions, matches
