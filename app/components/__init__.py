"""Reusable drawing blocks: they take plain data (frames, dicts), draw, return nothing."""
