"""Age verification (seed 001 roadmap: tobacco and alcohol vending machines, event entry): a
terminal learns "20 or older: yes/no" from a card authentication and nothing else."""
