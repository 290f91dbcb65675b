"""Revocation data for the verifier: a compact index of revoked serials fed by CRLs, an OCSP
client, and the policy that combines them (fail closed when nothing fresh answers)."""
