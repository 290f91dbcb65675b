"""The front door (入口) of `jpki up`: one page listing every service with what to try there,
the demo residents with their cards, PINs and passwords, and the documentation.

A newcomer who has just typed `jpki up` opens the URL printed first and finds everything else
from there. The residents' PINs are shown because this is the sandbox: a real card's PINs are
never stored anywhere but on the card (`jpki.world.sandbox`). The table is read from
`DATA/residents.json` at every request, so life events (`jpki authority event`) show at once.
The documentation is the repository's `docs/` folder rendered as pages, when jpki runs from a
checkout that has it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from jpki.apps.kit.spec import Guide
from jpki.clock import Clock, in_jst, today_in_japan
from jpki.web import party_app, render_page, templates_beside

CODE_SPAN = re.compile(r"`([^`]+)`")


def code_spans(text: str) -> Markup:
    """A guide's text as HTML: what it writes between backticks (a command, a path) as `<code>`."""
    return Markup(CODE_SPAN.sub(lambda m: f"<code>{escape(m.group(1))}</code>", str(escape(text))))


TEMPLATES = templates_beside(__file__)
TEMPLATES.env.filters["code_spans"] = code_spans
REPOSITORY = Path(__file__).resolve().parents[3]
"""The checkout jpki runs from (`src/jpki/world/` is three folders below it)."""

TEXT: dict[str, dict[str, str]] = {
    "title": {
        "en": "jpki: your world on this machine",
        "ja": "jpki: この端末で動く公的個人認証の世界",
    },
    "intro": {
        "en": "Every party of the JPKI and the services built on it run here on loopback: J-LIS's"
        " authority, the verification platform, the IdP, Mynaportal, the residents' wallet and"
        " the seeds' use cases. Open a service, press its card button, and answer in the wallet"
        " with a resident from the table below.",
        "ja": "公的個人認証の各当事者と、その上に作られたサービスがこの端末 (ループバック) で動いて"
        "います。J-LIS の認証局、署名検証プラットフォーム、IdP、マイナポータル、住民のウォレット、"
        "そして各ユースケースです。サービスを開いてカードのボタンを押し、下の表の住民になって"
        "ウォレットで応えてください。",
    },
    "started": {"en": "Up since", "ja": "起動時刻"},
    "data": {"en": "Data folder", "ja": "データフォルダ"},
    "first_steps": {"en": "Three things to try first", "ja": "まず試す三つのこと"},
    "services": {"en": "Services", "ja": "サービス"},
    "service": {"en": "Service", "ja": "サービス"},
    "what": {"en": "What it is", "ja": "内容"},
    "try": {"en": "What to try", "ja": "試せること"},
    "residents": {"en": "Demo residents (sandbox only)", "ja": "デモの住民 (サンドボックス限定)"},
    "residents_note": {
        "en": "These PINs and passwords are shown only because these are sandbox cards: a real"
        " card's PINs are never stored anywhere but on the card. Residents under 15 have no"
        " signing certificate, as on the real card: they can log in (PIN) but cannot sign or"
        " give their 4 information. Most residents of 15 and over also hold a phone issued from"
        " the card, with its own PIN and password: choose it in the wallet.",
        "ja": "暗証番号とパスワードを表示しているのはサンドボックスのカードだからです。実物のカードの"
        "暗証番号はカードの中にしかありません。15歳未満の住民には実物と同じく署名用電子証明書が"
        "なく、ログイン (暗証番号) はできますが、署名や基本4情報の提供はできません。15歳以上の"
        "住民の多くは、カードから発行したスマホ用電子証明書も持っています (スマホ専用の暗証番号と"
        "パスワード)。ウォレットでスマホを選んでください。",
    },
    "id": {"en": "Card", "ja": "カード"},
    "name": {"en": "Name", "ja": "氏名"},
    "age": {"en": "Age", "ja": "年齢"},
    "pin": {"en": "PIN (4 digits)", "ja": "利用者証明用暗証番号 (数字4桁)"},
    "password": {"en": "Signing password", "ja": "署名用パスワード"},
    "signing": {"en": "Signing certificate", "ja": "署名用電子証明書"},
    "state": {"en": "Register", "ja": "住民の状態"},
    "phone": {
        "en": "Phone (its own PIN / password)",
        "ja": "スマホ用電子証明書 (スマホの暗証番号 / パスワード)",
    },
    "phone_none": {"en": "card only", "ja": "カードのみ"},
    "cert_valid": {"en": "valid", "ja": "有効"},
    "cert_revoked": {"en": "revoked", "ja": "失効"},
    "cert_none": {"en": "none (under 15)", "ja": "なし (15歳未満)"},
    "resident_resident": {"en": "resident", "ja": "住民"},
    "resident_dead": {"en": "deceased", "ja": "死亡"},
    "resident_emigrated": {"en": "emigrated", "ja": "国外転出"},
    "resident_overseas": {"en": "abroad, card kept", "ja": "国外転出 (カード継続利用)"},
    "docs": {"en": "Documentation", "ja": "ドキュメント"},
    "docs_missing": {
        "en": "The documentation is in the docs/ folder of the jpki repository.",
        "ja": "ドキュメントは jpki リポジトリの docs/ フォルダにあります。",
    },
    "back": {"en": "Back to the front door", "ja": "入口に戻る"},
    "pins_hidden": {
        "en": "This world is served beyond this machine, so the PINs are not shown here: they"
        " are in DATA/residents.json and DATA/pins/.",
        "ja": "この世界は他の端末からも接続できるため、暗証番号はここに表示しません。"
        "DATA/residents.json と DATA/pins/ にあります。",
    },
    "not_found": {"en": "There is no such page.", "ja": "そのページはありません。"},
}

FIRST_STEPS = (
    ("bank", {
        "en": "Open a bank account with the card: the form fills itself from the signing certificate.",
        "ja": "カードで銀行口座を開設: 署名用電子証明書から申込書が埋まります。",
    }),
    ("tickets", {
        "en": "Buy a ticket bound to your card and walk through the gate without a PIN.",
        "ja": "カードに結び付いたチケットを買い、暗証番号なしでゲートを通ります。",
    }),
    ("clinic", {
        "en": "Use the card as your health insurance card at a clinic's reception.",
        "ja": "医療機関の受付でカードを健康保険証として使います。",
    }),
)  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Listed:
    """A service as the front door lists it."""

    name: str
    url: str
    guide: Guide


@dataclasses.dataclass(frozen=True)
class DemoResident:
    """A row of the residents' table, from `DATA/residents.json`."""

    id: str
    name: str
    age: int | None
    status: str
    auth_pin: str
    sign_password: str
    signing: str
    """`valid`, `revoked` or `none`."""
    phone_pin: str | None = None
    """The phone's own PIN (スマホ用電子証明書), for a resident with a phone in use; else None."""
    phone_password: str | None = None


def age_on(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def demo_residents(manifest: Path, today: dt.date) -> list[DemoResident]:
    """The residents as the sandbox's manifest has them now (none while it is being written)."""
    try:
        entries = json.loads(manifest.read_text())
    except (OSError, ValueError):
        return []
    return [_resident(entry, today) for entry in entries]


def _resident(entry: Mapping[str, Any], today: dt.date) -> DemoResident:
    birth = entry.get("birth_date")
    sign = entry.get("sign")
    phone = entry.get("phone") if isinstance(entry.get("phone"), Mapping) else None
    in_use = phone is not None and phone.get("status") == "active"
    return DemoResident(
        id=str(entry["id"]),
        name=str(entry["name"]),
        age=age_on(dt.date.fromisoformat(birth), today) if birth else None,
        status=str(entry.get("status", "resident")),
        auth_pin=str(entry.get("auth_pin") or "—"),
        sign_password=str(entry.get("sign_password") or "—") if sign else "—",
        signing=str(sign["status"]) if sign else "none",
        phone_pin=str(phone.get("auth_pin") or "—") if phone and in_use else None,
        phone_password=str(phone.get("sign_password") or "—") if phone and in_use else None,
    )


def documents(folder: Path) -> list[Path]:
    """The documentation's pages, the folder's README first."""
    if not folder.is_dir():
        return []
    return sorted(
        folder.rglob("*.md"),
        key=lambda p: (p != folder / "README.md", p.parent != folder, str(p)),
    )


def _within(root: Path, relative: str) -> Path | None:
    """`root/relative` when it is a Markdown file inside `root`, else None (never `..`)."""
    try:
        candidate = (root / relative).resolve()
        if candidate.suffix != ".md" or not candidate.is_file():
            return None
    except (OSError, ValueError):  # a NUL byte, a name too long: no such page
        return None
    return candidate if candidate.is_relative_to(root.resolve()) else None


def build_front_door_app(
    listed: list[Listed],
    data_dir: Path,
    clock: Clock,
    repository: Path = REPOSITORY,
    *,
    show_pins: bool = True,
) -> FastAPI:
    """The front door of the world in `data_dir`, listing `listed`. The residents' PINs are
    shown only with `show_pins` (`jpki up` on loopback): a world served to the network keeps
    them in `DATA/residents.json`, readable by its user alone."""
    app = party_app("jpki", docs_url=None, redoc_url=None)
    started = clock.now()
    docs = repository / "docs"
    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    urls = {entry.name: entry.url for entry in listed}

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> Response:
        return render_page(
            TEMPLATES, TEXT, request, "front_door.html",
            listed=listed, urls=urls, first_steps=FIRST_STEPS,
            residents=demo_residents(data_dir / "residents.json", today_in_japan(clock)),
            show_pins=show_pins,
            documents=[p.relative_to(docs).as_posix() for p in documents(docs)],
            started=in_jst(started), data_dir=data_dir,
        )  # fmt: skip

    @app.get("/docs/{page:path}", response_class=HTMLResponse)
    def document(request: Request, page: str) -> Response:
        return _document(request, docs, page)

    @app.get("/README.md", response_class=HTMLResponse)
    def readme(request: Request) -> Response:
        return _document(request, repository, "README.md")

    def _document(request: Request, root: Path, page: str) -> Response:
        found = _within(root, page) if root.is_dir() else None
        if found is None:
            return render_page(TEMPLATES, TEXT, request, "front_door_doc.html", 404, body=None)
        body = markdown.render(found.read_text(encoding="utf-8"))
        return render_page(TEMPLATES, TEXT, request, "front_door_doc.html", body=body, page=page)

    return app


__all__ = ["DemoResident", "Listed", "build_front_door_app", "demo_residents", "documents"]
