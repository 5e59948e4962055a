"""Address matching: free text → the standard address (and grid) it names.

`normalise` spells a text one way, `parse` reads the numbered elements after a road or estate,
`index` holds the registry and the names to look for, `match` scores candidates. The warehouse runs it
in the model `int_address_texts_matched`; `make accuracy` measures it. Rules in docs/geocoding.md.
"""

from .index import AddressIndex, Alias, Place
from .match import METHODS, Match, match_text
from .normalise import normalise

__all__ = ["AddressIndex", "Alias", "Place", "Match", "METHODS", "match_text", "normalise", "match_rows"]


def match_rows(ix: AddressIndex, rows):
    """Match (key, text, street_hint) rows; yields (key, Match). One call per build's new texts."""
    for key, text, hint in rows:
        yield key, match_text(ix, text, hint)
