"""Personal health record (PHR, seed 002 No.19): terms accepted with a signature, logins with
the card or the phone, records shown only to the person and to those the person consented to,
every disclosure shown to the person."""
