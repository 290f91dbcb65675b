"""One e-application site: card login through the IdP (single sign-on across the sites),
then file a procedure; the site keeps applications under the IdP's pairwise subject."""

from __future__ import annotations

from fastapi import FastAPI, Form, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from jpki.apps.gov_sso.models import ApplicationRow
from jpki.apps.gov_sso.sites import Site
from jpki.apps.gov_sso.texts import TEXT
from jpki.apps.kit.database import AppsDatabase
from jpki.apps.kit.oidc import RelyingPartyConfig, add_card_login
from jpki.apps.kit.web import redirect, service_templates
from jpki.clock import Clock
from jpki.web import in_language, party_app, render_page

TEMPLATES = service_templates(__file__)


def build_site_app(
    site: Site, config: RelyingPartyConfig, database: AppsDatabase, clock: Clock
) -> FastAPI:
    app = party_app(site.name, forms_of=config.base_url, docs_url=None, redoc_url=None)
    text = TEXT | {
        "title": {"en": in_language(site.name, "en"), "ja": in_language(site.name, "ja")}
    }

    def page(request: Request, template: str, status: int = 200, **context: object) -> HTMLResponse:
        return render_page(TEMPLATES, text, request, template, status, site=site, **context)

    add_card_login(
        app,
        config,
        lambda request, error: page(request, "app_message.html", 400, message=error, ok=False),
    )

    def applications(subject: str) -> list[ApplicationRow]:
        with database.transaction() as session:
            query = select(ApplicationRow).where(
                ApplicationRow.site == site.key, ApplicationRow.subject == subject
            )
            return list(session.scalars(query.order_by(ApplicationRow.id.desc())))

    @app.get("/")
    def home(request: Request) -> Response:
        user = request.session.get("user")
        filed = applications(user["sub"]) if user else []
        return page(request, "site.html", user=user, filed=filed)

    @app.post("/apply")
    def apply(request: Request, procedure: str = Form(...)) -> Response:
        user = request.session.get("user")
        if not user:
            return redirect("/login")
        if procedure not in site.procedures:
            return page(
                request,
                "app_message.html",
                400,
                message=f"unknown procedure {procedure[:64]}",
                ok=False,
            )
        with database.transaction() as session:
            session.add(
                ApplicationRow(
                    site=site.key,
                    subject=user["sub"],
                    procedure=procedure,
                    acr=user.get("acr", ""),
                    filed_at=clock.now(),
                )
            )
        return redirect("/")

    return app


__all__ = ["build_site_app"]
