"""Address matching: free text → the standard address (and grid) it names.

`normalise` spells a text one way, `parse` reads the numbered elements after a road or estate,
`index` holds the registry and the names to look for, `match` scores candidates. The warehouse runs it
in the model `int_address_texts_matched`; `make accuracy` measures it. Rules in docs/geocoding.md.
"""

import multiprocessing
import os

from .index import AddressIndex, Alias, Place
from .match import METHODS, Match, canonical, match_canonical, match_text
from .normalise import normalise

__all__ = [
    "AddressIndex", "Alias", "Place", "Match", "METHODS", "match_text", "match_canonical", "canonical",
    "normalise", "match_rows",
]  # fmt: skip


def match_rows(ix: AddressIndex, rows, processes: int | None = None):
    """Match (key, text, street_hint) rows; yields (key, Match), in order.

    Each canonical form (see `canonical`) is matched once: texts that differ only in width, spacing,
    the district's own prefix or a trailing 附近 share one result. Large batches (a full build's
    vocabulary) are split over `processes` forked workers that share the index by inheritance
    (default: every core; YIPING_MATCH_PROCESSES overrides); small ones (a day's new texts) run here."""
    rows = list(rows)
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
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        for chunk, matches in zip(chunks, pool.imap(_match_chunk, chunks), strict=True):
            for (key, _, _), m in zip(chunk, matches, strict=True):
                yield key, m
    _SHARED_INDEX = None


_SHARED_INDEX: AddressIndex | None = None
_WORKER_CACHE: dict = {}


def _match_once(ix: AddressIndex, cache: dict, text, hint) -> Match:
    form = canonical(ix, text)
    m = cache.get((form, hint))
    if m is None:
        m = cache[(form, hint)] = match_canonical(ix, form, hint)
    return m


def _match_chunk(chunk):
    return [_match_once(_SHARED_INDEX, _WORKER_CACHE, text, hint) for _, text, hint in chunk]
