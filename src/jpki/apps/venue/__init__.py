"""A casino or venue entry check (seed 001 roadmap: カジノ入場確認): age (20+) and the
self-exclusion list (本人申告によるカジノ入場制限), nothing else; the venue learns only
"allowed / refused (why)" and a pairwise visitor ID that counts the visits."""
