"""Events of the demo district: one year of 12345 orders, city-management cases, grid
reports and petitions, with realistic rhythm, hotspots, a campaign week, six-step
lifecycles and cross-channel duplicates.

The generator works month by month and streams rows into the writers, so memory
depends on one month's volume, not on the whole history. Every event also yields one
ground-truth row (source, source_id, grid_code, address_code, duplicate_group).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from random import Random

from ..rules.geo import from_wgs84
from ..rules.identifiers import id_number_problem
from ..rules.textnorm import to_fullwidth
from ..rules.workdays import working_day_deadline
from .geography import Geography, Grid
from .names import DEPARTMENTS, ROADS
from .place_texts import HOME_WORDS, NOISE_WORDS, estate_start, pointer_or_place, write_place
from .registries import Address, Registries, mobile, person_name
from .topics import (
    CAMPAIGN_TOPIC,
    CHANNEL_WEIGHTS,
    CHANNELS,
    PETITION_CATEGORIES,
    PETITION_CATEGORY_WEIGHTS,
    PETITION_DEPARTMENT,
    PETITION_SUMMARY,
    REQUEST_TYPE_WEIGHTS,
    REQUEST_TYPES,
    TOPIC_BY_KEY,
    TOPICS,
    Topic,
)

CST = timezone(timedelta(hours=8))
SOURCE_SHARES = {"hotline_12345": 0.45, "grid_report": 0.30, "city_mgmt": 0.20, "petition": 0.05}
# the newer sources, on top (sensing.py): ~0.75% sensor alerts, ~2% message-board posts
SOURCE_SHARES |= {"iot_alert": 0.0075, "message_board": 0.02}
WEEKDAY_WEIGHTS = (1.08, 1.04, 1.0, 1.0, 0.98, 0.66, 0.58)
DUPLICATE_SHARE = 0.03
LONGEST_OPEN_S = 90 * 86400  # nothing lingers past a quarter: desks escalate or close it
# 12345 orders closed on the phone (直办): most enquiries, a few of the rest — about 15% of orders
DIRECT_CLOSURE_SHARE_ENQUIRY = 0.6
DIRECT_CLOSURE_SHARE_OTHER = 0.05
DEPT_NAME = {suffix: name for suffix, name, _ in DEPARTMENTS}
DEPT_ALIASES = {suffix: [name, *aliases.split(",")] for suffix, name, aliases in DEPARTMENTS}
NULL_WORDS = ("无", "暂无", "NULL", "-", "/")
EXCEL_EPOCH = datetime(1899, 12, 30)


@dataclass
class Incident:
    at: datetime  # naive CST
    grid: Grid
    address: Address | None
    lng: float  # true WGS-84 point
    lat: float
    topic: Topic
    place: str  # how the reporter wrote the place
    group: str = ""  # duplicate group id
    named_code: str = ""  # the standard address the written place names ('' when it names none)


@dataclass
class Lifecycle:
    dispatched: datetime | None
    handled: datetime | None
    verified: datetime | None
    closed: datetime | None
    deadline: datetime
    extended: bool
    reworks: int
    cancelled: bool
    returned: bool
    satisfaction: str


class DateStyle:
    """How one export writes timestamps: a main style plus a share of other styles mixed in."""

    STYLES = ("iso", "slash", "cn_date", "cn_minute", "compact", "serial")

    def __init__(self, rng: Random, main: str, mix: float, allow_serial: bool) -> None:
        self.rng, self.main, self.mix = rng, main, mix
        self.others = [s for s in self.STYLES if allow_serial or s != "serial"]

    def __call__(self, t: datetime | None) -> object:
        if t is None:
            return ""
        style = self.main if self.rng.random() >= self.mix else self.rng.choice(self.others)
        if style == "iso":
            return t.strftime("%Y-%m-%d %H:%M:%S")
        if style == "slash":
            return f"{t.year}/{t.month}/{t.day} {t.hour:02d}:{t.minute:02d}"
        if style == "cn_date":
            return f"{t.year}年{t.month}月{t.day}日"
        if style == "cn_minute":
            return f"{t:%Y}年{t:%m}月{t:%d}日 {t:%H}时{t:%M}分"
        if style == "compact":
            return t.strftime("%Y%m%d")
        return round((t - EXCEL_EPOCH).total_seconds() / 86400, 5)  # Excel serial number


class DistrictEvents:
    """Draws incidents for a month and renders them per source."""

    def __init__(self, geo: Geography, reg: Registries, seed: int, total: int, end: date) -> None:
        self.geo, self.reg, self.seed, self.total = geo, reg, seed, total
        self.defects = reg.defects  # planted row defects, counted where they are planted
        self.end = end
        self.now = datetime(end.year, end.month, end.day, 18, 0)
        self.start = self.now - timedelta(days=365)
        self._other_street_names: dict[str, list[str]] = {}
        rng = Random(f"events-{seed}")
        base = [math.exp(rng.gauss(0, 0.6)) for _ in geo.grids]
        for k in rng.sample(range(len(geo.grids)), 20):  # persistent hot grids
            base[k] *= 4
        self.grid_weights = base
        # Emerging hotspots: a grid spikes for one to two weeks, three of them in the last fortnight.
        self.spikes = []
        for n in range(10):
            k = rng.randrange(len(geo.grids))
            start = (
                self.now - timedelta(days=rng.randrange(3, 10))
                if n < 3
                else self.start + timedelta(days=rng.randrange(10, 340))
            )
            self.spikes.append((k, start, start + timedelta(days=rng.choice((7, 10, 14)))))
        camp = date(end.year, 6, 8) if date(end.year, 6, 15) <= end else date(end.year - 1, 6, 8)
        self.campaign = datetime(camp.year, camp.month, camp.day)
        self.workers_by_grid = {
            g.grid_code: g.worker_id or f"JD{g.street_code}{i % 50:02d}" for i, g in enumerate(geo.grids)
        }

    # ---- drawing -----------------------------------------------------------------------------
    def months(self) -> list[tuple[datetime, datetime]]:
        out = []
        cur = datetime(self.start.year, self.start.month, 1)
        while cur <= self.now:
            nxt = datetime(cur.year + cur.month // 12, cur.month % 12 + 1, 1)
            out.append((max(cur, self.start), min(nxt, self.now)))
            cur = nxt
        return out

    def month_count(self, source: str, lo: datetime, hi: datetime) -> int:
        days = (hi - lo).total_seconds() / 86400
        season = 1 + 0.12 * math.sin((lo.month - 4) / 12 * 2 * math.pi)
        return max(1, round(self.total * SOURCE_SHARES[source] * days / 365 * season))

    def _season_factor(self, topic: Topic, month: int) -> float:
        return {
            "summer": 2.0 if month in (6, 7, 8) else 0.8,
            "winter": 1.8 if month in (12, 1, 2) else 0.8,
            "rainy": 3.0 if month in (6, 7) else 0.7,
            "springfestival": 3.0 if month in (1, 2) else 0.7,
        }.get(topic.season, 1.0)

    def draw_time(self, rng: Random, lo: datetime, hi: datetime, hours: tuple[int, int]) -> datetime:
        while True:
            t = lo + timedelta(seconds=rng.uniform(0, (hi - lo).total_seconds()))
            if rng.random() > WEEKDAY_WEIGHTS[t.weekday()] / 1.08:
                continue
            h = min(23, max(0, int(rng.gauss(sum(hours) / 2, (hours[1] - hours[0]) / 3))))
            t = t.replace(hour=h, minute=rng.randrange(60), second=rng.randrange(60), microsecond=0)
            if lo <= t < hi:
                return t

    def draw_grid(self, rng: Random, at: datetime) -> Grid:
        weights = self.grid_weights
        for k, s, e in self.spikes:
            if s <= at < e and rng.random() < 0.04:
                return self.geo.grids[k]
        return rng.choices(self.geo.grids, weights=weights)[0]

    def draw_topic(self, rng: Random, source_index: int, month: int) -> Topic:
        ws = [t.weights[source_index] * self._season_factor(t, month) for t in TOPICS]
        return rng.choices(TOPICS, weights=ws)[0]

    def incident(self, rng: Random, at: datetime, topic: Topic, no_address_share: float) -> Incident:
        grid = self.draw_grid(rng, at)
        buildings = self.reg.buildings_by_grid.get(grid.grid_code, [])
        address = None
        if buildings and rng.random() >= no_address_share:
            address = rng.choice(buildings)
            rooms = self.reg.rooms_by_building.get(address.address_code)
            if rooms and not topic.public_space and rng.random() < 0.45:
                address = rng.choice(rooms)
        named = ""
        if address is not None:
            lng, lat = address.lng, address.lat
            place, named = self.render_place(rng, address)
        else:
            lng, lat = grid.point(rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9))
            place = self.render_no_address(rng, grid)
        # Reporter's position: a few metres to tens of metres from the spot.
        lng += rng.gauss(0, 0.00012)
        lat += rng.gauss(0, 0.0001)
        return Incident(at, grid, address, lng, lat, topic, place, named_code=named)

    def render_address(self, rng: Random, a: Address) -> str:
        return self.render_place(rng, a)[0]

    def render_place(self, rng: Random, a: Address) -> tuple[str, str]:
        """How a reporter writes the place of `a`, and the standard address that text names."""
        others = self._other_street_names.get(a.street_name)
        if others is None:
            names = sorted({b.street_name for b in self.reg.buildings})
            others = self._other_street_names[a.street_name] = [n for n in names if n != a.street_name]
        unique = (
            bool(a.room)
            and [r.room for r in self.reg.rooms_by_building.get(a.parent_code, [])].count(a.room) == 1
        )
        return write_place(rng, a, others or [a.street_name], unique, self._spoken_estate_name(a.estate))

    def _spoken_estate_name(self, estate: str) -> str:
        """The estate's name without its generic end, as residents say it, when that names no other
        estate of the district (people shorten a name only as far as it stays theirs); '' otherwise."""
        if not estate:
            return ""
        spoken = self.__dict__.get("_spoken")
        if spoken is None:
            estates = {b.estate for b in self.reg.buildings if b.estate}
            starts = Counter(estate_start(e) for e in estates)
            spoken = self._spoken = {
                e: estate_start(e)
                for e in estates
                if estate_start(e) != e and starts[estate_start(e)] == 1 and estate_start(e) not in estates
            }
        return spoken.get(estate, "")

    def render_no_address(self, rng: Random, grid: Grid) -> str:
        roads = self.reg.roads_by_community.get(grid.community_code) or list(ROADS[:2])
        comm = self.reg.community_org_names.get(grid.community_code, "")
        r1 = rng.choice(roads)
        r2 = rng.choice([r for r in ROADS if r != r1])
        return rng.choice(
            (f"{r1}与{r2}交叉口", f"{r1}沿线", f"{comm}{r1}路段", f"{r1}公交站台{rng.choice(NOISE_WORDS)}")
        )

    # ---- lifecycle ----------------------------------------------------------------------------
    def lifecycle(
        self, rng: Random, t0: datetime, deadline_h: float, *, dispatch_mean_min: float = 40
    ) -> Lifecycle:
        """Step times of one event. Every random draw happens up front, whatever the outcome,
        so re-rendering the same month at an earlier "now" reproduces the same events."""
        (cancel_r, ext_r, roll, rework_r, rework2_r, ret_r, sat_r, flip_r) = (rng.random() for _ in range(8))
        dispatch_delay = rng.expovariate(1 / dispatch_mean_min)
        beta, expo, backlog = rng.betavariate(2, 4), rng.expovariate(1 / 0.6), rng.random()
        deadline = t0 + timedelta(hours=deadline_h)
        cancelled = cancel_r < 0.012
        dispatched = t0 + timedelta(minutes=dispatch_delay)
        extended = ext_r < 0.03
        if extended:
            deadline += timedelta(hours=deadline_h)
        if roll < 0.88:
            frac = beta * 0.97
        elif roll < 0.994:
            frac = 1.02 + expo
        else:
            frac = 3 + backlog * 9  # the backlog: still open weeks after its deadline
        span = min((deadline - dispatched).total_seconds() * frac, LONGEST_OPEN_S)
        handled = dispatched + timedelta(seconds=max(600, span * 0.85))
        reworks = 0
        if rework_r < 0.04:
            reworks = 1 if rework2_r < 0.8 else 2
            handled += timedelta(seconds=span * 0.1 * reworks)
        verified = handled + timedelta(seconds=max(300, span * 0.1))
        closed = verified + timedelta(seconds=max(60, span * 0.05))
        returned = False
        if cancelled:
            handled = verified = closed = None
        else:
            if closed > self.now:
                closed = None
                if verified > self.now:
                    verified = None
                if handled > self.now:
                    handled = None
            if dispatched > self.now:
                dispatched = None
            returned = closed is None and ret_r < 0.04
        sat = ""
        if closed is not None:
            sat = ("满意", "基本满意", "不满意", "未回访")[
                0 if sat_r < 0.72 else 1 if sat_r < 0.87 else 2 if sat_r < 0.93 else 3
            ]
            if closed > deadline and sat == "满意" and flip_r < 0.4:
                sat = "不满意"
        return Lifecycle(
            dispatched, handled, verified, closed, deadline, extended, reworks, cancelled, returned, sat
        )

    # ---- naming -------------------------------------------------------------------------------
    def street_office_alias(self, rng: Random, street_code: str) -> str:
        office = self.reg.street_org_names[street_code]
        street = office.removesuffix("办事处")
        return rng.choices(
            (office, street, f"秦淮区{office}", f"{street.removesuffix('街道')}街办"), weights=(5, 3, 1, 1)
        )[0]

    def dept_alias(self, rng: Random, suffix: str) -> str:
        names = DEPT_ALIASES[suffix]
        return names[0] if rng.random() < 0.6 else rng.choice(names)


def maybe_null(rng: Random, value: object, p: float = 0.02) -> object:
    return rng.choice(NULL_WORDS) if rng.random() < p else value


def noisy_text(rng: Random, text: str) -> str:
    r = rng.random()
    if r < 0.02:
        return f"  {text} "
    if r < 0.04:
        return text.replace("，", "，\n", 1)
    return text


def epoch_ms(t: datetime) -> int:
    return int(t.replace(tzinfo=CST).timestamp() * 1000)


def iso_cst(t: datetime) -> str:
    return t.replace(tzinfo=CST).isoformat(timespec="seconds")


Row = list
TruthRow = tuple[str, str, str, str, str]


@dataclass
class Twin:
    """A cross-channel duplicate waiting to be written by another source."""

    incident: Incident
    source: str

    def report_again(self, ev: DistrictEvents, rng: Random, minutes: tuple[float, float]) -> Incident:
        """The same incident as another channel reports it: later, a few metres off, in other words."""
        first = self.incident
        place, named = ev.render_place(rng, first.address)
        return Incident(
            first.at + timedelta(minutes=rng.uniform(*minutes)),
            first.grid,
            first.address,
            first.lng + rng.gauss(0, 0.00008),
            first.lat + rng.gauss(0, 0.00008),
            first.topic,
            place,
            first.group,
            named,
        )


def hotline_rows(
    ev: DistrictEvents,
    rng: Random,
    lo: datetime,
    hi: datetime,
    style: DateStyle,
    twins: list[Twin] | None,
    truth: list[TruthRow] | None,
    long_numbers: bool,
    as_of: datetime | None = None,
) -> Iterator[Row]:
    n = ev.month_count("hotline_12345", lo, hi)
    seq = 0
    times = sorted(ev.draw_time(rng, lo, hi, (8, 20)) for _ in range(n))
    saved_now = ev.now
    if as_of is not None:
        ev.now = as_of
    try:
        base = rng.randrange(2**40)
        for t0 in times:
            seq += 1
            topic = ev.draw_topic(rng, 0, t0.month)
            inc = ev.incident(rng, t0, topic, no_address_share=0.05)
            urgency = rng.choices(("一般", "紧急", "特急"), weights=(90, 9, 1))[0]
            deadline_h = {"一般": topic.deadline_hours, "紧急": min(24, topic.deadline_hours), "特急": 2}[
                urgency
            ]
            if urgency == "一般" and topic.working_days:
                # counted in working days from the day after receipt, on the official calendar
                deadline_h = (working_day_deadline(t0, topic.working_days) - t0).total_seconds() / 3600
            lc = ev.lifecycle(rng, t0, deadline_h)
            if as_of is not None and t0 >= as_of:
                continue  # an earlier export only holds the orders that existed then
            rng_structure, rng = rng, Random(base + seq)  # rendering draws: per order, so re-exports agree
            twin_r, target_r, resolved_r, blank_r = rng.random(), rng.random(), rng.random(), rng.random()
            request_type = rng.choices(REQUEST_TYPES, weights=REQUEST_TYPE_WEIGHTS)[0]
            direct_r, direct_min, dispatch_r, dispatch_min = (
                rng.random(),
                rng.randint(3, 25),
                rng.random(),
                rng.randint(0, 5),
            )
            direct = (
                not lc.cancelled
                and direct_r
                < (DIRECT_CLOSURE_SHARE_ENQUIRY if request_type == "咨询" else DIRECT_CLOSURE_SHARE_OTHER)
                and t0 + timedelta(minutes=direct_min) <= ev.now
            )
            if direct:
                # closed on the phone (直办, 即时办结): closed minutes after acceptance, then either never
                # dispatched or dispatched at or after the close (the system records a pro-forma dispatch)
                closed = t0 + timedelta(minutes=direct_min)
                dispatched = None if dispatch_r < 0.6 else closed + timedelta(minutes=dispatch_min)
                lc = Lifecycle(
                    dispatched, None, None, closed, lc.deadline, False, 0, False, False, lc.satisfaction
                )
                ev.defects[
                    "hotline_12345 direct closures (closed at or before dispatch; a lifecycle path)"
                ] += 1
            order_no = f"{t0:%Y%m%d}{seq:08d}" if long_numbers else f"GD{t0:%Y%m%d}{seq:06d}"
            if blank_r < 0.0005:
                order_no = ""  # planted: an order exported without its number
                ev.defects["hotline_12345.work_order_no.missing (rejected by the loader)"] += 1
            if lc.cancelled:
                status = "已撤销"
            elif lc.closed is not None:
                status = "已办结"
            elif lc.returned:
                status = "已退回"
            elif lc.extended:
                status = "延期中"
            elif lc.dispatched is None:
                status = "待签收"
            else:
                status = "办理中"
            level = rng.random()
            if direct:
                unit = ""  # a direct closure has no handling unit
            elif level < 0.62:
                unit = ev.street_office_alias(rng, inc.grid.street_code)
            elif level < 0.70:
                unit = ev.reg.community_org_names[inc.grid.community_code] + rng.choice(("", "居委会"))
            else:
                unit = ev.dept_alias(rng, topic.department)
            phone = mobile(rng)
            if rng.random() < 0.02:
                phone = to_fullwidth(phone)
            content = topic.description.format(place=inc.place)
            r = rng.random()
            if r < 0.05:
                content += f"，联系人电话{mobile(rng)}"
            elif r < 0.06 and ev.reg.buildings:  # the caller says where they live, then the place
                home = rng.choice(ev.reg.buildings)
                content = rng.choice(HOME_WORDS).format(home=f"{home.estate}{home.building}") + content
            eligible = topic.city_mgmt is not None or topic.grid_category is not None
            if (
                lc.closed is not None
                and inc.address is not None
                and twins is not None
                and eligible
                and twin_r < DUPLICATE_SHARE / 0.9
            ):
                inc.group = f"DG{order_no or seq}"
                target = "city_mgmt" if topic.city_mgmt is not None and target_r < 0.4 else "grid_report"
                twins.append(Twin(inc, target))
            if truth is not None and order_no:
                truth.append(
                    (
                        "hotline_12345",
                        order_no,
                        inc.grid.grid_code,
                        inc.named_code,
                        inc.group,
                    )
                )
            resolved = (
                ""
                if lc.closed is None
                else ("已解决" if lc.satisfaction in ("满意", "基本满意") or resolved_r < 0.5 else "未解决")
            )
            yield [
                order_no,
                style(t0),
                maybe_null(rng, person_name(rng), 0.03),
                maybe_null(rng, phone, 0.01),
                rng.choices(CHANNELS, weights=CHANNEL_WEIGHTS)[0],
                request_type,
                topic.path_12345 if rng.random() < 0.8 else topic.path_12345.replace(">", "/"),
                urgency,
                noisy_text(
                    rng,
                    pointer_or_place(
                        rng,
                        inc.place,
                        inc.address.street_name if inc.address else "",
                        inc.address.estate if inc.address and inc.address.building else "",
                    ),
                ),
                noisy_text(rng, content),
                unit,
                style(lc.dispatched),
                style(lc.deadline),
                style(lc.closed),
                status,
                (lc.satisfaction or "未回访") if lc.closed else "",
                resolved,
            ]
            rng = rng_structure
    finally:
        ev.now = saved_now


def city_rows(
    ev: DistrictEvents,
    rng: Random,
    lo: datetime,
    hi: datetime,
    style: DateStyle,
    twins: list[Twin],
    truth: list[TruthRow],
    damage_grid_codes: bool,
    rare_char: bool,
) -> Iterator[Row]:
    n = ev.month_count("city_mgmt", lo, hi)
    items: list[tuple[datetime, Incident, str]] = []
    for _ in range(n):
        t0 = ev.draw_time(rng, lo, hi, (7, 18))
        topic = ev.draw_topic(rng, 1, t0.month)
        origin = rng.choices(("监督员上报", "公众举报", "视频发现", "部门上报"), weights=(70, 10, 15, 5))[0]
        items.append((t0, ev.incident(rng, t0, topic, no_address_share=0.2), origin))
    for tw in twins:
        if tw.source == "city_mgmt":
            inc = tw.report_again(ev, rng, minutes=(30, 360))
            items.append((inc.at, inc, "12345转办"))
    items.sort(key=lambda x: x[0])
    for seq, (t0, inc, origin) in enumerate(items, start=1):
        case_type, major, minor, code = inc.topic.city_mgmt
        case_no = f"{t0:%Y%m%d}{seq:05d}"
        limit_h = inc.topic.deadline_hours if case_type == "事件" else max(48, inc.topic.deadline_hours)
        lc = ev.lifecycle(rng, t0, limit_h, dispatch_mean_min=25)
        registered = t0 + timedelta(minutes=rng.uniform(3, 30)) if lc.dispatched else None
        if registered and lc.dispatched and registered > lc.dispatched:
            registered, lc.dispatched = lc.dispatched, registered
        if lc.cancelled:
            status = "已作废"
        elif lc.closed:
            status = "已结案"
        elif lc.verified is None and lc.handled is not None:
            status = "待核查"
        elif lc.handled is None and lc.dispatched is not None:
            status = "处置中"
        elif lc.dispatched is not None:
            status = "已派遣"
        else:
            status = "待立案"
        gx, gy = from_wgs84(inc.lng, inc.lat, "GCJ02")
        grid_code = inc.grid.grid_code
        r = rng.random()
        if r < 0.02:
            nb = ev.geo.neighbours(inc.grid)
            grid_code = rng.choice(nb).grid_code if nb else grid_code
            if grid_code != inc.grid.grid_code:
                ev.defects["warehouse.grid.matches_reported"] += 1
        elif r < 0.03:
            grid_code = ""
        elif damage_grid_codes and r < 0.05:
            grid_code = f"{int(grid_code) / 10**14:.5f}E+14"  # opened and saved in Excel
            ev.defects["city_mgmt.reported_grid_code.not_damaged"] += 1
        street_office = ev.street_office_alias(rng, inc.grid.street_code)
        community = ev.reg.community_org_names[inc.grid.community_code]
        unit = (
            ev.dept_alias(rng, inc.topic.department)
            if rng.random() < 0.45
            else ev.street_office_alias(rng, inc.grid.street_code)
        )
        desc = inc.topic.description.format(place=inc.place)
        if rare_char and seq % 97 == 0:
            desc += "（当事人：王䶮）"  # a name only GB18030 can encode
        truth.append(
            (
                "city_mgmt",
                case_no,
                inc.grid.grid_code,
                inc.named_code,
                inc.group,
            )
        )
        yield [
            case_no,
            origin,
            case_type,
            major,
            minor,
            maybe_null(rng, f"{code}", 0.1) if rng.random() > 0.05 else "",
            noisy_text(rng, desc),
            inc.place,
            street_office if rng.random() < 0.5 else street_office.replace("办事处", ""),
            community,
            grid_code,
            f"{gx:.6f}",
            f"{gy:.6f}",
            style(t0),
            style(registered),
            style(lc.dispatched),
            style(lc.handled),
            style(lc.verified),
            style(lc.closed),
            unit,
            str(limit_h),
            str(lc.reworks),
            status,
        ]


def grid_records(
    ev: DistrictEvents,
    rng: Random,
    lo: datetime,
    hi: datetime,
    twins: list[Twin],
    truth: list[TruthRow],
    campaign_extra: int,
) -> Iterator[dict]:
    n = ev.month_count("grid_report", lo, hi)
    items: list[tuple[datetime, Incident]] = []
    for _ in range(n):
        t0 = ev.draw_time(rng, lo, hi, (8, 17))
        items.append((t0, ev.incident(rng, t0, ev.draw_topic(rng, 2, t0.month), no_address_share=0.15)))
    campaign_end = ev.campaign + timedelta(days=7)
    if campaign_extra and lo <= ev.campaign < hi:
        topic = TOPIC_BY_KEY[CAMPAIGN_TOPIC]
        for _ in range(campaign_extra):
            t0 = ev.draw_time(rng, ev.campaign, min(campaign_end, hi), (8, 18))
            inc = ev.incident(rng, t0, topic, no_address_share=0.05)
            inc.group = "campaign"
            items.append((t0, inc))
    for tw in twins:
        if tw.source == "grid_report":
            inc = tw.report_again(ev, rng, minutes=(20, 300))
            items.append((inc.at, inc))
    items.sort(key=lambda x: x[0])
    for seq, (t0, inc) in enumerate(items, start=1):
        campaign = inc.group == "campaign"
        if campaign:
            inc.group = ""
        topic = inc.topic
        event_id = f"GR{t0:%Y%m%d%H%M}{seq:06d}"
        if campaign:
            level = "区" if rng.random() < 0.001 else "街道"
        else:
            level = rng.choices(("社区", "街道", "区"), weights=(78.1, 21.6, 0.3))[0]
        deadline_h = 168 if level != "区" else 360
        lc = ev.lifecycle(
            rng, t0, deadline_h if level == "社区" else min(deadline_h, 168), dispatch_mean_min=15
        )
        # The worker reporting is usually the grid's own; sometimes one from the next grid over.
        worker_grid = inc.grid
        if rng.random() < 0.05:
            nb = ev.geo.neighbours(inc.grid)
            worker_grid = rng.choice(nb) if nb else inc.grid
        sys = rng.choices(("WGS84", None, "GCJ02", "BD09"), weights=(60, 15, 20, 5))[0]
        lng, lat = from_wgs84(inc.lng, inc.lat, sys or "WGS84")
        community = ev.reg.community_org_names[inc.grid.community_code]
        street_office = ev.reg.street_org_names[inc.grid.street_code]
        org = {"社区": community, "街道": street_office, "区": DEPT_NAME[topic.department]}[level]
        use_ms = rng.random() < 0.3

        def at(t: datetime | None, use_ms: bool = use_ms) -> object:
            if t is None:
                return None
            return epoch_ms(t) if use_ms else iso_cst(t)

        steps = [{"step": "上报", "at": at(t0), "org": community}]
        if lc.dispatched:
            steps.append({"step": "受理", "at": at(t0 + (lc.dispatched - t0) / 2), "org": community})
            if level != "社区":
                steps.append({"step": "派遣", "at": at(lc.dispatched), "org": org})
        if lc.handled:
            steps.append({"step": "处置", "at": at(lc.handled), "org": org})
        if lc.verified:
            steps.append({"step": "核查", "at": at(lc.verified), "org": community})
        if lc.closed:
            steps.append({"step": "办结", "at": at(lc.closed), "org": community})
            if lc.satisfaction and lc.satisfaction != "未回访":
                steps.append({"step": "评价", "at": at(lc.closed + timedelta(days=1)), "org": community})
        status = (
            "已作废"
            if lc.cancelled
            else "已办结"
            if lc.closed
            else "待核查"
            if lc.handled
            else "处置中"
            if lc.dispatched
            else "待受理"
        )
        blank_id = rng.random() < 0.0005  # planted: a report without its number
        if blank_id:
            ev.defects["grid_report.report_id.missing (rejected by the loader)"] += 1
        if worker_grid.grid_code != inc.grid.grid_code:
            ev.defects["warehouse.grid.matches_reported"] += 1
        rec = {
            "event_id": "" if blank_id else event_id,
            "grid_code": worker_grid.grid_code,
            "reporter_id": ev.workers_by_grid[worker_grid.grid_code],
            "reported_at": at(t0),
            "category": topic.grid_category,
            "description": topic.description.format(place=inc.place),
            "address": inc.place,
            "lng": round(lng, 6),
            "lat": round(lat, 6),
            "photos": [f"photos/{t0:%Y%m}/{event_id}_{k}.jpg" for k in range(rng.choice((0, 1, 1, 2, 3)))],
            "self_handled": level == "社区",
            "handle_level": level,
            "status": status,
            "steps": steps,
            "closed_at": at(lc.closed),
            "evaluation": lc.satisfaction or None,
        }
        if sys is not None:
            rec["coord_sys"] = sys
        if rec["event_id"]:
            truth.append(
                (
                    "grid_report",
                    event_id,
                    inc.grid.grid_code,
                    inc.named_code,
                    inc.group,
                )
            )
        yield rec


def petition_rows(
    ev: DistrictEvents,
    rng: Random,
    lo: datetime,
    hi: datetime,
    style: DateStyle,
    truth: list[TruthRow],
    earlier: list[str],
    numbers_as_text: bool = False,  # the export is CSV: a number Excel made of an ID shows as 3.2E+17
) -> Iterator[Row]:
    n = ev.month_count("petition", lo, hi)
    days = sorted(ev.draw_time(rng, lo, hi, (9, 16)) for _ in range(n))
    for seq, t0 in enumerate(days, start=1):
        petition_no = f"XF{t0:%Y%m%d}{seq:04d}"
        category = rng.choices(PETITION_CATEGORIES, weights=PETITION_CATEGORY_WEIGHTS)[0]
        has_place = rng.random() < 0.6
        grid = ev.draw_grid(rng, t0)
        address = None
        named = ""
        place = ev.reg.community_org_names[grid.community_code]
        if has_place and ev.reg.buildings_by_grid.get(grid.grid_code):
            address = rng.choice(ev.reg.buildings_by_grid[grid.grid_code])
            place, named = ev.render_place(rng, address)
        person = rng.choice(ev.reg.people)
        registered = t0.replace(hour=0, minute=0, second=0)
        accepted = registered + timedelta(
            days=rng.choices((rng.randrange(0, 15), rng.randrange(15, 30)), weights=(93, 7))[0]
        )
        due = accepted + timedelta(days=60)
        extended = rng.random() < 0.05
        if extended:
            due += timedelta(days=30)
        roll = rng.random()
        closed = accepted + timedelta(days=rng.randrange(5, 58) if roll < 0.88 else rng.randrange(60, 120))
        accepted_out = accepted if accepted <= ev.now else None
        closed_out = closed if closed <= ev.now and accepted_out else None
        repeat = bool(earlier) and rng.random() < 0.15
        people_count = rng.choices((1, 2, 3, rng.randrange(5, 40)), weights=(80, 10, 6, 4))[0]
        street = ev.reg.street_org_names[grid.street_code].removesuffix("办事处")
        if rng.random() < 0.2:
            street += "办事处"
        unit = (
            ev.dept_alias(rng, PETITION_DEPARTMENT[category])
            if rng.random() < 0.5
            else ev.street_office_alias(rng, grid.street_code)
        )
        idn: object = person[1]
        if idn and rng.random() < 0.004:
            idn = float(idn[:17] + "0")  # planted: an ID number stored as a number in Excel
            # in a CSV it reads "3.20104E+17" (damaged); in a workbook, 18 digits with a wrong check
            if numbers_as_text:
                ev.defects["petition.petitioner_id_number.not_damaged"] += 1
            elif id_number_problem(f"{int(idn)}") is not None:
                ev.defects["petition.petitioner_id_number.gb11643"] += 1
            else:  # the rounded number happens to carry a valid check character
                ev.defects["petition.petitioner_id_number (rounded by Excel into another valid ID)"] += 1
        if isinstance(idn, str) and idn and id_number_problem(idn) is not None:  # a registry typo
            ev.defects["petition.petitioner_id_number.gb11643"] += 1
        sat = ""
        if closed_out:
            sat = rng.choices(
                ("满意", "基本满意", "不满意", "未评价", "超期未评价"), weights=(60, 20, 8, 8, 4)
            )[0]
        truth.append(
            (
                "petition",
                petition_no,
                grid.grid_code if has_place else "",
                named,
                "",
            )
        )
        yield [
            petition_no,
            style(registered),
            rng.choices(("来信", "来电", "来访", "网上信访"), weights=(15, 10, 30, 45))[0],
            person[0],
            idn,
            maybe_null(rng, person[5], 0.02),
            people_count,
            "是" if people_count >= 5 else "否",
            "是" if repeat else "否",
            rng.choice(earlier) if repeat else "",
            street,
            category,
            rng.choices(("求决", "申诉", "建议", "揭发控告", "咨询"), weights=(60, 15, 8, 7, 10))[0],
            PETITION_SUMMARY[category].format(place=place),
            unit,
            style(accepted_out),
            style(due if accepted_out else None),
            style(closed_out),
            sat,
            "是" if closed_out and rng.random() < 0.05 else "否",
            "否",
        ]
        earlier.append(petition_no)
        if len(earlier) > 5000:
            del earlier[:2500]
