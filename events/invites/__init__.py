"""Calendar invites that follow the meeting: one iTIP message (RFC 5545/5546) per participant,
mailed, REQUEST while they take part and CANCEL once they or the event are called off, with a
stable UID and a SEQUENCE that only grows; downloaded, the same meeting as a PUBLISH.
``rules`` decides what each invite says, ``build`` renders it, ``texts`` holds its words."""

from events.invites.build import Download, Invite
from events.invites.rules import for_registration, for_staff, for_ticket, own_staff_invite

__all__ = ["Download", "Invite", "for_registration", "for_staff", "for_ticket", "own_staff_invite"]
