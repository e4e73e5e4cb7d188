"""Funders' statistics (issue 12 §2): programmes, figures per event and per programme with
small counts suppressed, and what each registration counts as (frozen before erasure)."""
