"""The `/v1` contract: pydantic models shared by the reference server and the client.

The client validates every response against these models; a mismatch is reported as a
malformed response and changes nothing locally.
"""

from server.contract.auth import ClerkProfile, LoginRequest, RefreshRequest, TokenResponse
from server.contract.calendar import CalendarDay, CalendarPage, DayKind
from server.contract.cases import (
    AttachmentRef,
    CaseAgent,
    CaseApplicant,
    CaseMaterial,
    CaseProgress,
    CaseProgressPage,
    CaseReceipt,
    CaseSubmission,
    DefectReason,
    DeviceState,
    Licence,
    LicenceList,
    LicenceQuery,
    LicenceStatus,
    Progress,
    ProgressChange,
    SeqAnswer,
    SeqQuery,
    UploadRequest,
    UploadStatus,
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
    "AttachmentRef",
    "CalendarDay",
    "CalendarPage",
    "CaseAgent",
    "CaseApplicant",
    "CaseMaterial",
    "CaseProgress",
    "CaseProgressPage",
    "CaseReceipt",
    "CaseSubmission",
    "CataloguePage",
    "ClerkProfile",
    "DayKind",
    "DefectReason",
    "DeviceState",
    "ErrorBody",
    "ErrorCode",
    "Faq",
    "FieldKind",
    "FormField",
    "FormSection",
    "FormSpec",
    "FormsPage",
    "ItemType",
    "Licence",
    "LicenceList",
    "LicenceQuery",
    "LicenceStatus",
    "LoginRequest",
    "Material",
    "MaterialForm",
    "ProcessStep",
    "Progress",
    "ProgressChange",
    "RefreshRequest",
    "SeqAnswer",
    "SeqQuery",
    "ServiceItem",
    "Situation",
    "SituationOption",
    "TokenResponse",
    "UploadRequest",
    "UploadStatus",
]
