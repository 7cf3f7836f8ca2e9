"""Seed a reference-server store with the demo catalogue, calendar and clerk accounts."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from server.seed.certificates import demo_certificates
from server.store import ServerStore, licence_holder

# Demo accounts of the sandbox. Passwords are public on purpose: this is training data.
DEMO_CLERKS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    (
        "demo",
        "demo1234",
        # The sandbox's one account: it serves the counter and the certificate desk.
        {"name": "王晓梅", "roles": ["clerk", "certificate_desk"], "hall": "示范区政务服务中心",
         "window": "3号窗口"},
    ),
    (
        "desk",
        "desk1234",
        {"name": "李建国", "roles": ["clerk", "certificate_desk"], "hall": "示范区政务服务中心",
         "window": "统一出证窗口"},
    ),
    (
        "desk2",
        "desk21234",
        {"name": "赵敏", "roles": ["clerk", "certificate_desk"], "hall": "示范区政务服务中心",
         "window": "统一出证2号窗口"},
    ),
    (
        "trainer",
        "trainer1234",
        {"name": "张老师", "roles": ["clerk", "trainer"], "hall": "示范区政务服务中心",
         "window": "培训室"},
    ),
    (
        "admin",
        "admin1234",
        {"name": "系统管理员", "roles": ["admin"], "hall": "示范区政务服务中心",
         "window": "后台"},
    ),
)


def _resource_json(name: str) -> list[dict[str, Any]]:
    text = resources.files("resources").joinpath("catalogue", name).read_text(encoding="utf-8")
    data = json.loads(text)
    assert isinstance(data, list)
    return data


def demo_items() -> list[dict[str, Any]]:
    return _resource_json("demo_catalogue.json")


def demo_calendar() -> list[dict[str, Any]]:
    return _resource_json("calendar.json")


def demo_forms() -> list[dict[str, Any]]:
    return _resource_json("demo_forms.json")


def demo_licences() -> list[dict[str, Any]]:
    return _resource_json("demo_licences.json")


def item_rows(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(str(i["code"]), json.dumps(i, ensure_ascii=False)) for i in items]


def seed(store: ServerStore, *, synthetic: int = 0, prefix_base: str = "SF") -> None:
    """Fill an empty store; a store that already has a catalogue is left as it is.
    `prefix_base` is the server's case-number prefix base (the demo certificates')."""
    for username, password, profile in DEMO_CLERKS:
        known = store.clerk(username)
        if known is None:
            store.add_clerk(username, password, profile)
        elif not set(profile["roles"]) <= set(known.profile.get("roles", [])):
            # A sandbox made by an older release: its demo accounts gain the new roles.
            roles = [*known.profile.get("roles", []),
                     *(r for r in profile["roles"] if r not in known.profile.get("roles", []))]
            store.set_profile(username, {**known.profile, "roles": roles})
    if store.feed_count("catalogue") == 0:
        items = demo_items()
        if synthetic:
            from server.seed.synthetic import generate_items

            items = list(generate_items(synthetic))
        store.replace("catalogue", item_rows(items))
    if store.feed_count("forms") == 0:
        store.replace("forms", [(str(f["id"]), json.dumps(f, ensure_ascii=False))
                                for f in demo_forms()])
    if store.licence_count() == 0:
        for holder in demo_licences():
            store.add_licences(
                licence_holder(holder["holder_id_type"], holder["holder_id_number"]),
                [(str(lic["licence_type"]), str(lic["number"]),
                  json.dumps(lic, ensure_ascii=False))
                 for lic in holder["licences"]])
    if store.certificate_total() == 0:
        store.add_certificates((str(c["certificate_id"]), json.dumps(c, ensure_ascii=False))
                               for c in demo_certificates(prefix_base))
    if store.feed_count("calendar") == 0:
        store.replace(
            "calendar",
            [(str(d["date"]), json.dumps(d, ensure_ascii=False)) for d in demo_calendar()],
        )
