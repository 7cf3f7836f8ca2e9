"""Known errors: the environment's fault (network, server, keyring, disk), not bugs.

Each carries a stable `code`; `ui.messages` maps codes to translated sentences. Anything
that is not a KnownError (or a StoreError from offline/) is a bug and goes to the crash
handler.
"""

from __future__ import annotations


class KnownError(Exception):
    code = "known"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.code)
        self.detail = detail


class KeyringUnavailableError(KnownError):
    code = "keyring.unavailable"


class ConfigError(KnownError):
    code = "config.invalid"


class OfflineLoginUnavailableError(KnownError):
    """Offline, and this clerk never logged in online on this workstation."""

    code = "auth.offline_unknown"


class NotLoggedInError(KnownError):
    code = "auth.required"


class SandboxServerError(KnownError):
    """The embedded training server did not come up (port, files, …)."""

    code = "sandbox.server"


class IntakeBlockedError(KnownError):
    """An outcome was asked for that the case does not allow yet (see intake.blockers)."""

    code = "intake.blocked"

    def __init__(self, blockers: list[str]) -> None:
        super().__init__(", ".join(blockers))
        self.blockers = blockers


class CaseNotFoundError(KnownError):
    code = "intake.no_case"
