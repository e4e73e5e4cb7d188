"""Food festival pairings (issue 14 §3): each cook (a candidate confirmed at a food festival) is
paired with a restaurant (a company confirmed there) by cuisine, place and the cook's wishes.

- ``structs``: what the organiser sends and is shown.
- ``scoring``: a pair's score and the best assignment (pure; OR-Tools min-cost flow).
- ``board``: the rules (who may, one pairing per cook, a restaurant's places under a lock,
  days, what came of a pairing and the person's outcome, sending the schedules).
- ``schedules``: each side's schedule in plain words: the ticket page's and the recruiter's
  event page's parts, the mail and text message (outbox kind ``pairing_schedule``).
"""
