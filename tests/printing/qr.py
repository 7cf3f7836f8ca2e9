"""Reading the QR code of a printed page back, as a phone at the counter would."""

from __future__ import annotations

import subprocess
from pathlib import Path


def qr_in_pdf(pdf: Path, work: Path) -> str:
    """The QR code on the PDF's first page ('' when none is found).

    OpenCV's classic detector misses about one code in forty on a full page of text at a
    given resolution (the text's strokes pass for finder patterns), and which one depends
    on the encoded address; so each page is tried with the classic and the ArUco-based
    detector, at two resolutions, as a phone tries frame after frame."""
    import cv2

    for dpi in (200, 300):
        stem = work / f"qr-{dpi}"
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", str(pdf),
                        str(stem)], check=True, capture_output=True, timeout=60)
        image = cv2.imread(f"{stem}.png", cv2.IMREAD_GRAYSCALE)
        for detector in (cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()):
            value, _, _ = detector.detectAndDecode(image)
            if value:
                return str(value)
    return ""
