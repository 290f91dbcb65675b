"""The bank and securities company (seed 002 No.5, No.20; seed 004): accounts opened online
with the signing certificate (eKYC), logins with the authentication certificate, in the
platform's 代行 model."""
