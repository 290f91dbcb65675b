"""The attribute authority (属性認証局): RFC 5755 attribute certificates bound to a JPKI-verified
person through the signature verification platform's stable ID, and their CRL."""

__all__: list[str] = []
