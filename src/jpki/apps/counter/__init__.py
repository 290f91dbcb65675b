"""The face-to-face counter (対面確認): a clerk checks a My Number card the way counters do today,
with the card-face AP (券面事項確認AP) read on the counter's reader and the card's certificate
judged by the platform."""
