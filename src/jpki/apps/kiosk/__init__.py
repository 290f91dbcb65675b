"""Convenience-store kiosk (コンビニ交付, seed 000; seed 002 No.16): copies of the resident
record (住民票の写し) as PDFs sealed by the municipality, and the identification-number flow
that lets a holder without a card reader complete an online service's identity check at the
store's multi-function copier."""
