"""The street a query is restricted to, decided from the identity — never from a widget or URL."""

from __future__ import annotations

from app.auth import Identity


def street_scope(ident: Identity, requested: str | None = None) -> str | None:
    """A street leader always gets their own street, whatever was requested; other roles get the
    street they asked for, or None (the whole district)."""
    if ident.is_wall:
        raise PermissionError("wall screens read only the wall's aggregates")
    return ident.street_filter or requested or None
