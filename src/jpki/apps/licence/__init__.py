"""Driving-licence data on the card (マイナ免許証): written by the public safety commission
(公安委員会) into the card's free area, read and verified at a counter (rental car, police)."""
