"""Clinic reception with online qualification confirmation (オンライン資格確認, seed 000
保険資格確認, seed 003): the card identifies the insured person at reception; an offline
terminal keeps working from a cached allow/revocation list (ホワイトリストのキャッシュ)."""
