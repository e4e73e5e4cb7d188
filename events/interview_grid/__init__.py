"""The interview grid of a job dating: who meets whom, at which table, in which slot."""
