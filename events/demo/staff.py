"""The demo's organisations, staff accounts, companies and their recruiters. Fictional: the
e-mail addresses use the reserved ``.example`` top-level domain."""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from events.demo.meetings import EventKey
from events.fields import Role

OrgKey = Literal["main", "prescriber"]

# The "(démo)" suffix keeps demo data apart from a real organisation of the same name, and is how
# a second run recognises that the demo is already loaded.
ORGANISATIONS: dict[OrgKey, str] = {
    "main": "Association Sport & Emploi Île-de-France (démo)",
    "prescriber": "Mission Locale de Montreuil (démo)",
}


class Account(msgspec.Struct, frozen=True, kw_only=True):
    key: str
    email: str
    name: str
    role: Role
    label_fr: str
    label_en: str
    organisation: OrgKey | None = None
    company: str | None = None
    # Whose account creates this one; None is the command line itself.
    created_by: str | None = None


ACCOUNTS: tuple[Account, ...] = (
    Account(
        key="admin",
        email="claire.dumas@rencontres.example",
        name="Claire Dumas",
        role="admin",
        label_fr="administratrice de la plateforme",
        label_en="platform administrator",
    ),
    Account(
        key="nadia",
        email="nadia.belhadj@sport-emploi.example",
        name="Nadia Belhadj",
        role="organiser",
        organisation="main",
        created_by="admin",
        label_fr="chargée de relations entreprises",
        label_en="business relations officer",
    ),
    Account(
        key="thomas",
        email="thomas.garnier@sport-emploi.example",
        name="Thomas Garnier",
        role="organiser",
        organisation="main",
        created_by="admin",
        label_fr="porteur de projet",
        label_en="programme lead",
    ),
    Account(
        key="helene",
        email="helene.marchal@ml-montreuil.example",
        name="Hélène Marchal",
        role="organiser",
        organisation="prescriber",
        created_by="admin",
        label_fr="responsable de secteur, mission locale (prescriptrice)",
        label_en="team lead, youth employment office (prescriber)",
    ),
    Account(
        key="karim",
        email="karim.ouali@sport-emploi.example",
        name="Karim Ouali",
        role="coach",
        organisation="main",
        created_by="thomas",
        label_fr="coach sportif (escalade)",
        label_en="sport coach (climbing)",
    ),
    Account(
        key="julie",
        email="julie.lemarchand@sport-emploi.example",
        name="Julie Lemarchand",
        role="coach",
        organisation="main",
        created_by="thomas",
        label_fr="coach sportive (sports collectifs)",
        label_en="sport coach (team sports)",
    ),
    Account(
        key="aminata",
        email="aminata.sy@ml-montreuil.example",
        name="Aminata Sy",
        role="coach",
        organisation="prescriber",
        created_by="helene",
        label_fr="conseillère en insertion, mission locale",
        label_en="employment counsellor, youth employment office",
    ),
    Account(
        key="martine",
        email="martine.lebrun@pains-est-parisien.example",
        name="Martine Lebrun",
        role="recruiter",
        company="pains",
        created_by="nadia",
        label_fr="recruteuse, Pains & Viennoiseries de l'Est parisien",
        label_en="recruiter, food industry",
    ),
    Account(
        key="olivier",
        email="olivier.tessier@conserveries-rungis.example",
        name="Olivier Tessier",
        role="recruiter",
        company="conserveries",
        created_by="nadia",
        label_fr="responsable RH, Conserveries de Rungis",
        label_en="HR manager, food industry",
    ),
    Account(
        key="fabienne",
        email="fabienne.roux@laiterie-saint-denis.example",
        name="Fabienne Roux",
        role="recruiter",
        company="laiterie",
        created_by="nadia",
        label_fr="cheffe d'atelier et tutrice, Laiterie bio de Saint-Denis",
        label_en="workshop manager and tutor, food industry",
    ),
    Account(
        key="rachid",
        email="rachid.amrouche@cuisine-bel-air.example",
        name="Rachid Amrouche",
        role="recruiter",
        company="bel_air",
        created_by="nadia",
        label_fr="directeur de site, Cuisine centrale Bel-Air",
        label_en="site manager, food industry",
    ),
    Account(
        key="juliette",
        email="juliette.caron@comptoir-solidaire.example",
        name="Juliette Caron",
        role="recruiter",
        company="comptoir",
        created_by="nadia",
        label_fr="restauratrice, Le Comptoir solidaire",
        label_en="restaurant owner",
    ),
)


class Company(msgspec.Struct, frozen=True, kw_only=True):
    key: str
    # Exactly the fields of ``companies.CompanyIn``, converted (and so checked) as the API would.
    fields: dict[str, Any]


def _company(key: str, name: str, sector: str, city: str, postcode: str, contact: str) -> Company:
    domain = key.replace("_", "-")
    return Company(
        key=key,
        fields={
            "name": name,
            "sector": sector,
            "city": city,
            "postcode": postcode,
            "contact": {"name": contact, "email": f"recrutement@{domain}.example"},
        },
    )


COMPANIES: tuple[Company, ...] = (
    _company(
        "pains",
        "Pains & Viennoiseries de l'Est parisien",
        "agroalimentaire",
        "Montreuil",
        "93100",
        "Martine Lebrun",
    ),
    _company(
        "conserveries",
        "Conserveries de Rungis",
        "agroalimentaire",
        "Rungis",
        "94150",
        "Olivier Tessier",
    ),
    _company(
        "laiterie",
        "Laiterie bio de Saint-Denis",
        "agroalimentaire",
        "Saint-Denis",
        "93200",
        "Fabienne Roux",
    ),
    _company(
        "bel_air",
        "Cuisine centrale Bel-Air",
        "agroalimentaire",
        "Bobigny",
        "93000",
        "Rachid Amrouche",
    ),
    _company(
        "comptoir", "Le Comptoir solidaire", "restauration", "Paris", "75011", "Juliette Caron"
    ),
    _company(
        "ourcq", "Bistrot du canal de l'Ourcq", "restauration", "Paris", "75019", "Paolo Ferri"
    ),
    _company(
        "table", "La Table d'Aubervilliers", "restauration", "Aubervilliers", "93300", "Linh Vo"
    ),
    _company("numeria", "Numéria Conseil", "numérique", "Saint-Denis", "93200", "Audrey Kessler"),
    _company(
        "logiseine", "LogiSeine Entrepôts", "logistique", "Gennevilliers", "92230", "Marc Oger"
    ),
    _company(
        "tilleuls",
        "Aide à domicile Les Tilleuls",
        "aide à domicile",
        "Les Lilas",
        "93260",
        "Sandrine Morel",
    ),
)

# Which companies each event registers, in order.
COMPANIES_BY_EVENT: dict[EventKey, tuple[str, ...]] = {
    "sport": ("pains", "conserveries", "laiterie", "bel_air"),
    "dating": ("pains", "conserveries", "laiterie", "bel_air", "logiseine"),
    "food": ("comptoir", "ourcq", "table"),
    "forum": ("numeria", "logiseine", "tilleuls", "conserveries"),
}
RESTAURANTS = COMPANIES_BY_EVENT["food"]
