"""Public-money receiving accounts (公金受取口座) registered with the card, and benefits paid to
them by a municipality without asking for the account again (seed 001's roadmap)."""
