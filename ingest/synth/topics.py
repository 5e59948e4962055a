"""What happens in the demo district: event topics and how each source names them.

One row per topic: the 12345 classification path, the city-management case type /
major / minor class and minor code (None when city management does not handle it), the
grid-report category, the season it peaks in, the district department that owns it,
and the 12345 deadline in hours. These are the generator's truth; the warehouse must
rebuild the unified taxonomy from the exports alone (through its own seeds).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    key: str
    path_12345: str | None
    city_mgmt: tuple[str, str, str, str] | None  # case_type, major, minor, major+minor code
    grid_category: str | None
    description: str
    season: str | None  # summer | winter | rainy | springfestival | None
    department: str  # dept code suffix (names.DEPARTMENTS)
    weights: tuple[float, float, float]  # relative share in 12345, city_mgmt, grid_report
    deadline_hours: int = 168
    public_space: bool = True  # happens in the street rather than a flat


TOPICS: tuple[Topic, ...] = (
    Topic(
        "street_vending",
        "城乡建设>市容环境>占道经营",
        ("事件", "街面秩序", "占道经营", "0401"),
        "环境卫生",
        "{place}有流动摊贩占道经营，影响行人通行",
        None,
        "101",
        (6, 14, 6),
        48,
    ),
    Topic(
        "exposed_garbage",
        "城乡建设>市容环境>暴露垃圾",
        ("事件", "市容环境", "暴露垃圾", "0101"),
        "环境卫生",
        "{place}垃圾堆放多日无人清运，气味难闻",
        "summer",
        "101",
        (5, 16, 9),
        24,
    ),
    Topic(
        "illegal_ads",
        "城乡建设>市容环境>非法小广告",
        ("事件", "宣传广告", "非法小广告", "0201"),
        "环境卫生",
        "{place}墙面张贴大量非法小广告",
        None,
        "101",
        (1, 12, 3),
        48,
    ),
    Topic(
        "construction_noise",
        "环境保护>噪声污染>施工噪声",
        ("事件", "施工管理", "施工扰民", "0301"),
        "矛盾纠纷",
        "{place}附近工地夜间施工，噪声扰民",
        "summer",
        "103",
        (6, 4, 2),
        72,
    ),
    Topic(
        "manhole",
        "城乡建设>道路设施>井盖缺损",
        ("部件", "公用设施", "井盖缺损", "0105"),
        "安全隐患",
        "{place}井盖破损缺失，存在安全隐患",
        None,
        "101",
        (2, 8, 3),
        24,
    ),
    Topic(
        "street_light",
        "城乡建设>道路设施>路灯不亮",
        ("部件", "公用设施", "路灯", "0112"),
        "安全隐患",
        "{place}路灯不亮，夜间出行不便",
        "winter",
        "101",
        (2, 6, 2),
        72,
    ),
    Topic(
        "road_damage",
        "城乡建设>道路设施>道路破损",
        ("部件", "道路交通", "道路破损", "0208"),
        "安全隐患",
        "{place}路面坑洼破损，车辆行人通行困难",
        "rainy",
        "111",
        (3, 7, 3),
        168,
    ),
    Topic(
        "piled_materials",
        "城乡建设>市容环境>乱堆乱放",
        ("事件", "街面秩序", "乱堆物堆料", "0405"),
        "环境卫生",
        "{place}楼道和路边乱堆杂物",
        None,
        "101",
        (2, 9, 7),
        48,
    ),
    Topic(
        "waterlogging",
        "城乡建设>排水设施>道路积水",
        ("事件", "突发事件", "道路积水", "0601"),
        "安全隐患",
        "{place}暴雨后严重积水，请尽快排水",
        "rainy",
        "104",
        (2, 3, 2),
        12,
    ),
    Topic(
        "fallen_tree",
        "城乡建设>园林绿化>树木倒伏",
        ("部件", "园林绿化", "行道树", "0401"),
        "安全隐患",
        "{place}行道树倒伏，压住电线",
        "rainy",
        "101",
        (1, 3, 1),
        24,
    ),
    Topic(
        "illegal_parking",
        "交通运输>停车管理>违章停车",
        None,
        "其他",
        "{place}车辆乱停乱放，堵塞消防通道",
        None,
        "105",
        (6, 0, 3),
        72,
    ),
    Topic(
        "living_noise",
        "环境保护>噪声污染>社会生活噪声",
        None,
        "矛盾纠纷",
        "{place}广场舞音响声音过大，影响休息",
        "summer",
        "108",
        (5, 0, 2),
        72,
    ),
    Topic(
        "cooking_fumes",
        "环境保护>大气污染>油烟扰民",
        None,
        "环境卫生",
        "{place}餐饮店油烟直排，影响居民",
        "summer",
        "108",
        (3, 0, 2),
        168,
    ),
    Topic(
        "property_service",
        "城乡建设>物业管理>物业服务",
        None,
        "民生服务",
        "{place}物业不作为，电梯长期故障无人维修",
        None,
        "114",
        (9, 0, 4),
        168,
        False,
    ),
    Topic(
        "roof_leak",
        "城乡建设>房屋管理>房屋漏水",
        None,
        "民生服务",
        "{place}房屋漏水严重，楼上住户拒不维修",
        "rainy",
        "114",
        (5, 0, 2),
        168,
        False,
    ),
    Topic(
        "water_outage",
        "公共服务>供水>停水",
        None,
        "民生服务",
        "{place}突然停水，未接到任何通知",
        "summer",
        "104",
        (4, 0, 1),
        24,
        False,
    ),
    Topic(
        "gas_fault",
        "公共服务>燃气>燃气故障",
        None,
        "安全隐患",
        "{place}闻到燃气味，担心泄漏",
        "winter",
        "112",
        (2, 0, 1),
        2,
        False,
    ),
    Topic(
        "unpaid_wages",
        "劳动社保>劳动关系>拖欠工资",
        None,
        "矛盾纠纷",
        "反映在{place}附近工地务工，被拖欠工资三个月",
        "springfestival",
        "110",
        (4, 0, 1),
        360,
    ),
    Topic(
        "consumer_dispute",
        "市场监管>消费维权>消费纠纷",
        None,
        "其他",
        "在{place}的商户购买商品后拒绝退款",
        None,
        "102",
        (5, 0, 1),
        168,
    ),
    Topic(
        "food_safety",
        "市场监管>食品安全>食品安全",
        None,
        "安全隐患",
        "{place}的小餐馆卫生条件差，疑似无证经营",
        "summer",
        "102",
        (3, 0, 2),
        72,
    ),
    Topic(
        "neighbour_dispute",
        "社区服务>邻里纠纷>邻里纠纷",
        None,
        "矛盾纠纷",
        "{place}邻里因公共区域使用发生纠纷，请社区调解",
        None,
        "109",
        (3, 0, 8),
        168,
        False,
    ),
    Topic(
        "hardship_aid",
        "民政>社会救助>困难救助",
        None,
        "民生服务",
        "{place}老人生活困难，申请临时救助",
        "winter",
        "109",
        (2, 0, 4),
        360,
        False,
    ),
    Topic(
        "public_security",
        "公安>治安管理>治安隐患",
        None,
        "治安隐患",
        "{place}夜间有可疑人员聚集",
        None,
        "105",
        (2, 0, 4),
        24,
    ),
    Topic(
        "ebike_charging",
        "城乡建设>消防安全>电动自行车违规充电",
        None,
        "安全隐患",
        "{place}楼道内电动自行车违规停放、飞线充电",
        None,
        "112",
        (2, 0, 4),
        72,
        False,
    ),
    Topic(
        "special_groups",
        None,
        None,
        "特殊人群",
        "走访{place}独居老人，了解生活情况",
        None,
        "109",
        (0, 0, 5),
        168,
        False,
    ),
)

TOPIC_BY_KEY = {t.key: t for t in TOPICS}
CAMPAIGN_TOPIC = "ebike_charging"

REQUEST_TYPES = ("投诉", "求助", "咨询", "举报", "建议")
REQUEST_TYPE_WEIGHTS = (45, 25, 18, 8, 4)
CHANNELS = ("电话", "网站", "微信", "APP", "小程序", "领导留言板")
CHANNEL_WEIGHTS = (68, 6, 12, 7, 6, 1)

PETITION_CATEGORIES = (
    "城乡建设",
    "劳动社保",
    "涉法涉诉",
    "卫生健康",
    "民政",
    "教育文体",
    "环境保护",
    "农村农业",
)
PETITION_CATEGORY_WEIGHTS = (34, 20, 12, 8, 8, 7, 9, 2)
PETITION_DEPARTMENT = {
    "城乡建设": "103",
    "劳动社保": "110",
    "涉法涉诉": "105",
    "卫生健康": "106",
    "民政": "109",
    "教育文体": "107",
    "环境保护": "108",
    "农村农业": "113",
}
PETITION_SUMMARY = {
    "城乡建设": "反映{place}老旧小区改造进度缓慢，要求尽快解决",
    "劳动社保": "反映单位拖欠社保费用，要求补缴（住{place}）",
    "涉法涉诉": "对法院判决不服，要求重新处理（住{place}）",
    "卫生健康": "反映{place}附近诊所医疗纠纷，要求赔偿",
    "民政": "要求解决低保待遇问题（住{place}）",
    "教育文体": "反映{place}周边学校招生问题",
    "环境保护": "反映{place}附近企业排放异味，长期未解决",
    "农村农业": "反映原籍土地承包纠纷（现住{place}）",
}
