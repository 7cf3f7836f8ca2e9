"""Demo certificates waiting at the certificate desk (统一出证): business licences, permits,
registration certificates and real-property certificates (不动产权证书) of the demo
catalogue's items, approved on various days.

Shaped like the real ones (the fields their certificates print), with check digits that
validate: resident ID numbers (GB 11643) and unified social credit codes (GB 32100).
Two are there to test printing: a business scope far longer than any box, and an operator
whose name has a character outside the Basic Multilingual Plane (𠀾, U+2003E).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

# Stable ids: tests and trainers refer to demo certificates across restarts.
NAMESPACE = uuid.UUID("6b2f3c1e-8d4a-4f0b-9a57-1c2d3e4f5a6b")

RESIDENT_ID = "居民身份证"
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)

ITEMS = {
    "company": ("991A0074300001-999001000000-000-11999001MB1000404W-1-00", "有限责任公司设立登记",
                "示范区市场监督管理局"),
    "individual": ("991A0074300005-999001000000-000-11999001MB1000404W-1-00",
                   "个体工商户设立登记", "示范区市场监督管理局"),
    "change": ("991A0074300002-999001000000-000-11999001MB1000404W-1-00",
               "企业变更登记（名称、住所、经营范围、法定代表人等）", "示范区市场监督管理局"),
    "food": ("991A0030400001-999001000000-000-11999001MB1000404W-1-00", "食品经营许可（新办）",
             "示范区市场监督管理局"),
    "hygiene": ("991A0600400000-999001000000-000-11999001MB1000606D-1-00", "公共场所卫生许可",
                "示范区卫生健康局"),
    "maternal": ("991A0600300000-999001000000-000-11999001MB1000606D-1-00",
                 "母婴保健技术服务执业许可", "示范区卫生健康局"),
    "freight": ("991A1200100001-999001000000-000-11999001MB1000808H-1-00",
                "道路普通货物运输经营许可", "示范区交通运输局"),
    "school": ("991A0500200000-999001000000-000-11999001MB1000707G-1-00",
               "民办学校设立审批（幼儿园、中小学）", "示范区教育局"),
    "society": ("991A0005400001-999001000000-000-11999001MB1000202P-1-00", "社会团体成立登记",
                "示范区民政局"),
    "property": ("991F1700100003-999001000000-000-12999001MB1000505Q-1-00",
                 "国有建设用地使用权及房屋所有权转移登记（买卖、赠与、继承）",
                 "示范区不动产登记中心"),
    "property_lost": ("991F1700100030-999001000000-000-12999001MB1000505Q-1-00",
                      "不动产权证书遗失补证、损坏换证", "示范区不动产登记中心"),
}

LONG_SCOPE = (
    "一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发；"
    "信息系统集成服务；信息技术咨询服务；数据处理和存储支持服务；人工智能应用软件开发；"
    "人工智能基础软件开发；网络技术服务；物联网技术服务；计算机系统服务；云计算装备技术服务；"
    "大数据服务；数字内容制作服务（不含出版发行）；互联网数据服务；计算机软硬件及辅助设备零售；"
    "计算机软硬件及辅助设备批发；电子产品销售；通讯设备销售；办公设备销售；办公设备耗材销售；"
    "会议及展览服务；企业管理咨询；市场营销策划；广告设计、代理；广告制作；图文设计制作；"
    "平面设计；专业设计服务；教育咨询服务（不含涉许可审批的教育培训活动）；"
    "业务培训（不含教育培训、职业技能培训等需取得许可的培训）；安全技术防范系统设计施工服务；"
    "货物进出口；技术进出口（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）。"
    "许可项目：第一类增值电信业务；第二类增值电信业务；互联网信息服务；建设工程施工"
    "（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或"
    "许可证件为准）。"
)


def credit_code(body: str) -> str:
    """A unified social credit code from its first 16 characters: the organisation code's
    check character (GB 11714) and the code's own (GB 32100) are added."""
    org = sum(int(c, 36) * w for c, w in zip(body[8:16], ORG_WEIGHTS, strict=True))
    first17 = body + {10: "X", 11: "0"}.get(11 - org % 11, str(11 - org % 11))
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return first17 + CREDIT_CHARS[(31 - total % 31) % 31]


def resident_id(body: str) -> str:
    """A resident ID number: 17 digits and their check character."""
    total = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


def _certificate(n: int, item: str, template: str, approved: dt.datetime, applicant: str,
                 id_body: str, fields: dict[str, str], status: str = "ready") -> dict[str, Any]:
    code, name, department = ITEMS[item]
    return {
        "certificate_id": str(uuid.uuid5(NAMESPACE, f"certificate-{n}")),
        "case_uuid": str(uuid.uuid5(NAMESPACE, f"case-{n}")),
        # After the prefix base (demo_certificates): a case of device 0009, another hall's.
        "case_number": f"0009{approved:%Y%m%d}{100 + n:06d}",
        "item_code": code,
        "item_name": name,
        "department": department,
        "approved_at": approved.isoformat(),
        "template": template,
        "applicant": {"name": applicant, "id_type": RESIDENT_ID,
                      "id_number": resident_id(id_body)},
        "fields": {**fields, "发证日期": _cn_date(approved.date())},
        "status": status,
    }


def _at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def demo_certificates(prefix_base: str = "SF") -> list[dict[str, Any]]:
    """The demo certificates as PendingCertificate JSON objects, oldest first. Their case
    numbers start with `prefix_base`, the server's (ServerConfig.prefix_base): in the
    sandbox PX, so that no practice certificate or receipt carries a real-looking one."""
    return [{**c, "case_number": f"{prefix_base}{c['case_number']}"}
            for c in _demo_certificates()]


def _demo_certificates() -> list[dict[str, Any]]:
    market = "示范区市场监督管理局"
    return [
        _certificate(1, "company", "business_licence", _at(3, 2), "周明远", "11010119800312421", {
            "名称": "示范区明远信息科技有限公司",
            "统一社会信用代码": credit_code("91999001MA01ABCD"),
            "类型": "有限责任公司（自然人投资或控股）",
            "法定代表人": "周明远",
            "经营范围": LONG_SCOPE,
            "注册资本": "伍佰万元整",
            "成立日期": "2026年03月02日",
            "住所": "示范区创新大道88号科技园B座1203室",
            "登记机关": market}),
        _certificate(2, "individual", "business_licence", _at(3, 3, 15), "陈𠀾",
                     "11010519751105123", {
            "名称": "示范区𠀾记小吃店",
            "统一社会信用代码": credit_code("92999001MA02EFGH"),
            "类型": "个体工商户",
            "法定代表人": "陈𠀾",
            "经营范围": "小餐饮；食品销售（仅销售预包装食品）",
            "注册资本": "",
            "成立日期": "2026年03月03日",
            "住所": "示范区老街12号",
            "登记机关": market}),
        _certificate(3, "company", "business_licence", _at(3, 5), "林晓静", "11010119900307852", {
            "名称": "示范区晓静文化传媒有限公司",
            "统一社会信用代码": credit_code("91999001MA03JKLM"),
            "类型": "有限责任公司（自然人独资）",
            "法定代表人": "林晓静",
            "经营范围": "组织文化艺术交流活动；会议及展览服务；广告设计、代理；摄影扩印服务",
            "注册资本": "壹佰万元整",
            "成立日期": "2026年03月05日",
            "住所": "示范区文昌路6号2楼",
            "登记机关": market}),
        _certificate(4, "change", "business_licence", _at(3, 9, 11), "郭建华",
                     "11010219680921631", {
            "名称": "示范区建华建材贸易有限公司",
            "统一社会信用代码": credit_code("91999001MA04NPQR"),
            "类型": "有限责任公司（自然人投资或控股）",
            "法定代表人": "郭建华",
            "经营范围": "建筑材料销售；五金产品零售；金属材料销售；普通货物仓储服务",
            "注册资本": "贰仟万元整",
            "成立日期": "2011年06月18日",
            "住所": "示范区物流园东区3号库",
            "登记机关": market}),
        _certificate(5, "food", "permit", _at(3, 4), "陈𠀾", "11010519751105123", {
            "名称": "示范区𠀾记小吃店",
            "统一社会信用代码": credit_code("92999001MA02EFGH"),
            "法定代表人": "陈𠀾",
            "住所": "示范区老街12号",
            "经营场所": "示范区老街12号",
            "许可项目": "小餐饮；预包装食品销售（不含冷藏冷冻食品）",
            "许可证编号": "JY29990010004217",
            "有效期至": "2031年03月03日",
            "发证机关": market}),
        _certificate(6, "food", "permit", _at(3, 10, 14), "黄丽萍", "11010819830416282", {
            "名称": "示范区丽萍生鲜超市有限公司",
            "统一社会信用代码": credit_code("91999001MA05TUWX"),
            "法定代表人": "黄丽萍",
            "住所": "示范区和平路200号",
            "经营场所": "示范区和平路200号一层",
            "许可项目": "预包装食品销售（含冷藏冷冻食品）；散装食品销售（含冷藏冷冻食品）；"
                       "保健食品销售；特殊医学用途配方食品销售；婴幼儿配方乳粉销售",
            "许可证编号": "JY19990010004388",
            "有效期至": "2031年03月09日",
            "发证机关": market}),
        _certificate(7, "hygiene", "permit", _at(3, 11), "孙志强", "11010119870623771", {
            "名称": "示范区悦来酒店管理有限公司",
            "统一社会信用代码": credit_code("91999001MA06YABC"),
            "法定代表人": "孙志强",
            "住所": "示范区站前路1号",
            "经营场所": "示范区站前路1号",
            "许可项目": "住宿；沐浴（无泳池）",
            "许可证编号": "示卫公证字〔2026〕第0042号",
            "有效期至": "2030年03月10日",
            "发证机关": "示范区卫生健康局"}),
        _certificate(8, "maternal", "permit", _at(3, 12, 9), "何静怡", "11010619790802904", {
            "名称": "示范区安康妇产医院",
            "统一社会信用代码": credit_code("52999001MJ07DEFG"),
            "法定代表人": "何静怡",
            "住所": "示范区康宁街16号",
            "经营场所": "示范区康宁街16号",
            "许可项目": "助产技术；结扎手术；终止妊娠手术",
            "许可证编号": "示母婴字〔2026〕第007号",
            "有效期至": "2029年03月11日",
            "发证机关": "示范区卫生健康局"}),
        _certificate(9, "freight", "permit", _at(3, 16, 16), "马国栋", "11010319720114513", {
            "名称": "示范区国栋物流运输有限公司",
            "统一社会信用代码": credit_code("91999001MA08HJKL"),
            "法定代表人": "马国栋",
            "住所": "示范区物流园西区18号",
            "经营场所": "示范区物流园西区18号",
            "许可项目": "道路普通货物运输；货物专用运输（集装箱）",
            "许可证编号": "示交运管许可示字999001000123号",
            "有效期至": "2030年03月15日",
            "发证机关": "示范区交通运输局"}),
        _certificate(10, "school", "permit", _at(3, 18), "吴雅琴", "11010719810527362", {
            "名称": "示范区童心幼儿园",
            "统一社会信用代码": credit_code("52999001MJ09MNPQ"),
            "法定代表人": "吴雅琴",
            "住所": "示范区育才路9号",
            "经营场所": "示范区育才路9号",
            "许可项目": "学前教育",
            "许可证编号": "教民199900170000012号",
            "有效期至": "2032年03月17日",
            "发证机关": "示范区教育局"}),
        _certificate(11, "society", "registration", _at(3, 6), "赵文博", "11010119660304157", {
            "名称": "示范区摄影家协会",
            "统一社会信用代码": credit_code("51999001MJ10RTUW"),
            "法定代表人": "赵文博",
            "业务范围": "学术交流、展览展示、业务培训、咨询服务",
            "住所": "示范区文化中心三楼",
            "活动地域": "示范区",
            "注册资金": "叁万元整",
            "业务主管单位": "示范区文学艺术界联合会",
            "有效期": "2026年03月06日至2031年03月05日",
            "登记管理机关": "示范区民政局"}),
        _certificate(12, "property", "property", _at(3, 13, 15), "郑海燕",
                     "11010419850911244", {
            "不动产权证号": "示（2026）示范区不动产权第0000171号",
            "权利人": "郑海燕",
            "共有情况": "单独所有",
            "坐落": "示范区锦绣花园7栋2单元1502室",
            "不动产单元号": "999001001001GB00017F00071502",
            "权利类型": "国有建设用地使用权/房屋所有权",
            "权利性质": "出让/市场化商品房",
            "用途": "城镇住宅用地/住宅",
            "面积": "共有宗地面积12450.00㎡/房屋建筑面积98.56㎡",
            "使用期限": "2008年05月20日起2078年05月19日止",
            "权利其他状况": "专有建筑面积：84.34㎡，分摊建筑面积：14.22㎡\n"
                            "房屋结构：钢筋混凝土结构\n房屋总层数：26层，所在层：15层",
            "登记机构": "示范区不动产登记中心"}),
        _certificate(13, "property_lost", "property", _at(3, 19, 10), "钱德生",
                     "11010219560708193", {
            "不动产权证号": "示（2026）示范区不动产权第0000305号",
            "权利人": "钱德生",
            "共有情况": "单独所有",
            "坐落": "示范区东风里3号院4号楼1门301号",
            "不动产单元号": "999001002003GB00031F00040301",
            "权利类型": "国有建设用地使用权/房屋所有权",
            "权利性质": "划拨/房改房",
            "用途": "城镇住宅用地/住宅",
            "面积": "房屋建筑面积62.30㎡",
            "使用期限": "",
            "权利其他状况": "房屋结构：混合结构；房屋总层数：6层，所在层：3层\n"
                            "原证书（示房权证东字第0031204号）遗失，已于2026年02月10日"
                            "登报声明作废，补发本证",
            "登记机构": "示范区不动产登记中心"}, status="replacement"),
        _certificate(14, "society", "registration", _at(3, 20, 9), "冯雪梅", "11010819700219428", {
            "名称": "示范区老年书画研究会",
            "统一社会信用代码": credit_code("51999001MJ11XYAB"),
            "法定代表人": "冯雪梅",
            "业务范围": "书画创作交流、展览、公益讲座",
            "住所": "示范区老年活动中心二楼",
            "活动地域": "示范区",
            "注册资金": "叁万元整",
            "业务主管单位": "示范区老干部局",
            "有效期": "2026年03月20日至2031年03月19日",
            "登记管理机关": "示范区民政局"}),
    ]
