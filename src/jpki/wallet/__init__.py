"""The citizen's wallet (the smartphone app's role): shows who asks for what, takes the PIN,
has the card sign, and answers the IdP."""
