"""Pages for people: the printable ticket (admin forms come later)."""
