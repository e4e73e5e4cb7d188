"""Rencontres: atypical recruitment meetings."""
