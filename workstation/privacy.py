"""Masking personal data for the screen where the full value is not needed."""

from __future__ import annotations


def mask_name(name: str) -> str:
    """Keep the surname (first character), hide the rest: 林晓静 → 林**."""
    name = name.strip()
    if len(name) <= 1:
        return name
    return name[0] + "*" * (len(name) - 1)


def mask_document_number(number: str) -> str:
    """Resident ID numbers keep region and last four (110101********8524); other
    documents keep their first two and last three characters."""
    number = number.strip()
    if len(number) >= 15:
        return number[:6] + "*" * (len(number) - 10) + number[-4:]
    if len(number) > 5:
        return number[:2] + "*" * (len(number) - 5) + number[-3:]
    return "*" * len(number)
