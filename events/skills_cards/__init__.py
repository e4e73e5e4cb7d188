"""Skills cards: the transversal skills vocabulary, coaches' observations, the card built from
them, its review, the candidate's consent, and what recruiters may see."""
