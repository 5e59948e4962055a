"""Every page of the app: its file, title, icon, URL and the roles that may open it.

Page files live in app/views/, not app/pages/: Streamlit treats a pages/ folder beside the entry
script as a legacy multipage app and, on a cold deep link, runs the page file directly — around
st.navigation and this registry.
main.py builds the navigation from it; each page checks it again (session.require) so a page
script can never be reached around the navigation."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str  # i18n key
    icon: str
    url: str
    section: str  # i18n key
    roles: frozenset[str]


_ALL = frozenset({"wall", "street_leader", "steward", "admin"})
_WORK = frozenset({"street_leader", "steward", "admin"})
_DATA = frozenset({"steward", "admin"})

PAGES = [
    PageSpec("views/wall.py", "page_wall", ":material/dashboard:", "wall", "section_command", _ALL),
    PageSpec("views/street.py", "page_street", ":material/location_city:", "street", "section_work", _WORK),
    PageSpec("views/trace.py", "page_trace", ":material/manage_search:", "trace", "section_work", _WORK),
    PageSpec(
        "views/registries.py", "page_registries", ":material/badge:", "registries", "section_work", _WORK
    ),
    PageSpec(
        "views/assessment.py",
        "page_assessment",
        ":material/leaderboard:",
        "assessment",
        "section_work",
        _WORK,
    ),
    PageSpec("views/risk.py", "page_risk", ":material/radar:", "risk", "section_work", _WORK),
    PageSpec("views/steward_ingest.py", "page_ingest", ":material/input:", "ingest", "section_data", _DATA),
    PageSpec(
        "views/steward_quality.py", "page_quality", ":material/fact_check:", "quality", "section_data", _DATA
    ),
    PageSpec(
        "views/steward_builds.py", "page_builds", ":material/schedule:", "builds", "section_data", _DATA
    ),
    PageSpec(
        "views/steward_addresses.py",
        "page_addresses",
        ":material/pin_drop:",
        "addresses",
        "section_data",
        _DATA,
    ),
    PageSpec(
        "views/admin_audit.py",
        "page_audit",
        ":material/policy:",
        "audit",
        "section_admin",
        frozenset({"admin"}),
    ),
]
BY_URL = {spec.url: spec for spec in PAGES}
DEFAULT_PAGE = {"wall": "wall", "street_leader": "street", "steward": "quality", "admin": "street"}
