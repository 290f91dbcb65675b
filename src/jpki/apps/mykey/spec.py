"""How the world starts the MyKey platform: a 代行 (daiko) tenant of the platform."""

from jpki.apps.kit.spec import ServiceSpec
from jpki.apps.mykey.app import build_mykey_app

SPECS = (
    ServiceSpec(
        "mykey", "demo-mykey", "マイキープラットフォーム / MyKey platform", "daiko",
        build_mykey_app,
        "MyKey platform: MyKey ID, library and shop IDs, local points (seed 000)",
    ),
)  # fmt: skip


__all__ = ["SPECS"]
