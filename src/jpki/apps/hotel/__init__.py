"""Hotel smart key (seed 002 No.3): check-in with the card, a room key issued to the guest's
phone, the door opened only by that phone during the stay."""
