"""The MVNO counter (seed 002 No.1): a contract at an electronics store's counter where the
customer signs the terms with the card instead of showing and photocopying an ID."""
