"""Deterministic synthetic service items for load tests and search benchmarks.

The items have the shape of the demo catalogue (``resources/catalogue/demo_catalogue.json``)
and validate against :class:`server.contract.catalogue.ServiceItem`, but their texts are
assembled from fixed vocabularies, so they read like real guides (办事指南) without being
any real district's guide. Nothing is validated here: the generator must stay fast
(100,000 items in well under 20 seconds on one core); the tests validate a sample.

Determinism: the same ``count`` and ``seed`` always yield the same items, in any process.
Only lists and tuples are iterated (never sets of strings, whose order depends on the
per-process hash seed), and every random draw comes from one ``random.Random(seed)``.
"""

import random
from collections.abc import Iterator
from typing import Any, Final

from server.contract.catalogue import ItemType, MaterialForm

__all__ = ["CODE_PREFIX", "generate_items"]

CODE_PREFIX: Final = "SYN"
"""Every synthetic item code starts with this, then a zero-padded running number."""

# --- Vocabularies ----------------------------------------------------------------------

# Department name, department (unified social credit) code, and per item type the
# objects (事项对象) that department handles. An item name is object + action.
_Department = tuple[str, str, dict[str, tuple[str, ...]]]

_DEPARTMENTS: Final[tuple[_Department, ...]] = (
    (
        "示范区公安分局",
        "11999001MB1000101K",
        {
            "01": (
                "旅馆业特种行业",
                "公章刻制业特种行业",
                "保安服务公司设立",
                "大型群众性活动安全",
                "烟花爆竹道路运输",
                "剧毒化学品购买",
                "民用爆炸物品购买",
            ),
            "07": ("户口登记项目变更更正", "户口注销", "户口恢复", "机动车", "驾驶人信息"),
            "20": ("户籍证明", "居住登记", "出入境记录", "居民身份证挂失申报", "户籍档案"),
        },
    ),
    (
        "示范区民政局",
        "11999001MB1000202P",
        {
            "01": ("民办非企业单位成立", "养老机构设立", "社会团体变更", "地名命名更名"),
            "05": (
                "高龄津贴",
                "困难群众临时救助金",
                "孤儿基本生活费",
                "残疾人两项补贴",
                "特困人员救助供养金",
            ),
            "07": ("婚姻状况", "收养关系", "慈善组织"),
            "20": ("婚姻登记档案", "社会组织年度报告", "养老服务补贴信息"),
        },
    ),
    (
        "示范区人力资源和社会保障局",
        "11999001MB1000303R",
        {
            "01": (
                "劳务派遣经营",
                "人力资源服务机构设立",
                "特殊工时工作制",
                "民办职业培训学校设立",
            ),
            "05": (
                "城乡居民基本养老保险待遇",
                "工伤保险待遇",
                "职业培训补贴",
                "稳岗返还资金",
                "一次性创业补贴",
                "灵活就业社会保险补贴",
            ),
            "07": ("工伤认定", "专业技术职称", "职业技能等级"),
            "20": ("社会保险个人权益记录", "养老保险关系转移", "就业困难人员", "劳动用工备案信息"),
        },
    ),
    (
        "示范区市场监督管理局",
        "11999001MB1000404W",
        {
            "01": (
                "食品生产",
                "特种设备使用",
                "计量标准器具核准",
                "药品零售企业经营",
                "第二类医疗器械经营",
                "农民专业合作社设立",
            ),
            "07": ("企业名称", "合伙企业", "个人独资企业", "分支机构"),
            "10": ("广告发布", "食品小作坊", "仅销售预包装食品经营者", "企业章程"),
            "20": ("企业信用信息", "营业执照遗失补领", "市场主体档案"),
        },
    ),
    (
        "示范区自然资源和规划局",
        "11999001MB1001414Y",
        {
            "01": (
                "建设项目用地预审",
                "建设用地规划许可",
                "建设工程规划许可",
                "乡村建设规划许可",
                "临时用地",
                "采矿权新立",
            ),
            "07": ("农村宅基地使用权", "集体土地所有权", "土地权属争议调处结果"),
            "20": ("规划条件", "测绘成果", "地籍图件"),
        },
    ),
    (
        "示范区住房和城乡建设局",
        "11999001MB1001515A",
        {
            "01": (
                "建筑工程施工许可",
                "建筑业企业资质",
                "燃气经营",
                "城市建筑垃圾处置",
                "商品房预售",
                "城市道路挖掘",
            ),
            "07": ("建设工程竣工验收", "房屋租赁合同", "物业服务企业"),
            "10": ("建设工程消防验收", "施工图审查", "房屋建筑工程竣工验收"),
            "20": ("住房保障资格", "公共租赁住房", "商品房网签信息"),
        },
    ),
    (
        "示范区卫生健康局",
        "11999001MB1000606D",
        {
            "01": (
                "医疗机构设置",
                "医疗机构执业登记",
                "放射诊疗",
                "护士执业注册",
                "饮用水供水单位卫生",
            ),
            "05": ("计划生育家庭特别扶助金", "农村部分计划生育家庭奖励扶助金"),
            "07": ("乡村医生执业", "职业健康检查机构"),
            "20": ("预防接种", "老年人健康管理", "家庭医生签约"),
        },
    ),
    (
        "示范区教育局",
        "11999001MB1000707G",
        {
            "01": ("民办学校变更", "校外培训机构设立", "中小学教师资格", "适龄儿童延缓入学"),
            "05": ("学前教育资助", "普通高中国家助学金", "义务教育家庭经济困难学生生活补助"),
            "20": ("学籍信息", "学历证明", "学生资助政策"),
        },
    ),
    (
        "示范区交通运输局",
        "11999001MB1000808H",
        {
            "01": (
                "道路旅客运输经营",
                "巡游出租汽车经营",
                "网络预约出租汽车经营",
                "公路超限运输",
                "涉路施工",
                "道路运输站（场）经营",
            ),
            "07": ("道路运输从业人员", "车辆技术等级"),
            "10": ("机动车驾驶员培训", "道路货运车辆年度审验"),
            "20": ("道路运输证", "从业资格证诚信考核"),
        },
    ),
    (
        "示范区医疗保障局",
        "11999001MB1000909J",
        {
            "05": ("门诊慢特病待遇", "生育医疗费用", "医疗救助", "零星医疗费用报销"),
            "07": ("门诊慢特病资格", "定点医药机构"),
            "20": ("医保电子凭证", "参保缴费记录", "医保个人账户家庭共济"),
        },
    ),
    (
        "示范区生态环境局",
        "11999001MB1001616C",
        {
            "01": ("建设项目环境影响报告书", "建设项目环境影响报告表", "排污许可", "危险废物经营"),
            "10": ("建设项目环境影响登记表", "突发环境事件应急预案"),
            "20": ("环境信息公开", "排污许可信息"),
        },
    ),
    (
        "示范区农业农村局",
        "11999001MB1001717E",
        {
            "01": ("农药经营", "兽药经营", "种子生产经营", "动物防疫条件", "渔业捕捞"),
            "05": ("耕地地力保护补贴", "农机购置补贴"),
            "07": ("家庭农场", "农村土地承包经营权"),
            "20": ("农产品质量安全追溯", "农技推广服务"),
        },
    ),
    (
        "示范区文化广电旅游局",
        "11999001MB1001818G",
        {
            "01": (
                "娱乐场所从事娱乐场所经营活动",
                "营业性演出",
                "互联网上网服务营业场所",
                "旅行社设立",
                "举办高危险性体育赛事活动",
            ),
            "10": ("个体演员", "个体演出经纪人", "文物保护单位修缮"),
            "20": ("公共文化场馆", "旅游投诉"),
        },
    ),
    (
        "示范区应急管理局",
        "11999001MB1001919J",
        {
            "01": ("危险化学品经营", "烟花爆竹经营（零售）", "非煤矿山安全生产"),
            "10": ("生产安全事故应急预案", "危险化学品重大危险源"),
            "20": ("安全生产培训", "安全生产举报"),
        },
    ),
    (
        "国家税务总局示范区税务局",
        "11999001MB1001111N",
        {
            "07": ("税收居民身份", "非居民企业"),
            "10": ("增值税一般纳税人", "跨区域涉税事项", "财务会计制度"),
            "20": ("完税证明", "纳税信用", "个人所得税专项附加扣除"),
        },
    ),
)

_ACTIONS: Final[dict[str, tuple[str, ...]]] = {
    "01": ("许可", "审批", "许可证核发", "许可证变更", "许可证延续", "许可证注销", "核准"),
    "05": ("申领", "发放", "给付", "申请"),
    "07": ("登记", "变更登记", "注销登记", "认定", "确认"),
    "10": ("备案", "变更备案", "注销备案", "年度报告"),
    "20": ("查询", "办理", "开具", "信息变更", "咨询"),
}
_RESULTS: Final[dict[str, tuple[str, ...]]] = {
    "01": ("许可证", "准予行政许可决定书", "批准文件"),
    "05": ("待遇核定通知书", "资金发放"),
    "07": ("登记证明", "认定结果通知书", "证书"),
    "10": ("备案回执", "备案证明"),
    "20": ("查询结果", "证明", "办理回执"),
}
_QUALIFIERS: Final = (
    "（县级权限）",
    "（首次申请）",
    "（延续）",
    "（变更）",
    "（示范区级）",
    "（告知承诺制）",
    "（单位）",
    "（个人）",
    "（含分支机构）",
)
_TARGETS: Final = (
    ("自然人",),
    ("法人",),
    ("法人", "个体工商户"),
    ("自然人", "法人"),
    ("法人", "非法人组织"),
    ("个体工商户",),
)
_TARGET_NOUNS: Final = ("企业法人", "个体工商户", "社会组织", "自然人", "事业单位")

_CONDITIONS: Final[tuple[str, ...]] = (
    "申请人为依法设立的{t}，具有独立承担法律责任的能力",
    "具有与{o}相适应的场所、设施设备和专业技术人员",
    "已建立健全{o}相关的管理制度、操作规程和安全责任制度",
    "申请人在示范区行政区域内有固定住所或者经营场所",
    "近三年内未因{o}相关违法行为受到行政处罚，未被列入严重失信主体名单",
    "申请材料真实、完整、有效，符合法定形式",
    "符合国家和示范市关于{o}的相关标准、规范和技术要求",
    "自然人申请的，应当具有完全民事行为能力；委托他人办理的须出具授权委托书",
    "涉及前置审批的，已取得相关部门的审批文件",
    "法律、法规和规章规定的其他条件",
)

# Situation question and option labels; option codes are made unique per item.
_SITUATIONS: Final = (
    ("由谁到窗口办理？", ("申请人本人办理", "委托他人代为办理")),
    ("申请人类型？", ("企业法人", "个体工商户", "其他组织")),
    ("办理类型？", ("首次申请", "变更", "延续", "注销")),
    ("申请人户籍情况？", ("示范区户籍", "非示范区户籍")),
    ("经营场所情况？", ("自有房产", "租赁房屋")),
    ("申请人婚姻状况？", ("已婚", "未婚", "离异或丧偶")),
    ("是否已取得相关前置许可？", ("已取得", "不涉及")),
    ("申请人年龄？", ("已满十六周岁", "未满十六周岁")),
    ("是否选择告知承诺制办理？", ("是，签署告知承诺书", "否，按一般程序办理")),
    ("是否涉及特殊行业或区域？", ("涉及", "不涉及")),
)

# Material name (with {o} for the object), licence type, source, spec, has a blank form.
_Material = tuple[str, str | None, str, str, bool]
_APPLICATION: Final[_Material] = (
    "{o}申请表",
    None,
    "申请人自备",
    "申请人签名或加盖公章；可在“示范政务”App或网上办事大厅在线填报后打印",
    True,
)
_MATERIALS: Final[tuple[_Material, ...]] = (
    (
        "申请人居民身份证",
        "居民身份证",
        "公安机关",
        "在有效期内；现场核验原件，复印件A4纸正反面复印",
        False,
    ),
    ("营业执照", "营业执照", "市场监督管理部门", "部门共享可获取的免于提交；复印件加盖公章", False),
    ("法定代表人居民身份证", "居民身份证", "公安机关", "复印件加盖单位公章", False),
    (
        "经营场所不动产权证书",
        "不动产权证书",
        "不动产登记机构",
        "产权人与申请人不一致的须附租赁合同",
        False,
    ),
    ("房屋租赁合同", None, "申请人自备", "租赁期限一年以上，出租方签字或盖章", False),
    (
        "专业技术人员名单及资格证明",
        None,
        "申请人自备",
        "列明姓名、岗位、证书编号，附证书复印件",
        False,
    ),
    ("主要设备设施清单", None, "申请人自备", "列明名称、型号、数量和存放位置", True),
    ("{o}管理制度文本", None, "申请人自备", "包括岗位责任、操作规程、应急处置等内容", False),
    ("安全生产责任制度", None, "申请人自备", "主要负责人签字并加盖公章", False),
    ("场所平面布局图", None, "申请人自备", "标明面积、功能分区和主要设施位置，A3或A4纸", False),
    ("检测（检验）报告", None, "具有资质的检测机构", "近一年内出具，加盖检测机构公章", False),
    ("告知承诺书", None, "窗口提供", "法定代表人或申请人本人签署", True),
    ("授权委托书", None, "申请人自备", "载明委托事项、权限和期限，委托人签名或盖章", True),
    ("受托人居民身份证", "居民身份证", "公安机关", "现场核验原件", False),
    ("居民户口簿", "居民户口簿", "公安机关", "须含户主页及申请人本人页", False),
    ("结婚证", "结婚证", "婚姻登记机关", "持证人页和登记页完整", False),
    ("社会保障卡", "社会保障卡", "人力资源社会保障部门", "已激活金融账户", False),
    ("学历证书", "学历证书", "毕业院校", "学信网可核验的免交复印件", False),
    ("原许可证件正、副本", None, "审批部门", "变更、延续或注销时交回", False),
    ("近期2寸白底免冠照片", None, "申请人自备", "近六个月内拍摄，2张", False),
    ("银行账户信息", None, "申请人自备", "本人或本单位名下银行账户，用于资金发放", False),
    ("相关情况说明", None, "申请人自备", "如实说明有关情况，申请人签名或盖章", True),
    ("上级主管部门意见", None, "主管部门", "加盖主管部门公章", False),
    ("前置审批文件", None, "相关审批部门", "涉及前置审批的提交", False),
    ("{o}可行性报告", None, "申请人自备", "说明必要性、规模、保障措施等", False),
)
_FORM_CHOICES: Final = (
    (MaterialForm.ORIGINAL.value,),
    (MaterialForm.ORIGINAL.value, MaterialForm.COPY.value),
    (MaterialForm.COPY.value,),
    (MaterialForm.ELECTRONIC.value,),
    (MaterialForm.ORIGINAL.value, MaterialForm.ELECTRONIC.value),
)

_LAWS: Final = (
    "《中华人民共和国行政许可法》",
    "《中华人民共和国安全生产法》",
    "《中华人民共和国社会保险法》",
    "《中华人民共和国食品安全法》",
    "《中华人民共和国道路运输条例》",
    "《中华人民共和国消防法》",
    "《中华人民共和国城乡规划法》",
    "《中华人民共和国民法典》",
    "《中华人民共和国药品管理法》",
    "《中华人民共和国建筑法》",
    "《中华人民共和国环境保护法》",
    "《中华人民共和国教育法》",
    "《社会救助暂行办法》",
    "《优化营商环境条例》",
    "《中华人民共和国市场主体登记管理条例》",
    "《中华人民共和国土地管理法》",
    "《中华人民共和国农业法》",
    "《中华人民共和国文物保护法》",
)
_LAW_CLAUSES: Final[tuple[str, ...]] = (
    "从事{o}活动的，应当依法取得相应许可。",
    "县级以上地方人民政府有关部门负责本行政区域内{o}的监督管理工作。",
    "申请人应当如实提交有关材料，并对其申请材料实质内容的真实性负责。",
    "行政机关应当自受理申请之日起二十日内作出决定。",
    "符合条件的，由有关部门依法予以登记并发给相应证件。",
    "",
)
_FEES: Final = (
    "不收费",
    "不收费",
    "不收费",
    "按《示范市行政事业性收费目录清单》规定的标准收取证书工本费，每证10元",
    "不收费；涉及技术检测的，检测费用由申请人与检测机构按市场价格协商",
)
_PROCESS: Final = (
    (
        "申请",
        (
            "申请人通过“示范政务”App、网上办事大厅或窗口提交申请材料",
            "申请人到示范区政务服务中心综合受理窗口提交申请",
        ),
    ),
    (
        "受理",
        (
            "窗口进行形式审查，材料齐全的出具受理通知书，不齐全的一次性告知",
            "综合受理窗口核验身份和材料，符合要求的当场受理并推送至业务科室",
        ),
    ),
    (
        "审查",
        (
            "业务科室对申请材料进行实质审查，必要时征求相关部门意见",
            "承办人员审查申请条件，核对部门共享数据",
        ),
    ),
    (
        "现场核查",
        (
            "组织工作人员对场所、设施设备进行现场核查，形成核查记录",
            "需要现场核查的，提前告知申请人核查时间，核查时间不计入办理时限",
        ),
    ),
    (
        "决定",
        ("符合条件的作出准予决定；不符合条件的书面告知理由及救济途径", "分管负责人审批后作出决定"),
    ),
    (
        "送达",
        (
            "结果通过窗口领取、免费邮寄或电子证照推送方式送达",
            "电子结果推送至“示范政务”App卡包，纸质结果按申请人选择的方式送达",
        ),
    ),
)
_DELIVERY: Final = ("窗口领取", "邮政EMS寄递（免费）", "电子证照推送", "网上下载", "短信告知")
_HOURS: Final = (
    "周一至周五 上午9:00—12:00，下午13:30—17:30（法定节假日除外）",
    "周一至周五 9:00—17:30（中午不间断服务）；周六 9:00—12:00 延时服务（法定节假日除外）",
)
_FAQS: Final[tuple[tuple[str, str], ...]] = (
    (
        "办理{n}需要多长时间？",
        "法定办结时限为{s}个工作日，示范区承诺{p}个工作日内办结；申请材料齐全、符合法定形式的，窗口当场受理。"
        "需要现场核查、专家评审、听证的，所需时间不计入办理时限。",
    ),
    (
        "{n}可以网上办理吗？",
        "可以。登录“示范政务”App或示范区网上办事大厅，搜索“{n}”，按提示填写申请表并上传材料，"
        "审核通过后结果可免费邮寄或以电子证照形式推送，全程无需到窗口。",
    ),
    (
        "材料不齐可以先受理吗？",
        "对办事指南中标注为“容缺”的非核心材料，申请人签署容缺受理承诺书后可先行受理，"
        "并须在承诺期限内补齐；核心材料缺失的不予受理，窗口会一次性告知需要补正的全部内容。",
    ),
    ("办理{n}收费吗？", "{f}。窗口不收取任何其他费用，如遇乱收费可拨打12345政务服务便民热线反映。"),
    (
        "委托他人办理需要带什么？",
        "需提交授权委托书和受托人居民身份证原件。委托书须载明委托事项、权限和期限，"
        "由委托人签名；单位委托的须加盖单位公章。",
    ),
    (
        "对办理结果不服怎么办？",
        "可以自收到决定之日起六十日内向示范区人民政府申请行政复议，或者在六个月内向人民法院提起行政诉讼。",
    ),
)
_KEYWORDS: Final[tuple[str, ...]] = (
    "办{o}",
    "{o}怎么办",
    "{o}{a}",
    "{o}办理流程",
    "申请{o}",
    "{o}需要什么材料",
)


def _chinese_numeral(n: int) -> str:
    """1..999 in Chinese numerals as used in article numbers (第一百二十三条)."""
    digits = "零一二三四五六七八九"
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += digits[hundreds] + "百"
        if tens == 0 and ones:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    if ones:
        out += digits[ones]
    return out


_ARTICLES: Final = tuple(f"第{_chinese_numeral(n)}条" for n in range(1, 121))
_DAYS: Final = (0, 1, 3, 5, 7, 10, 15, 20, 20, 30, 45, 60)
# How often each item type occurs relative to the others (licences dominate real catalogues).
_TYPE_WEIGHTS: Final = {
    ItemType.LICENCE.value: 5,
    ItemType.CONFIRMATION.value: 3,
    ItemType.PUBLIC_SERVICE.value: 3,
    ItemType.BENEFIT.value: 2,
    ItemType.OTHER_POWER.value: 2,
}
# Extra materials besides the application form: 2..9, so 3..10 in all, mostly 3..6.
_EXTRA_MATERIALS: Final = (2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 6, 7, 9)
_SITUATION_COUNTS: Final = (0, 1, 1, 1, 2, 2, 3)
_OPTIONAL_STEPS: Final = ("审查", "现场核查")
_ORIGINAL: Final = MaterialForm.ORIGINAL.value
_COPY: Final = MaterialForm.COPY.value
# Subsets drawn once per call; each item then picks among them with a single draw.
_POOL: Final = 512


def _plan() -> tuple[tuple[int, str], ...]:
    """Every (department index, item type) pair, repeated by the type's weight."""
    plan: list[tuple[int, str]] = []
    for index, (_, _, objects) in enumerate(_DEPARTMENTS):
        for item_type in objects:
            plan.extend([(index, item_type)] * _TYPE_WEIGHTS[item_type])
    return tuple(plan)


_PLAN: Final = _plan()


def _subsets(rng: random.Random, size: int, counts: tuple[int, ...]) -> tuple[tuple[int, ...], ...]:
    """``_POOL`` random ordered subsets of ``range(size)``, their lengths drawn from counts."""
    return tuple(tuple(rng.sample(range(size), rng.choice(counts))) for _ in range(_POOL))


def generate_items(count: int, seed: int = 0) -> Iterator[dict[str, Any]]:
    """Yield ``count`` synthetic service items as plain dicts (JSON-ready).

    Codes are ``SYN`` followed by the 1-based running number, zero-padded to 8 digits,
    hence unique within one call. The same ``count`` and ``seed`` give the same items.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    rng = random.Random(seed)
    rand = rng.random
    condition_sets = _subsets(rng, len(_CONDITIONS), (2, 2, 3, 3, 4))
    situation_sets = _subsets(rng, len(_SITUATIONS), _SITUATION_COUNTS)
    material_sets = _subsets(rng, len(_MATERIALS), _EXTRA_MATERIALS)
    law_sets = _subsets(rng, len(_LAWS), (1, 1, 2, 3))
    faq_sets = _subsets(rng, len(_FAQS), (1, 1, 1, 2, 2, 3))
    keyword_sets = _subsets(rng, len(_KEYWORDS), (2, 3, 3, 4))
    delivery_sets = _subsets(rng, len(_DELIVERY), (1, 2, 2, 3))

    def pick(seq: tuple[Any, ...]) -> Any:
        return seq[int(rand() * len(seq))]

    for number in range(1, count + 1):
        dept_index, item_type = pick(_PLAN)
        dept_name, dept_code, objects = _DEPARTMENTS[dept_index]
        obj: str = pick(objects[item_type])
        action: str = pick(_ACTIONS[item_type])
        short_name = obj + action
        name = short_name
        if len(name) < 8 or rand() < 0.25:
            name += pick(_QUALIFIERS)

        conditions = [
            _CONDITIONS[i].format(o=obj, t=pick(_TARGET_NOUNS)) for i in pick(condition_sets)
        ]

        situations: list[dict[str, Any]] = []
        option_codes: list[str] = []
        for s_index, situation in enumerate(pick(situation_sets), start=1):
            question, labels = _SITUATIONS[situation]
            options = []
            for o_index, label in enumerate(labels, start=1):
                code = f"s{s_index}o{o_index}"
                option_codes.append(code)
                options.append({"code": code, "label": label})
            situations.append(
                {"code": f"S{s_index}", "question": question, "multiple": False, "options": options}
            )
        option_total = len(option_codes)

        materials: list[dict[str, Any]] = []
        picked = (_APPLICATION, *(_MATERIALS[i] for i in pick(material_sets)))
        for m_index, (m_name, licence, source, spec, has_blank) in enumerate(picked, start=1):
            first = m_index == 1
            forms = (_ORIGINAL,) if first else pick(_FORM_CHOICES)
            flags = rand()
            when = (
                [option_codes[int(rand() * option_total)]]
                if option_total and not first and flags < 0.35
                else []
            )
            full_name = m_name.format(o=obj) if "{" in m_name else m_name
            materials.append(
                {
                    "code": f"M{m_index:02d}",
                    "name": full_name,
                    "forms": list(forms),
                    "originals": 1 if _ORIGINAL in forms else 0,
                    "copies": (1 if flags < 0.6 else 2) if _COPY in forms else 0,
                    "required": first or flags < 0.8,
                    "tolerance_allowed": not first and licence is None and rand() < 0.2,
                    "when": when,
                    "licence_type": licence,
                    "source": source,
                    "spec": spec,
                    "blank_form": f"{full_name}（空白表）" if has_blank else None,
                    "sample": f"{full_name}（填写样例）" if has_blank and flags < 0.5 else None,
                    "notes": "",
                }
            )

        statutory: int = pick(_DAYS)
        promised = min(statutory, pick(_DAYS))
        fee: str = pick(_FEES)
        legal_basis = []
        for i in pick(law_sets):
            clause: str = pick(_LAW_CLAUSES)
            legal_basis.append(
                f"{_LAWS[i]}{pick(_ARTICLES)}" + ("：" + clause.format(o=obj) if clause else "")
            )
        process = [
            {"name": step, "description": descriptions[int(rand() * 2)]}
            for step, descriptions in _PROCESS
            if step not in _OPTIONAL_STEPS or rand() < 0.3
        ]
        floor = 1 + int(rand() * 5)
        window = f"{'ABCDE'[floor - 1]}{1 + int(rand() * 18):02d}"
        faq = [
            {
                "question": _FAQS[i][0].format(n=name),
                "answer": _FAQS[i][1].format(n=name, s=statutory, p=promised, f=fee),
            }
            for i in pick(faq_sets)
        ]

        yield {
            "code": f"{CODE_PREFIX}{number:08d}",
            "name": name,
            "short_name": short_name,
            "department": dept_name,
            "department_code": dept_code,
            "item_type": item_type,
            "version": 1,
            "target": list(pick(_TARGETS)),
            "conditions": conditions,
            "situations": situations,
            "materials": materials,
            "statutory_days": statutory,
            "promised_days": promised,
            "fee": fee,
            "legal_basis": legal_basis,
            "process": process,
            "location": f"示范区政务服务中心{floor}楼{window}号窗口（{dept_name}）；"
            "地址：示范区长宁大道88号",
            "hours": pick(_HOURS),
            "phone": f"0999-8555{int(rand() * 10000):04d}",
            "delivery": [_DELIVERY[i] for i in pick(delivery_sets)],
            "result": obj + pick(_RESULTS[item_type]),
            "faq": faq,
            "keywords": [_KEYWORDS[i].format(o=obj, a=action) for i in pick(keyword_sets)],
        }
