"""Applications on the card, each selected by its AID."""
