"""Tickets: signed tokens, short door codes, QR images, and the tickets stored for registrations.

``tokens`` signs and verifies the opaque token with the event's Ed25519 key, ``codes`` makes and
reads the short code a person types at the door, ``qr`` draws a token or ticket URL as PNG or SVG
(these three need no database). ``issuing`` keeps each event's key and issues tickets,
``by_token`` finds the ticket a token names (for every reader of a token), ``holder`` is what the
ticket's holder sees.
"""
