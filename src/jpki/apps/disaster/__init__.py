"""Disaster support (災害時住民支援情報サービス, seed 002 No.22): residents register in normal
times; after a disaster, shelters check them in with the card, the municipality sees who is
safe where (生存確認), and relief goods are allocated to the shelters that need them."""
