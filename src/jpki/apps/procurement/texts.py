"""The procurement site's page texts, English and Japanese."""

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Demo City e-procurement", "ja": "デモ市 電子入札"},
    "intro": {
        "en": "Bids are signed with the My Number card. A company's representative may bid in person, or sign an electronic power of attorney for an employee: the employee's bid is accepted only while the power of attorney is valid, unrevoked, in its period and covering the tender, and while the representative's certificate that signed it stands.",
        "ja": "入札書はマイナンバーカードで電子署名します。法人の代表者が自ら入札するか、社員に電子委任状を発行します。社員の入札は、委任状が撤回されておらず、委任期間内で、案件が委任事項に含まれ、委任状に署名した代表者の電子証明書が失効していない場合に限り受け付けます。",
    },
    "register_heading": {
        "en": "1. Register a company (representative)",
        "ja": "1. 入札参加資格の登録(代表者)",
    },
    "company_name": {"en": "Company name", "ja": "法人名"},
    "corporate_number": {"en": "Corporate number (13 digits)", "ja": "法人番号(13桁)"},
    "register": {"en": "Sign the registration with the card", "ja": "カードで登録申請に署名"},
    "registered": {"en": "Registered to bid", "ja": "入札参加資格を登録しました"},
    "delegate_heading": {
        "en": "2. Electronic power of attorney (representative → employee)",
        "ja": "2. 電子委任状(代表者から社員へ)",
    },
    "delegate_name": {
        "en": "Delegate's name (as on their card)",
        "ja": "受任者の氏名(カード記載のとおり)",
    },
    "delegate_birth_date": {
        "en": "Delegate's date of birth (YYYY-MM-DD)",
        "ja": "受任者の生年月日(YYYY-MM-DD)",
    },
    "delegate_title": {"en": "Delegate's department and title", "ja": "受任者の所属・役職"},
    "scope": {"en": "Authority: bids in", "ja": "委任事項:次の入札"},
    "valid_from": {"en": "From (JST)", "ja": "委任期間の開始日(日本時間)"},
    "valid_until": {"en": "Until (JST)", "ja": "委任期間の終了日(日本時間)"},
    "sign_delegation": {
        "en": "Sign the power of attorney with the card",
        "ja": "カードで委任状に署名",
    },
    "delegation_made": {"en": "Power of attorney signed", "ja": "電子委任状に署名しました"},
    "delegator": {"en": "Delegator", "ja": "委任者"},
    "delegate": {"en": "Delegate", "ja": "受任者"},
    "period": {"en": "Period (JST)", "ja": "委任期間(日本時間)"},
    "signed_at": {"en": "Signed and checked", "ja": "署名・検証日時"},
    "number": {"en": "Number", "ja": "委任状番号"},
    "delegations": {"en": "Powers of attorney", "ja": "電子委任状"},
    "companies": {"en": "Registered companies", "ja": "入札参加資格者"},
    "representative": {"en": "Representative", "ja": "代表者"},
    "live": {"en": "in force", "ja": "有効"},
    "withdrawn": {"en": "revoked", "ja": "撤回済み"},
    "revoke": {"en": "Revoke (representative's signature)", "ja": "撤回する(代表者の署名)"},
    "revoked": {"en": "Power of attorney revoked", "ja": "電子委任状を撤回しました"},
    "tenders": {"en": "3. Open tenders", "ja": "3. 入札公告"},
    "category": {"en": "Category", "ja": "種別"},
    "amount": {"en": "Amount (yen, before tax)", "ja": "入札金額(円、税抜)"},
    "bid": {"en": "Sign the bid with the card", "ja": "カードで入札書に署名"},
    "bids": {"en": "Bids received", "ja": "受信した入札書"},
    "accepted": {"en": "Bid accepted", "ja": "入札書を受け付けました"},
    "refused": {"en": "Bid refused", "ja": "入札書を受け付けられません"},
    "bidder": {"en": "Signed by (signing certificate)", "ja": "署名者(署名用電子証明書)"},
    "reason_representative": {"en": "signed by the representative", "ja": "代表者本人の署名"},
    "reason_delegated": {
        "en": "signed under a power of attorney",
        "ja": "電子委任状による受任者の署名",
    },
    "reason_no-delegation": {
        "en": "the signer holds no power of attorney from this company",
        "ja": "署名者はこの法人の委任を受けていません",
    },
    "reason_delegation-revoked": {
        "en": "the power of attorney was revoked",
        "ja": "電子委任状は撤回されています",
    },
    "reason_delegation-expired": {
        "en": "the power of attorney is not in its period today",
        "ja": "電子委任状の委任期間外です",
    },
    "reason_out-of-scope": {
        "en": "the power of attorney does not cover this tender",
        "ja": "この案件は委任事項に含まれていません",
    },
    "reason_representative-revoked": {
        "en": "the representative's certificate that signed the power of attorney is revoked",
        "ja": "電子委任状に署名した代表者の電子証明書は失効しています",
    },
}
