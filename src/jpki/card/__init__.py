"""The My Number card (マイナンバーカード) as an ISO 7816-4 card OS answering APDUs.

The JPKI application (公的個人認証AP) with its files, keys and PINs, the card-info input-support
application (券面事項入力補助AP) and the card-face confirmation application (券面事項確認AP), kept
in a card image file shared by every opener (store.py), and the vpcd bridge to pcscd.
"""
