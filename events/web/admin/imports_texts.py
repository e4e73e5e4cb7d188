"""The words of the back office's import pages (``events.web.admin.imports``), French first,
English beside it; merged over the shared ``texts.WORDS``. French texts put a no-break space
(U+00A0) before « : ? ! » and inside « »."""

from __future__ import annotations

from typing import Final

from events.i18n import Language

# Keyed by ``import_columns.Target``; "" is a column left aside.
TARGETS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "": "Ignorer cette colonne",
        "first_name": "Prénom",
        "last_name": "Nom de famille",
        "phone": "Téléphone",
        "email": "Adresse e-mail",
        "city": "Ville",
        "postcode": "Code postal",
        "birth_year": "Année de naissance (ou date de naissance)",
        "language": "Langue des messages (français ou anglais)",
    },
    "en": {
        "": "Ignore this column",
        "first_name": "First name",
        "last_name": "Last name",
        "phone": "Phone",
        "email": "E-mail address",
        "city": "City",
        "postcode": "Postcode",
        "birth_year": "Year of birth (or date of birth)",
        "language": "Message language (French or English)",
    },
}

# The fields a merge filled, by their names in ``candidates.CandidatePatch``.
FIELDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "phone": "téléphone",
        "email": "e-mail",
        "city": "ville",
        "postcode": "code postal",
        "birth_year": "année de naissance",
    },
    "en": {
        "phone": "phone",
        "email": "e-mail",
        "city": "city",
        "postcode": "postcode",
        "birth_year": "year of birth",
    },
}

# Keyed by ``duplicates.Reason``.
REASONS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "name_and_birth_year": "même nom et même année de naissance",
        "phone": "même téléphone",
        "email": "même e-mail",
    },
    "en": {
        "name_and_birth_year": "same name and year of birth",
        "phone": "same phone",
        "email": "same e-mail",
    },
}

# Keyed by ``import_batch.Status``.
STATUSES: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "uploaded": "colonnes à vérifier",
        "mapped": "prêt à importer",
        "running": "en cours",
        "done": "terminé",
    },
    "en": {
        "uploaded": "columns to check",
        "mapped": "ready to import",
        "running": "under way",
        "done": "done",
    },
}

WORDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        # The upload form.
        "imp_title": "Importer des candidats",
        "imp_intro": "Envoyez un tableau exporté de votre tableur ou de l'outil d'un "
        "prescripteur, au format CSV ou Excel (.xlsx)\u00a0: une ligne par personne, avec une "
        "ligne de titres en haut. Le prénom et le nom suffisent\u00a0; le téléphone, l'e-mail, "
        "la ville, le code postal, l'année de naissance et la langue sont pris s'ils y sont.",
        "imp_file": "Fichier à importer (CSV ou .xlsx)",
        "imp_file_help": "{max} personnes au plus par fichier. Vous pourrez vérifier les "
        "colonnes et voir un aperçu avant que rien ne soit enregistré.",
        "imp_organisation": "Structure où importer ces personnes",
        "imp_send": "Envoyer le fichier",
        "imp_recent": "Imports récents",
        "imp_recent_caption": "Vos derniers imports",
        "imp_col_file": "Fichier",
        "imp_col_date": "Envoyé le",
        "imp_col_rows": "Lignes",
        "imp_col_state": "État",
        "imp_rows_done": "{done} sur {total}",
        "imp_none": "Aucun import pour l'instant.",
        "imp_problem": "Le fichier n'a pas pu être lu",
        # The mapping page.
        "imp_mapping_title": "Vérifier les colonnes",
        "imp_mapping_intro": "Nous avons lu {rows} lignes de personnes dans «\u00a0{file}\u00a0». "
        "Dites ce que contient chaque colonne. «\u00a0Ignorer\u00a0» laisse la colonne de côté "
        "et elle n'est pas gardée.",
        "imp_mapping_intro_one": "Nous avons lu 1 ligne de personne dans «\u00a0{file}\u00a0». "
        "Dites ce que contient chaque colonne. «\u00a0Ignorer\u00a0» laisse la colonne de côté "
        "et elle n'est pas gardée.",
        "imp_sample_caption": "Les premières lignes du fichier",
        "imp_col_line": "Ligne",
        "imp_columns": "Ce que contient chaque colonne",
        "imp_column": "Colonne «\u00a0{title}\u00a0»",
        "imp_untitled": "Colonne {n} (sans titre)",
        "imp_examples": "Exemples\u00a0: {values}",
        "imp_empty_column": "Vide dans les premières lignes.",
        "imp_duplicates": "Quand une personne est déjà inscrite (même nom, et même année de "
        "naissance, même téléphone ou même e-mail)",
        "imp_skip": "La laisser telle quelle",
        "imp_merge": "Compléter sa fiche\u00a0: remplir ses champs vides avec ceux du fichier",
        "imp_event": "Inscrire tout le monde à une rencontre (facultatif)",
        "imp_no_event": "Aucune rencontre",
        "imp_event_help": "Seules vos rencontres publiées à venir sont proposées. Les premières "
        "personnes du fichier ont une place\u00a0; quand la rencontre est pleine, les suivantes "
        "vont sur la liste d'attente, dans l'ordre du fichier.",
        "imp_to_preview": "Voir l'aperçu",
        "imp_fix": "À corriger",
        # The preview.
        "imp_preview_title": "Aperçu de l'import",
        "imp_preview_intro": "Rien n'est encore enregistré. Voici ce que l'import va faire.",
        "imp_total": "Lignes dans le fichier",
        "imp_valid": "Personnes à importer",
        "imp_errors": "Lignes avec une erreur (non importées)",
        "imp_to_create": "Nouvelles fiches",
        "imp_to_merge": "Fiches déjà là, complétées",
        "imp_to_skip": "Fiches déjà là, laissées telles quelles",
        "imp_register_to": "Inscription à",
        "imp_errors_caption": "Lignes avec une erreur",
        "imp_errors_help": "Ces lignes ne seront pas importées. Corrigez-les dans votre fichier "
        "et envoyez-le de nouveau plus tard, ou importez les autres maintenant.",
        "imp_col_name": "Personne",
        "imp_col_column": "Colonne",
        "imp_col_problem": "Problème",
        "imp_lookalikes_caption": "Personnes qui ressemblent à quelqu'un de déjà inscrit",
        "imp_col_existing": "Déjà inscrite",
        "imp_col_why": "Pourquoi",
        "imp_col_action": "Ce qui sera fait",
        "imp_action_create": "nouvelle fiche quand même (ce n'est pas la même personne)",
        "imp_action_merge": "fiche complétée",
        "imp_action_skip": "laissée telle quelle",
        "imp_twice_note": "Une personne écrite deux fois dans le fichier n'est créée qu'une fois.",
        "imp_change": "Changer les colonnes",
        "imp_run": "Importer {n} personnes",
        "imp_run_one": "Importer 1 personne",
        "imp_run_help": "Pour 2\u00a0000 personnes, l'import prend environ une minute. Cliquez "
        "une seule fois et restez sur la page.",
        "imp_progress": "Avancement de l'import",
        "imp_progress_text": "{done} / {total}",
        "imp_failed": "L'import s'est interrompu. Cliquez de nouveau sur le bouton pour "
        "reprendre\u00a0: les lignes déjà importées ne le seront pas deux fois.",
        "imp_nothing": "Aucune ligne n'est valable\u00a0: corrigez le fichier et envoyez-le de "
        "nouveau.",
        # The result.
        "imp_result_title": "Résultat de l'import",
        "imp_result_intro": "Import de «\u00a0{file}\u00a0» terminé.",
        "imp_unfinished": "L'import n'est pas terminé\u00a0: {done} lignes sur {total}.",
        "imp_resume": "Reprendre l'import",
        "imp_count_created": "Fiches créées",
        "imp_count_merged": "Fiches complétées",
        "imp_count_skipped": "Déjà inscrites, laissées telles quelles",
        "imp_count_error": "Lignes non importées (erreur)",
        "imp_count_confirmed": "Places confirmées",
        "imp_count_waitlisted": "Sur liste d'attente",
        "imp_count_already_registered": "Déjà inscrites à la rencontre",
        "imp_count_refused": "Inscriptions refusées (rencontre fermée entre-temps)",
        "imp_result_caption": "Ce qui s'est passé pour chaque ligne",
        "imp_col_outcome": "Résultat",
        "imp_col_registration": "Rencontre",
        "imp_outcome_created": "fiche créée",
        "imp_outcome_merged": "fiche complétée",
        "imp_outcome_skipped": "déjà inscrite, laissée telle quelle",
        "imp_outcome_error": "non importée",
        "imp_outcome_error_is": "non importée\u00a0: {reason}",
        "imp_reg_already_registered": "déjà inscrite",
        "imp_reg_refused": "inscription refusée",
        "imp_filled": "ajouté\u00a0: {fields}",
        "imp_nothing_filled": "rien à compléter",
        "imp_looks_like": "ressemble à {name} ({reasons})",
        "imp_another": "Importer un autre fichier",
        "imp_to_candidates": "Voir les candidats",
    },
    "en": {
        "imp_title": "Import candidates",
        "imp_intro": "Send a table exported from your spreadsheet or from a prescriber's tool, "
        "as CSV or Excel (.xlsx): one row per person, with a row of titles at the top. The "
        "first and last names are enough; the phone, e-mail, city, postcode, year of birth "
        "and language are taken when they are there.",
        "imp_file": "File to import (CSV or .xlsx)",
        "imp_file_help": "{max} people at most per file. You will check the columns and see a "
        "preview before anything is saved.",
        "imp_organisation": "Organisation to import these people into",
        "imp_send": "Send the file",
        "imp_recent": "Recent imports",
        "imp_recent_caption": "Your latest imports",
        "imp_col_file": "File",
        "imp_col_date": "Sent on",
        "imp_col_rows": "Rows",
        "imp_col_state": "State",
        "imp_rows_done": "{done} of {total}",
        "imp_none": "No import yet.",
        "imp_problem": "The file could not be read",
        "imp_mapping_title": "Check the columns",
        "imp_mapping_intro": "We read {rows} rows of people in '{file}'. Say what each column "
        "holds. 'Ignore' leaves the column aside, and it is not kept.",
        "imp_mapping_intro_one": "We read 1 row of people in '{file}'. Say what each column "
        "holds. 'Ignore' leaves the column aside, and it is not kept.",
        "imp_sample_caption": "The first rows of the file",
        "imp_col_line": "Row",
        "imp_columns": "What each column holds",
        "imp_column": "Column '{title}'",
        "imp_untitled": "Column {n} (no title)",
        "imp_examples": "Examples: {values}",
        "imp_empty_column": "Empty in the first rows.",
        "imp_duplicates": "When someone is already registered (same name, and same year of "
        "birth, same phone or same e-mail)",
        "imp_skip": "Leave them as they are",
        "imp_merge": "Complete their record: fill its empty fields from the file",
        "imp_event": "Register everyone to an event (optional)",
        "imp_no_event": "No event",
        "imp_event_help": "Only your coming published events are offered. The first people of "
        "the file get a place; once the event is full, the next ones go on the waiting list, "
        "in file order.",
        "imp_to_preview": "See the preview",
        "imp_fix": "To correct",
        "imp_preview_title": "Import preview",
        "imp_preview_intro": "Nothing is saved yet. Here is what the import will do.",
        "imp_total": "Rows in the file",
        "imp_valid": "People to import",
        "imp_errors": "Rows with an error (not imported)",
        "imp_to_create": "New records",
        "imp_to_merge": "Existing records, completed",
        "imp_to_skip": "Existing records, left as they are",
        "imp_register_to": "Registration to",
        "imp_errors_caption": "Rows with an error",
        "imp_errors_help": "These rows will not be imported. Correct them in your file and send "
        "it again later, or import the others now.",
        "imp_col_name": "Person",
        "imp_col_column": "Column",
        "imp_col_problem": "Problem",
        "imp_lookalikes_caption": "People who look like someone already registered",
        "imp_col_existing": "Already registered",
        "imp_col_why": "Why",
        "imp_col_action": "What will be done",
        "imp_action_create": "new record all the same (not the same person)",
        "imp_action_merge": "record completed",
        "imp_action_skip": "left as it is",
        "imp_twice_note": "Someone written twice in the file is created once.",
        "imp_change": "Change the columns",
        "imp_run": "Import {n} people",
        "imp_run_one": "Import 1 person",
        "imp_run_help": "For 2,000 people the import takes about a minute. Click once and stay "
        "on the page.",
        "imp_progress": "Import progress",
        "imp_progress_text": "{done} / {total}",
        "imp_failed": "The import stopped. Click the button again to resume: rows already "
        "imported will not be imported twice.",
        "imp_nothing": "No row is valid: correct the file and send it again.",
        "imp_result_title": "Import result",
        "imp_result_intro": "Import of '{file}' done.",
        "imp_unfinished": "The import is not finished: {done} rows of {total}.",
        "imp_resume": "Resume the import",
        "imp_count_created": "Records created",
        "imp_count_merged": "Records completed",
        "imp_count_skipped": "Already registered, left as they are",
        "imp_count_error": "Rows not imported (error)",
        "imp_count_confirmed": "Places confirmed",
        "imp_count_waitlisted": "On the waiting list",
        "imp_count_already_registered": "Already registered to the event",
        "imp_count_refused": "Registrations refused (event closed meanwhile)",
        "imp_result_caption": "What happened to each row",
        "imp_col_outcome": "Outcome",
        "imp_col_registration": "Event",
        "imp_outcome_created": "record created",
        "imp_outcome_merged": "record completed",
        "imp_outcome_skipped": "already registered, left as is",
        "imp_outcome_error": "not imported",
        "imp_outcome_error_is": "not imported: {reason}",
        "imp_reg_already_registered": "already registered",
        "imp_reg_refused": "registration refused",
        "imp_filled": "added: {fields}",
        "imp_nothing_filled": "nothing to complete",
        "imp_looks_like": "looks like {name} ({reasons})",
        "imp_another": "Import another file",
        "imp_to_candidates": "See the candidates",
    },
}
