"""Housing-loan e-contract (住宅ローン電子契約, seed 002 No.8): the contract PDF signed with the
borrower's card, countersigned by the bank's seal and made long-term by the platform (PAdES
B-LT), so it can be verified for the whole life of the loan."""
