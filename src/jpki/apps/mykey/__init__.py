"""The MyKey platform (マイキープラットフォーム, seed 000): a MyKey ID from the card's
authentication certificate (or one the holder chose, written at a municipal counter), the
service IDs of libraries and shopping streets registered against it, points converted into
local-government points (自治体ポイント), and the services told when a card is revoked."""
