"""Address matching: free text → the standard address (and grid) it names.

`normalise` spells a text one way, `parse` reads the numbered elements after a road or estate,
`index` holds the registry and the names to look for, `match` scores candidates. The warehouse runs it
in the model `int_address_texts_matched`; `make accuracy` measures it. Rules in docs/geocoding.md.
"""

import multiprocessing
import os

from .index import AddressIndex, Alias, Place
from .match import METHODS, Match, match_text
from .normalise import normalise

__all__ = ["AddressIndex", "Alias", "Place", "Match", "METHODS", "match_text", "normalise", "match_rows"]


def match_rows(ix: AddressIndex, rows, processes: int | None = None):
    """Match (key, text, street_hint) rows; yields (key, Match), in order.

    Large batches (a full build's vocabulary) are split over `processes` forked workers that share
    the index by inheritance (default: every core; YIPING_MATCH_PROCESSES overrides). Small ones (a
    day's new texts) run here."""
    rows = list(rows)
    processes = processes or int(os.environ.get("YIPING_MATCH_PROCESSES", 0)) or os.cpu_count() or 1
    if processes < 2 or len(rows) < 20_000 or "fork" not in multiprocessing.get_all_start_methods():
        for key, text, hint in rows:
            yield key, match_text(ix, text, hint)
        return
    global _SHARED_INDEX
    _SHARED_INDEX = ix
    match_text(ix, "瑞金路1号", None)  # warm the lazy parts (pinyin tables) before forking
    size = max(2_000, len(rows) // (processes * 8))
    chunks = [rows[i : i + size] for i in range(0, len(rows), size)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        for chunk, matches in zip(chunks, pool.imap(_match_chunk, chunks), strict=True):
            for (key, _, _), m in zip(chunk, matches, strict=True):
                yield key, m
    _SHARED_INDEX = None


_SHARED_INDEX: AddressIndex | None = None


def _match_chunk(chunk):
    return [match_text(_SHARED_INDEX, text, hint) for _, text, hint in chunk]
