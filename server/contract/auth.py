"""Login and token refresh."""

from pydantic import BaseModel, ConfigDict, Field


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    device_id: str = Field(min_length=8, max_length=64, description="Stable id of this workstation")


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=16)


class ClerkProfile(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    username: str
    name: str
    roles: list[str]
    hall: str
    window: str
    device_prefix: str = Field(
        pattern=r"^[A-Z0-9]{4,12}$",
        description="Server-assigned prefix of this device's case numbers; stays valid offline",
    )


class TokenResponse(BaseModel):
    model_config = ConfigDict(extra="ignore")

    access_token: str = Field(min_length=16)
    refresh_token: str = Field(min_length=16)
    expires_in: int = Field(gt=0, description="Seconds until the access token expires")
    clerk: ClerkProfile
