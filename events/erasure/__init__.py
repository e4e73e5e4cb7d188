"""Erasure on request (issue 12 §4): a candidate's personal data removed or irreversibly
anonymised everywhere, in one transaction, the candidate row kept as a tombstone so that
counts stay (``erase``); and the refusal every later request about the person meets
(``tombstone``)."""
