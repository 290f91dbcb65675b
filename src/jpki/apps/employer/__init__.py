"""An employer's staff ID on the card's free area (職員証, seed 000 ④, seed 001 ICチップアプリ):
issued by HR after a JPKI check, used PIN-less at the automated gate."""
