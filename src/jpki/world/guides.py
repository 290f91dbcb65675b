"""What `jpki up` says about each of its services: the line in the table it prints and, on the
front door (入口), what each is and what a newcomer can try there, in both languages.

The use cases' services describe themselves in their own specs (`jpki.apps.<service>.spec`);
this module holds the guides of the parties the world starts itself, and puts both together in
the order the services are bound."""

from __future__ import annotations

from jpki.apps.kit.spec import Guide
from jpki.world.hpki import HPKI
from jpki.world.services import SERVICES, SSO_GUIDES

FRONT_DOOR = "home"
"""The front door's name in `jpki up`'s table: printed first, bound last (so that the addresses
the other services had before it existed stay theirs)."""

CORE_GUIDES = {  # the use cases' services follow these, in `service_names`
    "authority": Guide(
        "J-LIS: CAs, CRLs, OCSP, linkage (地方公共団体情報システム機構)",
        "J-LIS: 二つの認証局、CRL、OCSP、紐付け情報",
        "Fetch the CRLs at `/crl/sign.crl` and `/crl/auth.crl`, or move a resident with"
        " `jpki authority event DATA move R000001 --address ...` and watch the services notice.",
        "`/crl/sign.crl` と `/crl/auth.crl` で CRL を取得できます。"
        "`jpki authority event DATA move R000001 --address ...` で住民を転居させると、"
        "各サービスが異動を検知します。",
    ),
    "platform": Guide(
        "Signature verification platform: /v1 API, /console (署名検証プラットフォーム)",
        "署名検証プラットフォーム: /v1 API と管理画面 /console",
        "Sign in to `/console` as the operator (`admin_token` in `DATA/platform/settings.json`) or as a"
        " service with its API key (`DATA/apps/tenants.json`): customers, evidence and the month's"
        " fees. The API is described at `/docs`.",
        "`/console` に運営者 (`DATA/platform/settings.json` の `admin_token`) またはサービスの API キー"
        " (`DATA/apps/tenants.json`) でログインすると、顧客、エビデンス、当月の手数料が見られます。"
        "API の説明は `/docs` にあります。",
    ),
    "idp": Guide(
        "OpenID Connect provider with card login (IDaaS)",
        "カードでログインする OpenID Connect プロバイダ (IDaaS)",
        "Its discovery document is at `/.well-known/openid-configuration`; the account page shows"
        " which sites you consented to and lets you withdraw.",
        "`/.well-known/openid-configuration` が公開設定です。アカウントのページで同意したサイトを"
        "確認し、撤回できます。",
    ),
    "wallet": Guide(
        "The residents' cards: answers logins and signatures (利用者クライアント)",
        "住民のカード: ログインと署名に応える利用者クライアント",
        "Services send you here with \u201cUse the wallet on this device\u201d: pick a card and"
        " type its PIN (4 digits) or signing password (6-16 capitals and digits) from the table"
        " below.",
        "各サービスの「この端末のウォレットを使う」でここに来ます。カードを選び、下の表の"
        "暗証番号 (数字4桁) または署名用パスワード (英大文字と数字6〜16文字) を入力します。",
    ),
    "demo-rp": Guide(
        "Demo relying party of the IdP",
        "IdP を使うデモのサービス (RP)",
        "Choose a level and log in with the card through the IdP: the site shows your pairwise"
        " ID, the level reached and your name and address. Then sign a document and see the"
        " signature come back.",
        "レベルを選んで IdP 経由でカードでログインすると、このサイト専用の ID、到達したレベル、"
        "氏名と住所が表示されます。続いて文書に署名すると、署名が戻ってきます。",
    ),
    "mynaportal": Guide(
        "Mynaportal (マイナポータル)",
        "マイナポータル",
        "Log in with the card (PIN): see who received information about you and when, what the"
        " agencies hold, your notices and post box, and notify a move.",
        "カードでログイン (暗証番号) すると、誰がいつあなたの情報を受け取ったか、各機関の保有"
        "情報、お知らせと郵便受けが見られ、転居の届出もできます。",
    ),
}

DIGITAL_AGENCY = "idp-da"
"""The Digital Agency profile's IdP in `jpki up`'s table: bound after the front door, so that
every address the world had before it existed stays as it was."""

DIGITAL_AGENCY_GUIDE = Guide(
    "The Digital Agency's デジタル認証アプリ API, a local twin (its own issuer)",
    "デジタル認証アプリ API のローカル版 (別の発行者)",
    "Build and test an integration before the government's sandbox: the discovery document is at"
    " `/api/realms/main/.well-known/openid-configuration`, the signing API at"
    " `/api/sign-transactions`. Register an RP with its public keys (`private_key_jwt` only):"
    " `jpki idp client add --data DATA --folder idp-da --name RP --redirect-uri URL --jwks"
    ' rp.json --scope "openid name sign"`.',
    "政府のサンドボックスを待たずに連携を作って試せます。公開設定は"
    " `/api/realms/main/.well-known/openid-configuration`、署名 API は `/api/sign-transactions`"
    " です。RP は公開鍵で登録します (`private_key_jwt` のみ): `jpki idp client add --data DATA"
    ' --folder idp-da --name RP --redirect-uri URL --jwks rp.json --scope "openid name sign"`。',
)

HPKI_GUIDE = Guide(
    "HPKI signing CA: doctors' and pharmacists' certificates, qualification and no address (保健医療福祉分野PKI)",
    "HPKI 署名用認証局: 医師・薬剤師の証明書 (資格を記載、住所なし)",
    "A doctor applies with `jpki hpki apply` (the card's signing password proves who they are,"
    " the registry the licence); the certificate then signs e-prescriptions at the clinic. The CA"
    " certificate is at `/ca.pem`, the CRL at `/crl/hpki-sign.crl`.",
    "医師は `jpki hpki apply` で申請します (カードの署名用パスワードで本人、登録簿で資格を確認)。"
    "発行された証明書で医療機関の電子処方箋に署名します。認証局証明書は `/ca.pem`、CRL は"
    " `/crl/hpki-sign.crl` です。",
)

ATTRIBUTES = "attributes"
"""The attribute authority (属性認証局) in `jpki up`'s table: bound after the Digital Agency's
IdP, so every earlier address stays."""

ATTRIBUTES_GUIDE = Guide(
    "Attribute authority: RFC 5755 attribute certificates bound to the card's holder (属性認証局)",
    "属性認証局: カードの持ち主に結び付けた属性証明書 (RFC 5755)",
    "Its certificate and tenant are at `/v1/about`, its CRL at `/crl/attributes`; the"
    " fee-reduction service's welfare office has it issue 減免事由証明書.",
    "証明書とテナントは `/v1/about`、失効リストは `/crl/attributes` にあります。"
    "手数料減免サービスの福祉事務所が減免事由証明書の発行を依頼します。",
)

FRONT_DOOR_GUIDE = Guide(
    "Start here / ここから: every service, the demo residents and the docs",
    "入口: すべてのサービス、デモの住民、ドキュメント",
    "Start here.",
    "ここから始めてください。",
)


def guides() -> dict[str, Guide]:
    """Every service of `jpki up` by the name it is listed under, in the order they are
    bound (a service's TLS endpoint beside it, the front door, then the services added since
    it: the Digital Agency profile's IdP)."""
    listed = dict(CORE_GUIDES)
    for spec in SERVICES:
        listed[spec.key] = spec.guide
        if spec.tls_endpoint:
            listed[spec.tls_key] = Guide(
                f"{spec.guide.what_en}: the TLS endpoint",
                f"{spec.guide.what_ja}: TLS の窓口",
                "Reached with the card as the TLS client certificate; it answers nothing"
                " without one.",
                "カードを TLS クライアント証明書にして接続します。証明書がなければ応答しません。",
            )
    return (
        listed
        | SSO_GUIDES
        | {FRONT_DOOR: FRONT_DOOR_GUIDE, DIGITAL_AGENCY: DIGITAL_AGENCY_GUIDE, HPKI: HPKI_GUIDE}
        | {ATTRIBUTES: ATTRIBUTES_GUIDE}
    )


__all__ = [
    "ATTRIBUTES",
    "ATTRIBUTES_GUIDE",
    "CORE_GUIDES",
    "DIGITAL_AGENCY",
    "DIGITAL_AGENCY_GUIDE",
    "FRONT_DOOR",
    "FRONT_DOOR_GUIDE",
    "HPKI_GUIDE",
    "guides",
]
