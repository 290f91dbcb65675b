"""Each service is self-contained: its texts, pages, tables and revisions in its own package,
and its name once in the registry that the world and the database both read (issue 18)."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

from jpki.apps import registry
from jpki.apps.kit.spec import ServiceSpec
from jpki.apps.kit.web import KIT_TEMPLATES
from jpki.web import SHARED_TEMPLATES

APPS = Path(registry.__file__).parent
PACKAGES = sorted(
    path.parent.name
    for path in APPS.glob("*/__init__.py")
    if path.parent.name not in ("kit", "demo_rp")
)


def test_every_service_package_is_registered_exactly_once():
    assert sorted(registry.SERVICES) == PACKAGES
    assert Counter(registry.SERVICES).most_common(1)[0][1] == 1


def test_every_spec_names_a_distinct_server():
    keys = [spec.key for spec in registry.specs()]
    assert len(keys) == len(set(keys))
    tenants = [spec.tenant for spec in registry.specs() if isinstance(spec, ServiceSpec)]
    assert len(tenants) == len(set(tenants))


@pytest.mark.parametrize("service", PACKAGES)
def test_a_service_keeps_its_texts_pages_and_revisions_beside_its_code(service):
    folder = APPS / service
    for part in ("texts.py", "spec.py", "models.py"):
        assert (folder / part).is_file(), f"{service} has no {part}"
    assert list((folder / "templates").glob("*.html")), f"{service} has no templates/"
    assert list((folder / "migrations").glob("*.py")), f"{service} has no migrations/"


@pytest.mark.parametrize("service", PACKAGES)
def test_a_service_has_its_texts_in_texts_py_only_each_in_both_languages(service):
    for module in (APPS / service).glob("*.py"):
        names = {
            target.id
            for node in ast.walk(ast.parse(module.read_text(encoding="utf-8")))
            if isinstance(node, ast.Assign | ast.AnnAssign)
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Name)
        }
        assert module.name == "texts.py" or "TEXT" not in names, f"texts in {module}"
    text = registry.part(service, "texts").TEXT
    assert text
    assert all(set(entry) == {"en", "ja"} for entry in text.values())


def test_pages_live_in_a_service_or_the_kit_and_none_shadows_a_shared_one():
    for page in APPS.rglob("*.html"):
        assert page.parent == APPS / page.parent.parent.name / "templates", page
    shared = {page.name for page in (*KIT_TEMPLATES.glob("*.html"), *SHARED_TEMPLATES.glob("*"))}
    for service in PACKAGES:
        own = {page.name for page in (APPS / service / "templates").glob("*.html")}
        assert not own & shared, f"{service}'s pages shadow {own & shared}"


def test_revisions_live_only_in_the_services_folders():
    revisions = {path.parent.parent.name for path in APPS.glob("*/migrations/*.py")}
    assert revisions == {"kit", *PACKAGES}
    assert [path.name for path in (APPS / "kit" / "migrations").glob("*.py")] == ["env.py"]
