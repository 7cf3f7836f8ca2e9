"""The service-item catalogue (办事指南) and its changes feed."""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from server.contract.forms import FORM_ID


class ItemType(StrEnum):
    """National codes of the power/service type of an item (事项类型)."""

    LICENCE = "01"  # 行政许可
    PENALTY = "02"  # 行政处罚
    ENFORCEMENT = "03"  # 行政强制
    LEVY = "04"  # 行政征收
    BENEFIT = "05"  # 行政给付
    INSPECTION = "06"  # 行政检查
    CONFIRMATION = "07"  # 行政确认
    REWARD = "08"  # 行政奖励
    RULING = "09"  # 行政裁决
    OTHER_POWER = "10"  # 其他行政权力
    PUBLIC_SERVICE = "20"  # 公共服务


class MaterialForm(StrEnum):
    ORIGINAL = "original"  # 原件
    COPY = "copy"  # 复印件
    ELECTRONIC = "electronic"  # 电子材料


class SituationOption(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    code: str = Field(min_length=1, max_length=32)
    label: str = Field(min_length=1, max_length=200)


class Situation(BaseModel):
    """A situation question (情形); its chosen options switch conditional materials on."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    code: str = Field(min_length=1, max_length=32)
    question: str = Field(min_length=1, max_length=300)
    multiple: bool = False
    options: list[SituationOption] = Field(min_length=2)


class Material(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=300)
    forms: list[MaterialForm] = Field(min_length=1)
    originals: int = Field(ge=0, le=20, description="Originals to be shown")
    copies: int = Field(ge=0, le=20, description="Paper copies to hand in")
    required: bool = Field(description="Required whenever its situations apply")
    tolerance_allowed: bool = Field(description="May be accepted missing on commitment (容缺)")
    when: list[str] = Field(
        default_factory=list,
        description="Situation option codes; the material applies when any is chosen. "
        "Empty means it always applies.",
    )
    licence_type: str | None = Field(
        default=None, description="Electronic licence (电子证照) type that can replace the paper"
    )
    source: str = Field(default="申请人自备", max_length=100)
    spec: str = Field(default="", max_length=500, description="Paper size, signing, seal…")
    blank_form: str | None = Field(default=None, max_length=200, description="Its name")
    sample: str | None = Field(default=None, max_length=200, description="Its name")
    form: str | None = Field(
        default=None, pattern=FORM_ID,
        description="Id of the FormSpec (forms feed) rendering the blank form and the sample",
    )
    notes: str = Field(default="", max_length=1000)


class ProcessStep(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    name: str = Field(min_length=1, max_length=50)
    description: str = Field(max_length=1000)


class Faq(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    question: str = Field(min_length=1, max_length=500)
    answer: str = Field(min_length=1, max_length=3000)


class ServiceItem(BaseModel):
    """One service item implementation as the guide (办事指南) presents it."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    code: str = Field(min_length=4, max_length=80, pattern=r"^[0-9A-Za-z\-]+$")
    name: str = Field(min_length=2, max_length=200)
    short_name: str = Field(default="", max_length=60, description="Name clerks use (简称)")
    department: str = Field(min_length=2, max_length=100)
    department_code: str = Field(min_length=1, max_length=40)
    item_type: ItemType
    version: int = Field(ge=1)
    target: list[str] = Field(description="服务对象: 自然人, 法人…", min_length=1)
    conditions: list[str] = Field(description="受理条件")
    situations: list[Situation] = Field(default_factory=list)
    materials: list[Material]
    statutory_days: int = Field(ge=0, le=3650, description="法定办结时限, working days")
    promised_days: int = Field(ge=0, le=3650, description="承诺办结时限, working days")
    fee: str = Field(max_length=1000, description="收费标准; 不收费 when free")
    legal_basis: list[str]
    process: list[ProcessStep]
    location: str = Field(max_length=300)
    hours: str = Field(max_length=200)
    phone: str = Field(max_length=60)
    delivery: list[str] = Field(default_factory=list, description="结果送达方式")
    result: str = Field(default="", max_length=200, description="审批结果名称")
    faq: list[Faq] = Field(default_factory=list)
    keywords: list[str] = Field(
        default_factory=list, description="Colloquial names applicants use for this item"
    )


class CataloguePage(BaseModel):
    """One page of the catalogue changes feed: upserts plus tombstones, then the next cursor."""

    model_config = ConfigDict(extra="ignore")

    items: list[ServiceItem]
    removed: list[str] = Field(description="Tombstones: codes of items withdrawn")
    cursor: str = Field(min_length=1, description="Opaque; pass back unchanged")
    has_more: bool
