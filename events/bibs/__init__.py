"""Anonymous "bib" sessions (issue 14, part 2).

An organiser makes a sport session anonymous before it starts (``sessions.switch``): every
confirmed candidate then has a bib number, 1, 2, 3... in the order of confirmation, a late
registration getting the next (the database gives it: migration 0031's trigger). Coaches observe
by bib; recruiters of a company registered to the event see bibs with the skills observed and
nothing else (``interests.for_recruiter``), and mark interest in a bib (``interests.express``);
the candidate, or their coach or organiser for them (recorded), accepts or declines
(``interests.answer``). Only once both said yes does the company see the candidate as at any
other event: that rule is ``recruiter_shared_events`` (migration 0031), read by every recruiter
query, never restated here. A mutual interest offers the pair a slot at the next job dating
of the organisation the company attends (an ``interview_wishes`` row); the organiser's page says
when the candidate is not registered there (never registered silently).
"""
