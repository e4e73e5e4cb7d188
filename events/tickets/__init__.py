"""Tickets without a database: signed tokens, short door codes and QR images.

``tokens`` signs and verifies the opaque token with the event's Ed25519 key, ``codes`` makes and
reads the short code a person types at the door, ``qr`` draws a token or ticket URL as PNG or SVG.
"""
