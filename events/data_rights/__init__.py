"""A person's rights over the data held about them (issue 12 §3 and §4): everything held about
them as JSON and as a readable PDF (``export``, ``document``), opened by the person with their
ticket and its short code (``holder``) or by the organisers of their organisation on their behalf;
their own comment beside a coach's observation (``comments``); who saw their card, all of it,
page by page (``views``)."""
