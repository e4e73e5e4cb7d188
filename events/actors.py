"""Who is acting, and the checks every rule about roles starts from."""

from __future__ import annotations

from uuid import UUID

import msgspec

from events.errors import Forbidden
from events.fields import Role


class Actor(msgspec.Struct, frozen=True, kw_only=True):
    """The authenticated user behind a request, as the bearer token says."""

    id: UUID
    role: Role
    organisation_id: UUID | None = None
    company_id: UUID | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def require(self, *roles: Role) -> None:
        """Refuse unless the actor holds one of ``roles`` (admin always passes)."""
        if self.role != "admin" and self.role not in roles:
            raise Forbidden

    def is_staff_of(self, organisation_id: UUID) -> bool:
        """Admin, or an organiser or coach of that organisation."""
        return self.role == "admin" or (
            self.role in ("organiser", "coach") and self.organisation_id == organisation_id
        )
