"""The `/v1` contract: pydantic models shared by the reference server and the client.

The client validates every response against these models; a mismatch is reported as a
malformed response and changes nothing locally.
"""

from server.contract.auth import ClerkProfile, LoginRequest, RefreshRequest, TokenResponse
from server.contract.calendar import CalendarDay, CalendarPage, DayKind
from server.contract.cases import (
    CaseApplicant,
    CaseMaterial,
    CaseReceipt,
    CaseSubmission,
)
from server.contract.catalogue import (
    CataloguePage,
    Faq,
    ItemType,
    Material,
    MaterialForm,
    ProcessStep,
    ServiceItem,
    Situation,
    SituationOption,
)
from server.contract.errors import ErrorBody, ErrorCode
from server.contract.forms import FieldKind, FormField, FormSection, FormsPage, FormSpec

API_PREFIX = "/v1"

__all__ = [
    "API_PREFIX",
    "CalendarDay",
    "CalendarPage",
    "CaseApplicant",
    "CaseMaterial",
    "CaseReceipt",
    "CaseSubmission",
    "CataloguePage",
    "ClerkProfile",
    "DayKind",
    "ErrorBody",
    "ErrorCode",
    "Faq",
    "FieldKind",
    "FormField",
    "FormSection",
    "FormSpec",
    "FormsPage",
    "ItemType",
    "LoginRequest",
    "Material",
    "MaterialForm",
    "ProcessStep",
    "RefreshRequest",
    "ServiceItem",
    "Situation",
    "SituationOption",
    "TokenResponse",
]
