"""Parent support (子育て支援, seed 002 No.18): a municipality's notices to parents and the
pregnancy notification (妊娠届) signed with the card, from a TV-style page (large text, few
choices, a remote's arrow keys and Enter)."""
