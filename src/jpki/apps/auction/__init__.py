"""Auction seller checks (seed 002 No.17, オークション出品者確認): one signed registration,
then every listing authenticated with the card and PIN; a seller whose card is revoked is
stopped through the platform's status checks and change notifications."""
