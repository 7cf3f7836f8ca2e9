"""Blank forms (空白表格) and filled-in samples (填写样例) as data, and their changes feed.

A department's form is described, not shipped as a file: its title, sections of labelled
boxes and paragraphs with blanks, and filling-in notes. The workstation renders the blank
form and the filled-in sample from the same description (printing/forms.py), so both work
offline, print as vector PDF with an embedded CJK subset, and a form shared by many items
(授权委托书) is synced once. A material names its form by id (`Material.form`).

Sample values are fictitious by design (张三, 示范区…): they are printed for applicants.
"""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

FORM_ID = r"^[A-Za-z0-9_\-]{1,40}$"


class FieldKind(StrEnum):
    TEXT = "text"  # a box to write in
    CHOICE = "choice"  # □ option □ option; `sample` is the chosen options joined by "、"
    DATE = "date"  # ____年__月__日
    SIGNATURE = "signature"  # 签名（盖章）: left blank on the sample too, marked as such


class FormField(BaseModel):
    """A label cell and the box beside it, in a row of a grid section."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    label: str = Field(min_length=1, max_length=60)
    kind: FieldKind = FieldKind.TEXT
    span: int = Field(default=1, ge=1, le=4, description="Relative width of the value box")
    lines: int = Field(default=1, ge=1, le=12, description="Height in writing lines")
    options: list[str] = Field(default_factory=list, max_length=12)
    sample: str = Field(default="", max_length=400, description="Value on the filled sample")

    @model_validator(mode="after")
    def _choices_have_options(self) -> "FormField":
        if self.kind is FieldKind.CHOICE and len(self.options) < 2:
            raise ValueError("a choice field needs at least two options")
        if self.kind is FieldKind.CHOICE and self.sample:
            unknown = [s for s in self.sample.split("、") if s not in self.options]
            if unknown:
                raise ValueError(f"sample choice not among the options: {unknown}")
        return self


class FormSection(BaseModel):
    """A heading, then paragraphs, then a grid of rows (any of the three may be empty).

    Paragraphs may hold inline blanks written ``{{sample value}}``: an underlined gap as
    wide as the value on the blank form, the value itself underlined on the sample.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    title: str = Field(default="", max_length=100)
    paragraphs: list[str] = Field(default_factory=list, max_length=60)
    rows: list[list[FormField]] = Field(default_factory=list, max_length=60)

    @model_validator(mode="after")
    def _rows_fit(self) -> "FormSection":
        for row in self.rows:
            if not 1 <= len(row) <= 4:
                raise ValueError("a row holds one to four fields")
        if not (self.title or self.paragraphs or self.rows):
            raise ValueError("an empty section")
        return self


class FormSpec(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(pattern=FORM_ID)
    title: str = Field(min_length=2, max_length=100)
    subtitle: str = Field(default="", max_length=100, description="Edition, form number…")
    issuer: str = Field(default="", max_length=100, description="Department that issues it")
    version: int = Field(ge=1)
    sections: list[FormSection] = Field(min_length=1, max_length=40)
    notes: list[str] = Field(default_factory=list, max_length=20, description="填写说明")


class FormsPage(BaseModel):
    """One page of the forms changes feed: upserts plus tombstones, then the next cursor."""

    model_config = ConfigDict(extra="ignore")

    forms: list[FormSpec]
    removed: list[str] = Field(description="Tombstones: ids of forms withdrawn")
    cursor: str = Field(min_length=1, description="Opaque; pass back unchanged")
    has_more: bool
