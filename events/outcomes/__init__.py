"""What happened next (issue 12 §1): after a meeting, what followed for each participant, each
step dated and with the company where there is one; the follow-ups due 1, 3, 6 and 12 months
after the event for everyone who came, as the organisers' to-do list and a reminder mail.

- ``records``: who may record, correct and delete an outcome, and the rules of an answer to a
  follow-up (one per event, person and month: a second one replaces the first).
- ``follow_ups``: an event's participants with their outcomes, follow-ups and recruiters'
  interests still to follow up; the organisers' to-do list across their events.
- ``reminders``: the mail to an event's organisers when its follow-ups fall due.
"""
