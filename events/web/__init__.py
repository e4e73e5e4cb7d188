"""Pages for people: every HTML page of the service, one module per audience.

- ``public``: pages that need no log-in (the printable ticket: its token is the key; an
  event's public page, which mails, invites and the calendar feed link to).
- ``session``: the log-in form, log-out, and the home page of a logged-in browser.
- ``cards``: the printable skills card, read through the session cookie by the staff of the
  candidate's organisation and by the recruiters the candidate allowed; which card each sees
  (draft or reviewed) is the domain's choice (``cvs.store.view``), so one page serves both.
- ``pages``: what every page shares: the templates (one ``base.html`` that each page extends,
  each template named after its page), the language switch, private headers, and the HTML
  error page that answers a refusal on any page.

Imports go one way: a page imports from ``api/`` the request contexts (``events.api.deps``),
the reading of an exception as a refusal (``events.api.errors``) and the API addresses it links
to (``events.api.cvs.pdf_url``); nothing in ``api/`` imports ``web/`` (``tests/test_web_layout.py``
holds both). A page controller makes the same single domain call as the API controller beside it.
"""
