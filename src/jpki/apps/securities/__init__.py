"""Online securities over TLS client authentication (SSL/TLSクライアント認証, seed 002 No.14):
accounts opened with the signing certificate, then the trading API reached over HTTPS with
the card's authentication certificate as the client certificate, mapped to the account by the
platform (代行: the securities company keeps no serials)."""
