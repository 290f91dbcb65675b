"""The operator and SP web console (English / 日本語).

Operators sign in with the operator token and see tenants (with this month's fees), can
register new ones, and see the latest evidence. An SP signs in with its API key and sees its
customers and links, recent verifications, status-check reports, webhook deliveries (dead
letters marked) and its statement. The session is a signed, HttpOnly, SameSite=Strict cookie
that names the role and tenant (never the key) and expires after eight hours.
"""

from __future__ import annotations

import hmac
import json
from typing import Annotated, Any

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from pydantic import TypeAdapter, ValidationError

from jpki.platform.errors import InvalidRequest, NotAuthorized
from jpki.platform.evidence import EvidenceRecord
from jpki.platform.service import Platform
from jpki.platform.tenants import Model, Tenant
from jpki.profile.status import Situation
from jpki.protocol.verification import (
    LOGIN_REFUSAL_WORDS,
    LoginAccepted,
    LoginRefused,
    LoginResult,
    Message,
    PdfSignaturesResult,
    RegistrationResult,
    SignatureResult,
)
from jpki.verifier.verdict import Status
from jpki.web import language, render_page, templates_beside, translator
from jpki.web_session import CookieSeal

COOKIE = "jpki_console"
SESSION_SECONDS = 8 * 3600
TEMPLATES = templates_beside(__file__)

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Signature verification platform", "ja": "署名検証プラットフォーム"},
    "login": {"en": "Sign in", "ja": "ログイン"},
    "logout": {"en": "Sign out", "ja": "ログアウト"},
    "role": {"en": "Role", "ja": "種別"},
    "role_sp": {"en": "Service provider (API key)", "ja": "サービス提供者（APIキー）"},
    "role_operator": {"en": "Operator (operator token)", "ja": "運営者（運営者トークン）"},
    "secret": {"en": "Key or token", "ja": "キーまたはトークン"},
    "bad_login": {"en": "Wrong key or token.", "ja": "キーまたはトークンが正しくありません。"},
    "tenants": {"en": "Tenants", "ja": "サービス提供者一覧"},
    "name": {"en": "Name", "ja": "名称"},
    "model": {"en": "Model", "ja": "形態"},
    "model_daiko": {"en": "Proxy verification (代行)", "ja": "代行"},
    "model_itaku": {"en": "Delegated verifier (委託)", "ja": "委託"},
    "origins": {"en": "Origins", "ja": "オリジン"},
    "month_total": {"en": "Fees this month", "ja": "今月の手数料"},
    "yen": {"en": "yen", "ja": "円"},
    "new_tenant": {"en": "Register a tenant", "ja": "サービス提供者の登録"},
    "create": {"en": "Register", "ja": "登録"},
    "key_once": {"en": "API key (shown once):", "ja": "APIキー（一度だけ表示）:"},
    "recent": {"en": "Recent verifications", "ja": "最近の検証"},
    "receipt": {"en": "Receipt no.", "ja": "受付処理番号"},
    "time": {"en": "Time (JST)", "ja": "日時"},
    "tenant": {"en": "Tenant", "ja": "提供者"},
    "kind": {"en": "Kind", "ja": "種類"},
    "outcome": {"en": "Outcome", "ja": "結果"},
    "kind_authentication": {"en": "Login", "ja": "利用者証明"},
    "kind_signature": {"en": "Signature", "ja": "署名検証"},
    "kind_registration": {"en": "Registration", "ja": "紐付け登録"},
    "kind_unlinking": {"en": "Unlinking", "ja": "紐付け解除"},
    "kind_status-check": {"en": "Status check", "ja": "現況確認"},
    "customers": {"en": "Customers and links", "ja": "顧客と紐付け"},
    "reference": {"en": "Customer", "ja": "顧客番号"},
    "user_id": {"en": "User ID", "ja": "利用者ID"},
    "linked_at": {"en": "Linked", "ja": "紐付け日時"},
    "state": {"en": "State", "ja": "状態"},
    "linked": {"en": "linked", "ja": "紐付け中"},
    "unlinked": {"en": "unlinked", "ja": "解除済み"},
    "status_reports": {"en": "Status-check reports", "ja": "現況確認レポート"},
    "items": {"en": "Items", "ja": "件数"},
    "summary": {"en": "Summary", "ja": "内訳"},
    "deliveries": {"en": "Change notifications", "ja": "変更通知"},
    "event": {"en": "Event", "ja": "内容"},
    "attempts": {"en": "Attempts", "ja": "試行回数"},
    "last_error": {"en": "Last error", "ja": "直近のエラー"},
    "delivery_pending": {"en": "pending", "ja": "送信待ち"},
    "delivery_delivered": {"en": "delivered", "ja": "送信済み"},
    "delivery_dead": {"en": "dead letter", "ja": "送信断念"},
    "statement": {"en": "Statement", "ja": "利用明細"},
    "item": {"en": "Item", "ja": "項目"},
    "purpose": {"en": "Certificate", "ja": "証明書"},
    "count": {"en": "Count", "ja": "件数"},
    "jlis_fee": {"en": "J-LIS fee", "ja": "J-LIS手数料"},
    "platform_fee": {"en": "Platform fee", "ja": "PF利用料"},
    "total": {"en": "Total", "ja": "合計"},
    "accepted": {"en": "accepted", "ja": "成功"},
    "refused": {"en": "refused", "ja": "拒否"},
}


class ConsoleSessions:
    """Console session cookies: `[role, tenant]` sealed (`jpki.web_session.CookieSeal`) under
    the platform's secret, accepted for `SESSION_SECONDS`; nobody but the platform can read
    which tenant a browser is logged in as, or forge one."""

    def __init__(self, secret: bytes) -> None:
        self._seal = CookieSeal(secret, "platform console session")

    def issue(self, role: str, tenant_id: str) -> str:
        return self._seal.seal(json.dumps([role, tenant_id]).encode())

    def read(self, cookie: str | None) -> tuple[str, str] | None:
        opened = self._seal.open(cookie or "", SESSION_SECONDS)
        if opened is None:
            return None
        role, tenant_id = json.loads(opened)
        return str(role), str(tenant_id)


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A console page in the visitor's language."""
    lang = language(request)
    t = translator(TEXT, lang)

    def situation(value: str) -> str:
        try:
            found = Situation(value)
        except ValueError:
            return value
        return found.label_ja if lang == "ja" else found.label_en

    def verdict(value: str) -> str:
        try:
            found = Status(value)
        except ValueError:
            return value
        return found.label_ja if lang == "ja" else found.value

    def outcome(record: EvidenceRecord) -> str:
        """A record's result in a word, read back as the protocol's message it stores."""
        try:
            match recorded(record):
                case LoginAccepted():
                    return t("accepted")
                case LoginRefused(error=error):
                    words = LOGIN_REFUSAL_WORDS.get(error, {}).get(lang, error)
                    return f"{t('refused')}: {words}"
                case RegistrationResult(registered=registered):
                    return t("accepted") if registered else t("refused")
                case SignatureResult(status=status):
                    return verdict(status)
                case PdfSignaturesResult(signatures=signatures):
                    return ", ".join(verdict(signature.status) for signature in signatures)
        except ValidationError:
            return ""  # not a result this console knows
        if record.kind == "status-check":
            return f"{record.payload.get('items')} {t('items')}"
        return ""

    return render_page(
        TEMPLATES,
        TEXT,
        request,
        template,
        status,
        situation=situation,
        outcome=outcome,
        **context,
    )


_LOGIN: TypeAdapter[LoginResult] = TypeAdapter(LoginResult)
_SIGNATURES: TypeAdapter[SignatureResult | PdfSignaturesResult] = TypeAdapter(
    SignatureResult | PdfSignaturesResult
)


def recorded(record: EvidenceRecord) -> Message | None:
    """The result an evidence record stores (the payload is the JSON the tenant received),
    or None for records that store a summary instead (status checks, unlinkings)."""
    match record.kind:
        case "authentication":
            return _LOGIN.validate_python(record.payload)
        case "registration":
            return RegistrationResult.model_validate(record.payload)
        case "signature":
            return _SIGNATURES.validate_python(record.payload)
    return None


def add_console(app: FastAPI, platform: Platform) -> None:
    sessions = ConsoleSessions(bytes.fromhex(platform.settings.id_secret))

    def session_of(request: Request) -> tuple[str, str] | None:
        return sessions.read(request.cookies.get(COOKIE))

    @app.get("/console", response_class=HTMLResponse, include_in_schema=False)
    def console(request: Request) -> Response:
        session = session_of(request)
        if session is None:
            return render(request, "login.html")
        role, tenant_id = session
        if role == "operator":
            return operator_page(request)
        return sp_page(request, platform.tenants.get(tenant_id))

    def operator_page(
        request: Request, created_key: str | None = None, error: str | None = None
    ) -> HTMLResponse:
        tenants = [
            {"tenant": t, "statement": platform.statement(t)} for t in platform.tenants.all()
        ]
        return render(
            request,
            "operator.html",
            400 if error else 200,
            who="operator / 運営者",
            tenants=tenants,
            evidence=platform.evidence.recent(limit=50),
            created_key=created_key,
            error=error,
        )

    def sp_page(request: Request, tenant: Tenant) -> HTMLResponse:
        return render(
            request,
            "sp.html",
            who=tenant.id,
            tenant=tenant,
            links=platform.linkage.links_of(tenant),
            evidence=platform.evidence.recent(tenant=tenant.id, limit=50),
            reports=platform.evidence.recent(tenant=tenant.id, kinds=("status-check",), limit=20),
            deliveries=platform.webhooks.deliveries(tenant),
            statement=platform.statement(tenant),
        )

    @app.post("/console/login", include_in_schema=False)
    def login(
        request: Request, role: Annotated[str, Form()], secret: Annotated[str, Form()]
    ) -> Response:
        if role == "operator" and hmac.compare_digest(secret, platform.settings.admin_token):
            cookie = sessions.issue("operator", "")
        else:
            try:
                tenant = platform.tenants.authenticate(secret) if role == "sp" else None
            except NotAuthorized:
                tenant = None
            if tenant is None:
                return render(
                    request, "login.html", 403, error=TEXT["bad_login"][language(request)]
                )
            cookie = sessions.issue("sp", tenant.id)
        response = RedirectResponse("/console", status_code=303)
        response.set_cookie(
            COOKIE, cookie, httponly=True, samesite="strict", max_age=SESSION_SECONDS
        )
        return response

    @app.post("/console/logout", include_in_schema=False)
    def logout() -> Response:
        response = RedirectResponse("/console", status_code=303)
        response.delete_cookie(COOKIE)
        return response

    @app.post("/console/tenants", include_in_schema=False)
    def create_tenant(
        request: Request,
        tenant_id: Annotated[str, Form()],
        name: Annotated[str, Form()],
        model: Annotated[str, Form()],
        origin: Annotated[str, Form()],
    ) -> Response:
        session = session_of(request)
        if session is None or session[0] != "operator":
            return RedirectResponse("/console", status_code=303)
        try:
            _, key = platform.tenants.register(tenant_id, name, Model(model), [origin])
        except (InvalidRequest, ValueError) as exc:
            return operator_page(request, error=str(exc))
        return operator_page(request, created_key=key)

    @app.get("/console/statement.csv", include_in_schema=False)
    def statement_csv(request: Request) -> Response:
        session = session_of(request)
        if session is None or session[0] != "sp":
            return RedirectResponse("/console", status_code=303)
        tenant = platform.tenants.get(session[1])
        return PlainTextResponse(platform.statement(tenant).to_csv(), media_type="text/csv")


__all__ = ["TEXT", "ConsoleSessions", "add_console"]
