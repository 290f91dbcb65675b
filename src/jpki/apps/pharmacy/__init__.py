"""The pharmacy and its electronic medicine notebook (電子お薬手帳): seed 002 No.6, seed 001."""
