"""The OpenID Connect provider (IDaaS, seed 002 No.14): "log in with My Number card" for any
website, and signing transactions approved on the holder's wallet."""
