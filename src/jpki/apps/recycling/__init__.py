"""Appliance recycling with eco points (seed 002 No.15, 家電リサイクル・エコポイント): a
collection box authenticates the card PIN-less, records the appliance returned and credits eco
points to the holder's account; the holder sees the points after a card login with the PIN."""
