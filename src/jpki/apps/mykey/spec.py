"""How the world starts the MyKey platform: a 代行 (daiko) tenant of the platform."""

from jpki.apps.kit.spec import Guide, ServiceSpec
from jpki.apps.mykey.app import build_mykey_app

SPECS = (
    ServiceSpec(
        "mykey", "demo-mykey", "マイキープラットフォーム / MyKey platform", "daiko",
        build_mykey_app,
        Guide(
            "MyKey platform: MyKey ID, library and shop IDs, local points (seed 000)",
            "マイキープラットフォーム: マイキーID、図書館・商店の ID、自治体ポイント (seed 000)",
            "Register a MyKey ID with the signing password, link a library card at the counter terminal, grant points and convert them to local-government points.",
            "署名用パスワードでマイキーIDを登録し、窓口端末で図書館カードを紐付け、ポイントを付与して自治体ポイントに交換してください。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]
