"""Where a page's queries may look: one street, or the whole district — decided from the signed-in
identity, never from a widget or URL.

A `Scope` is made only by `Scope.of(identity, requested)`; every query restricted to a street takes
one (not a street code), and `published_query` refuses a call without it. A street leader's scope
is their own street whatever was requested; a wall screen gets none (it reads district aggregates).
"""

from __future__ import annotations

from app.auth import Identity

_ISSUED = object()  # the constructor's key: a Scope comes from Scope.of(identity), not from a string


class Scope:
    __slots__ = ("street_code",)

    def __init__(self, street_code: str | None, key: object) -> None:
        if key is not _ISSUED:
            raise TypeError("a Scope is made by Scope.of(identity), not by hand")
        object.__setattr__(self, "street_code", street_code)  # None: the whole district

    def __setattr__(self, name, value):
        raise AttributeError("a Scope cannot be changed")

    @classmethod
    def of(cls, ident: Identity, requested: str | None = None) -> Scope:
        """A street leader always gets their own street, whatever was requested; other roles get
        the street they asked for, or the whole district."""
        if not isinstance(ident, Identity):
            raise TypeError("a Scope is made from the signed-in Identity")
        if ident.is_wall:
            raise PermissionError("wall screens read only the wall's aggregates")
        return cls(ident.street_filter or requested or None, _ISSUED)

    def street(self) -> str:
        """The one street of a page that shows one street (the street workbench)."""
        if self.street_code is None:
            raise ValueError("this query needs one street, and the scope is the whole district")
        return self.street_code

    def __eq__(self, other) -> bool:
        return isinstance(other, Scope) and other.street_code == self.street_code

    def __hash__(self) -> int:
        return hash(("scope", self.street_code))

    def __repr__(self) -> str:
        return f"Scope({self.street_code or 'district'})"
