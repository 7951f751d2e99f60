"""What the law asks of a plan: the rules (data/statutory.yaml), what shows each is met, and the verdicts."""
