"""Payment relay (中継サービス, seed 004): credit, debit and ATM flows where the card identifies
the customer, the relay maps the authentication certificate to the right issuer and account
(asking which card when several are linked), and the issuer authorises with its own PIN
rules."""
