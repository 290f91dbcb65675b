"""Mynaportal (マイナポータル, 情報提供等記録開示システム): the person's window on the numbering
system, entered with the card's authentication certificate (never the My Number)."""
