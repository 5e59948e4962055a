"""The sources as the app shows them — display names and colours — read from their files in
ingest/sources/ (the one list of sources; docs/onboarding.md). Components and i18n take them from here."""

from __future__ import annotations

from ingest.specs import SPECS

# each source's display name, zh and en
SOURCE_TITLES = {s.name: {"zh": s.title, "en": s.title_en or s.title} for s in SPECS.values()}
# each event source's colour on the wall and in charts
SOURCE_COLORS = {s.name: s.color or "#7b8aa5" for s in SPECS.values() if s.kind == "event"}
