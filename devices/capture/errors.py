"""The one error type of document capture: a stable code the UI translates, a detail for
support staff (never personal data)."""

from __future__ import annotations


class CaptureError(Exception):
    """A source or file could not give pages.

    Codes (stable; ui/ has a translated message for each):
    - files: ``file.missing``, ``file.empty``, ``file.unsupported``, ``file.unreadable``,
      ``file.truncated``, ``file.too_large``, ``file.too_many_pages``, ``file.encrypted``;
    - cameras: ``camera.not_found``, ``camera.ended`` (unplugged, or the video ran out);
    - scanners: ``scanner.unavailable`` (SANE support not installed), ``scanner.not_found``,
      ``scanner.busy``, ``scanner.jammed``, ``scanner.cover_open``, ``scanner.no_docs``,
      ``scanner.io_error``, ``scanner.no_mem``, ``scanner.access_denied``,
      ``scanner.cancelled``, ``scanner.failed`` (anything else the driver says);
    - pages: ``page.undecodable``, ``page.too_large``.
    """

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
