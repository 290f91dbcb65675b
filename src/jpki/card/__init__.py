"""The My Number card (マイナンバーカード) as an ISO 7816-4 card OS answering APDUs.

So far: the JPKI application (公的個人認証AP) with its files, keys and PINs, kept in a card
image file. The card-info and card-face applications, PIN-less external authentication, the
vpcd bridge to pcscd and the client come with the rest of the card issue.
"""
