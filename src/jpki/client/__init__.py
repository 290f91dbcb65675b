"""The user's client software (利用者クライアントソフト): talks to the card through a reader.

Readers are transports: in-process (a card image, for tests and the sandbox) or PC/SC (a real
card, or ours attached through vpcd). Everything above the reader (`JpkiToken`) only speaks
APDUs, so it works the same with any card in any reader.
"""
