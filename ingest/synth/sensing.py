"""The demo district's two newer sources: IoT sensors (a device register and its alerts, after a
district of Fuling's size — 55 devices, ~700 alerts in half a year) and the online message board
(网上问政), whose posts carry no category and no address column: the place is inside the text, as
citizens write it — sometimes precise, sometimes only an estate, sometimes nowhere."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from random import Random

from .events import DistrictEvents, Incident, TruthRow
from .topics import TOPIC_BY_KEY

DEVICES = 55

# device type → (alert kinds it raises with weights, topic key, share of the register)
DEVICE_TYPES = {
    "烟感探测器": ((("烟感告警", 8), ("设备离线", 2)), "ebike_charging", 0.40),
    "可燃气体探测器": ((("可燃气体浓度超限", 7), ("设备离线", 3)), "gas_fault", 0.20),
    "水位监测仪": ((("水位超限", 8), ("设备离线", 2)), "waterlogging", 0.15),
    "智能井盖": ((("井盖倾斜", 9), ("设备离线", 1)), "manhole", 0.15),
    "消防通道监测摄像头": ((("消防通道占用", 9), ("设备离线", 1)), "ebike_charging", 0.10),
}
LEVEL_HOURS = {"一级": 1, "二级": 4, "三级": 24}


@dataclass(frozen=True)
class Device:
    device_id: str
    device_type: str
    name: str
    incident: Incident  # where it is installed (address, grid, point)


def devices(ev: DistrictEvents, seed: int) -> list[Device]:
    """The sensor register: devices installed at real addresses of the district."""
    rng = Random(f"devices-{seed}")
    out = []
    kinds = list(DEVICE_TYPES)
    weights = [DEVICE_TYPES[k][2] for k in kinds]
    for i in range(DEVICES):
        kind = rng.choices(kinds, weights=weights)[0]
        topic = TOPIC_BY_KEY[DEVICE_TYPES[kind][1]]
        inc = ev.incident(rng, ev.start, topic, no_address_share=0.0)
        out.append(Device(f"IOT{3201040000 + i * 37:010d}", kind, f"{kind}-{i + 1:03d}", inc))
    return out


def device_rows(register: list[Device], rng: Random) -> Iterator[list]:
    for d in register:
        a = d.incident.address
        place = a.full_address if a is not None else d.incident.place
        yield [
            d.device_id,
            d.device_type,
            d.name,
            place,
            f"{d.incident.lng:.6f}",
            f"{d.incident.lat:.6f}",
            f"{2024 + rng.randrange(2)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 28):02d}",
            rng.choice(("区城管局", "区应急管理局", "区消防救援大队", "区住建局")),
        ]


def alert_rows(
    ev: DistrictEvents, rng: Random, lo: datetime, hi: datetime, register: list[Device], truth: list[TruthRow]
) -> Iterator[list]:
    n = ev.month_count("iot_alert", lo, hi)
    for k in range(n):
        d = rng.choice(register)
        kinds, weights = zip(*DEVICE_TYPES[d.device_type][0], strict=True)
        kind = rng.choices(kinds, weights=weights)[0]
        level = "三级" if kind == "设备离线" else rng.choices(("一级", "二级", "三级"), weights=(2, 5, 3))[0]
        t0 = lo + timedelta(seconds=rng.uniform(0, (hi - lo).total_seconds()))
        t0 = t0.replace(microsecond=0)
        alert_id = f"GJ{t0:%Y%m%d}{k:05d}"
        false_alarm = rng.random() < 0.12
        limit = timedelta(hours=LEVEL_HOURS[level])
        dispatched = t0 + timedelta(minutes=rng.randint(1, 15))
        handled = dispatched + limit * rng.betavariate(2, 3) * (1.6 if rng.random() < 0.08 else 0.9)
        cleared = handled + timedelta(minutes=rng.randint(2, 40))
        if false_alarm:
            handled, cleared, status = None, dispatched + timedelta(minutes=rng.randint(5, 60)), "误报"
        else:
            status = "已解除"
        if cleared > ev.now:
            cleared = None
            status = "处置中" if dispatched <= ev.now else "未处理"
            if handled is not None and handled > ev.now:
                handled = None
        notes = {
            "误报": "现场核实为误报，已复位",
            "已解除": rng.choice(
                ("现场处置完毕，告警解除", "已通知物业处理，现场恢复正常", "已联系责任单位整改")
            ),
        }.get(status, "")
        topic = TOPIC_BY_KEY[DEVICE_TYPES[d.device_type][1]]
        if rng.random() < 0.3:
            unit = ev.street_office_alias(rng, d.incident.grid.street_code)
        else:
            unit = ev.dept_alias(rng, topic.department)
        named = d.incident.address.address_code if d.incident.address is not None else ""
        truth.append(("iot_alert", alert_id, d.incident.grid.grid_code, named, ""))
        yield [
            alert_id,
            d.device_id,
            f"{t0:%Y-%m-%d %H:%M:%S}",
            kind,
            level,
            f"{dispatched:%Y-%m-%d %H:%M:%S}" if dispatched <= ev.now else "",
            f"{handled:%Y-%m-%d %H:%M:%S}" if handled else "",
            f"{cleared:%Y-%m-%d %H:%M:%S}" if cleared else "",
            status,
            unit,
            notes,
        ]


# Message-board subjects as people title them; {place} is where they write the place, if anywhere.
SUBJECTS = (
    "关于{place}{what}的问题",
    "反映{place}{what}",
    "{place}{what}，希望尽快解决",
    "强烈要求解决{place}{what}问题",
    "{what}问题何时能解决？",
    "请相关部门管管{place}{what}",
)
# topics the message board hears about beyond the demo's 12345 topics (category from the text only)
BOARD_ONLY = (
    (
        "开发商逾期交房",
        "我们是{place}的业主，开发商承诺的交房时间已经过去半年，至今没有消息，请住建部门督促。",
    ),
    ("学校周边交通拥堵", "{place}附近的小学每天放学时段交通拥堵严重，接送孩子的车辆乱停，存在安全隐患。"),
    ("公积金提取咨询", "请问异地购房能否提取住房公积金？需要准备哪些材料？"),
    ("养老保险转移接续", "本人从外地调入南京工作，养老保险转移手续办了三个月还没有办好，请问进度如何查询。"),
    ("小区违章搭建", "{place}有住户在楼顶私搭乱建，违章建筑影响邻居采光，多次反映无果。"),
)


def message_rows(ev: DistrictEvents, rng: Random, lo: datetime, hi: datetime) -> Iterator[list]:
    """Posts of one month. Not in the truth file: their place is read from free text, measured apart."""
    n = ev.month_count("message_board", lo, hi)
    for k in range(n):
        t0 = ev.draw_time(rng, lo, hi, (7, 23))
        if rng.random() < 0.2:
            what, body = rng.choice(BOARD_ONLY)
            topic = ev.draw_topic(rng, 0, t0.month)
        else:
            topic = ev.draw_topic(rng, 0, t0.month)
            what, body = "", ""
        inc = ev.incident(rng, t0, topic, no_address_share=0.1)
        where = rng.random()
        place = (
            inc.place if where < 0.7 else (inc.address.estate if inc.address and inc.address.estate else "")
        )
        if not what:
            what = topic.description.format(place="").lstrip("，,的在")[:14]
            body = topic.description.format(place=place or "我家附近")
        subject = rng.choice(SUBJECTS).format(place=place if rng.random() < 0.6 else "", what=what)
        content = body.format(place=place or "我们小区")
        if rng.random() < 0.5:
            content = f"\n\t\t\t\t\t\t\n\t\t\t\t\t\t{content}\n\t\t\t\t\t\t\n"  # padding real exports carry
        if rng.random() < 0.3:
            content += "已经反映多次，希望领导重视！"
        replied = t0 + timedelta(days=rng.uniform(1, 16))
        if replied > ev.now or rng.random() < 0.05:
            reply, replied_text = "", ""
        else:
            reply = "网友您好！您反映的问题已转相关部门核实处理，感谢您对我们工作的关注与支持。"
            replied_text = (
                f"{replied:%Y/%m/%d %H:%M:%S}" if rng.random() < 0.5 else f"{replied:%Y-%m-%d %H:%M:%S}"
            )
        posted = f"{t0:%Y/%m/%d %H:%M:%S}" if rng.random() < 0.5 else f"{t0:%Y-%m-%d %H:%M:%S}"
        yield [
            f"LY{t0:%Y%m}{k:05d}",
            f"A{rng.randrange(10**8, 10**9)}",  # desensitised user ids, as real exports give them
            subject,
            posted,
            content,
            reply,
            replied_text,
            str(rng.randrange(0, 40)),
            str(rng.randrange(0, 5)),
        ]
