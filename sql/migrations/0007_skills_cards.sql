-- Skills cards: the transversal skills vocabulary, coaches' observations (corrections are new
-- versions, never overwrites), the card's version counter, its reviews (the reviewed snapshot
-- is what recruiters see), and the candidate's consent with its history.

-- The vocabulary. `levels_fr` / `levels_en` say, for levels 1 to 4, what the coach sees the
-- person do, so that two coaches rate alike. `esco_uri` is the ESCO concept the skill maps to,
-- filled only where the exact concept URI is known for certain (none is yet: see README).
create table skills (
    code text primary key,
    position integer not null,
    label_fr text not null,
    label_en text not null,
    description_fr text not null,
    description_en text not null,
    levels_fr text [] not null,
    levels_en text [] not null,
    esco_uri text,
    constraint skills_code_format check (code ~ '^[a-z_]{1,50}$'),
    constraint skills_levels_check check (cardinality(levels_fr) = 4 and cardinality(levels_en) = 4),
    constraint skills_esco_uri_format check (
        esco_uri is null or esco_uri ~ '^http://data\.europa\.eu/esco/skill/[0-9a-f-]+$'
    ),
    constraint skills_position_key unique (position)
);

insert into skills (code, position, label_fr, label_en, description_fr, description_en, levels_fr, levels_en) values
('perseverance', 1, 'persévérance', 'perseverance',
 'Continue l''effort malgré la difficulté, la fatigue ou l''échec.',
 'Keeps up the effort despite difficulty, fatigue or failure.',
 array[
  'Arrête dès la première difficulté, même encouragé.',
  'Reprend après un échec quand on l''encourage.',
  'Recommence seul après un échec et va au bout de l''exercice.',
  'Va au bout même quand c''est dur et entraîne les autres à continuer.'],
 array[
  'Stops at the first difficulty, even when encouraged.',
  'Tries again after a failure when encouraged.',
  'Tries again alone after a failure and finishes the exercise.',
  'Finishes even when it is hard, and spurs others on to keep going.']),
('concentration', 2, 'concentration', 'focus',
 'Reste attentif à la tâche malgré le bruit et les distractions.',
 'Stays on the task despite noise and distractions.',
 array[
  'Se laisse distraire très vite, perd le fil de l''exercice.',
  'Reste attentif un moment, avec des rappels.',
  'Reste attentif toute la durée de l''exercice sans rappel.',
  'Reste attentif dans le bruit ou la pression et aide le groupe à se recentrer.'],
 array[
  'Is distracted very quickly and loses track of the exercise.',
  'Stays focused for a while, with reminders.',
  'Stays focused for the whole exercise without reminders.',
  'Stays focused under noise or pressure and helps the group refocus.']),
('self_discipline', 3, 'auto-discipline', 'self-discipline',
 'S''impose un cadre, des règles et un effort sans qu''on le lui demande.',
 'Holds to a frame, rules and effort without being asked.',
 array[
  'Ne suit le cadre que sous surveillance.',
  'Suit le cadre la plupart du temps, avec quelques rappels.',
  'Suit le cadre seul, gère son temps et ses pauses.',
  'Se fixe ses propres objectifs et les tient, sert d''exemple.'],
 array[
  'Keeps to the frame only when watched.',
  'Keeps to the frame most of the time, with a few reminders.',
  'Keeps to the frame alone, manages their own time and breaks.',
  'Sets their own goals and keeps them; an example to others.']),
('team_spirit', 4, 'esprit d''équipe', 'teamwork',
 'Travaille avec les autres vers un but commun, partage et s''entraide.',
 'Works with others towards a shared goal, shares and helps.',
 array[
  'Joue ou travaille seul, ignore les autres.',
  'Coopère quand on le lui demande.',
  'Coopère de lui-même : passe, aide, tient compte des autres.',
  'Fait jouer l''équipe : inclut chacun, règle les tensions.'],
 array[
  'Plays or works alone, ignores the others.',
  'Cooperates when asked to.',
  'Cooperates unprompted: passes, helps, takes others into account.',
  'Makes the team work: includes everyone, settles tensions.']),
('following_instructions', 5, 'respect des consignes', 'following instructions',
 'Comprend et applique les consignes et les règles de sécurité.',
 'Understands and applies instructions and safety rules.',
 array[
  'N''applique pas les consignes, même répétées.',
  'Applique les consignes après explication ou démonstration.',
  'Applique les consignes du premier coup, y compris la sécurité.',
  'Applique les consignes, demande quand un point n''est pas clair et les rappelle aux autres.'],
 array[
  'Does not apply instructions, even repeated.',
  'Applies instructions after an explanation or a demonstration.',
  'Applies instructions the first time, safety included.',
  'Applies instructions, asks when something is unclear and reminds others of them.']),
('reactivity', 6, 'réactivité', 'responsiveness',
 'Réagit vite et à propos à une situation qui change.',
 'Responds quickly and appropriately when a situation changes.',
 array[
  'Reste figé ou réagit à contretemps.',
  'Réagit, mais avec retard ou après un signal.',
  'Réagit vite et juste aux changements de jeu ou de tâche.',
  'Anticipe les changements et fait réagir le groupe.'],
 array[
  'Freezes or reacts at the wrong moment.',
  'Reacts, but late or after a signal.',
  'Reacts quickly and rightly when the game or task changes.',
  'Anticipates changes and gets the group to react.']),
('leadership', 7, 'leadership', 'leadership',
 'Prend des initiatives, organise et entraîne les autres.',
 'Takes the initiative, organises and leads others.',
 array[
  'Attend que les autres décident.',
  'Propose une idée quand on le sollicite.',
  'Prend des initiatives et organise une partie du groupe.',
  'Mène le groupe, répartit les rôles et écoute chacun.'],
 array[
  'Waits for others to decide.',
  'Offers an idea when asked.',
  'Takes the initiative and organises part of the group.',
  'Leads the group, shares out roles and listens to everyone.']),
('motivation', 8, 'motivation', 'motivation',
 'Montre de l''envie, de l''engagement et de la curiosité.',
 'Shows drive, commitment and curiosity.',
 array[
  'Participe peu, sans envie visible.',
  'Participe quand l''activité lui plaît.',
  'Participe activement à toutes les activités, pose des questions.',
  'S''engage pleinement, en redemande et motive les autres.'],
 array[
  'Takes little part, with no visible drive.',
  'Takes part when they like the activity.',
  'Takes an active part in every activity and asks questions.',
  'Commits fully, asks for more and motivates others.']),
('punctuality', 9, 'assiduité, ponctualité', 'attendance and punctuality',
 'Est présent et à l''heure, prévient en cas d''absence ou de retard.',
 'Is present and on time, and warns of any absence or lateness.',
 array[
  'Arrive en retard ou s''absente sans prévenir.',
  'Arrive parfois en retard, mais prévient.',
  'Est présent et à l''heure à chaque moment de la rencontre.',
  'Est en avance, prêt, et aide à mettre en place.'],
 array[
  'Comes late or is absent without warning.',
  'Is sometimes late, but warns.',
  'Is present and on time at every part of the event.',
  'Is early, ready, and helps to set up.']),
('communication', 10, 'communication, écoute', 'communication and listening',
 'Écoute, se fait comprendre et échange avec respect.',
 'Listens, makes themselves understood and exchanges with respect.',
 array[
  'Parle peu ou coupe la parole, écoute peu.',
  'Échange quand on s''adresse à lui, écoute par moments.',
  'Écoute les autres et se fait comprendre clairement.',
  'Reformule, encourage les autres à parler et apaise les échanges.'],
 array[
  'Speaks little or interrupts, listens little.',
  'Talks when spoken to, listens at times.',
  'Listens to others and makes themselves clearly understood.',
  'Rephrases, gets others to speak and calms exchanges.']),
('adaptability', 11, 'adaptabilité', 'adaptability',
 'S''ajuste à un rôle, une règle, un lieu ou une équipe qui change.',
 'Adjusts to a changing role, rule, place or team.',
 array[
  'Refuse ou subit tout changement.',
  'Accepte le changement avec de l''aide.',
  'S''adapte seul à un nouveau rôle, une nouvelle règle ou une nouvelle équipe.',
  'Tire parti du changement et aide les autres à s''adapter.'],
 array[
  'Refuses or suffers any change.',
  'Accepts change with help.',
  'Adapts alone to a new role, rule or team.',
  'Makes the most of change and helps others adapt.']),
('self_confidence', 12, 'confiance en soi', 'self-confidence',
 'Ose essayer, prendre la parole et montrer ce qu''il sait faire.',
 'Dares to try, to speak up and to show what they can do.',
 array[
  'N''ose pas essayer ni prendre la parole.',
  'Essaie quand on l''y invite, parle en petit groupe.',
  'Essaie de lui-même et prend la parole devant le groupe.',
  'Se présente avec aisance, devant le groupe comme devant un recruteur.'],
 array[
  'Does not dare try or speak up.',
  'Tries when invited, speaks in a small group.',
  'Tries unprompted and speaks in front of the group.',
  'Presents themselves with ease, before the group as before a recruiter.']);

-- An observation as a coach recorded it. A correction is a new row pointing at the version it
-- replaces (`replaces`), with the next `version`; the replaced row stays as it was. The current
-- observations are the rows no other row replaces. `observer_id` is whose observation it is
-- (kept by corrections, even one made by an organiser); `recorded_by` is who wrote this version.
create table observations (
    id uuid primary key default gen_random_uuid(),
    seq bigint generated always as identity,
    candidate_id uuid not null references candidates (id),
    event_id uuid not null references events (id),
    skill text not null references skills (code),
    level smallint not null,
    activity text,
    note text,
    observer_id uuid not null references users (id),
    recorded_by uuid not null references users (id),
    -- When the coach first recorded it: a correction keeps it, so that "latest" means the
    -- latest seen, not the latest corrected.
    observed_at timestamptz not null,
    recorded_at timestamptz not null,
    version integer not null default 1,
    replaces uuid references observations (id),
    constraint observations_level_check check (level between 1 and 4),
    constraint observations_version_check check ((version = 1) = (replaces is null)),
    constraint observations_note_length check (note is null or length(note) <= 500),
    constraint observations_activity_length check (activity is null or length(activity) <= 200)
);
-- A version is corrected at most once: corrections form a line, never a fork.
create unique index observations_replaces_key on observations (replaces) where replaces is not null;
create index observations_candidate_idx on observations (candidate_id, skill, observed_at);
create index observations_event_idx on observations (event_id);

-- One row per candidate with at least one observation: the card's version, raised by every
-- observation write (one batch is one write). Its row is also the lock that orders writes
-- and reviews of one candidate's card.
create table skills_cards (
    candidate_id uuid primary key references candidates (id),
    version integer not null,
    updated_at timestamptz not null,
    constraint skills_cards_version_check check (version >= 1)
);

-- A review: the card exactly as the coach reviewed it. Recruiters see the latest one.
create table skills_card_reviews (
    id uuid primary key default gen_random_uuid(),
    candidate_id uuid not null references candidates (id),
    version integer not null,
    card jsonb not null,
    reviewed_by uuid not null references users (id),
    reviewed_at timestamptz not null,
    constraint skills_card_reviews_version_key unique (candidate_id, version)
);

-- The latest reviewed card's lines, for searching by skill and level; replaced at each review.
create table skills_card_reviewed_lines (
    candidate_id uuid not null references candidates (id),
    skill text not null references skills (code),
    level smallint not null,
    observations integer not null,
    observers integer not null,
    -- observations x distinct observers: how much stands behind the level.
    evidence integer not null,
    primary key (candidate_id, skill)
);
create index skills_card_reviewed_lines_rank_idx
    on skills_card_reviewed_lines (skill, evidence desc, level desc, candidate_id desc);

-- The candidate's current choice about recruiters; its history is in consent_history.
create table consents (
    candidate_id uuid primary key references candidates (id),
    recruiters boolean not null,
    contact boolean not null,
    updated_at timestamptz not null,
    constraint consents_contact_needs_recruiters check (recruiters or not contact)
);
create index consents_recruiters_idx on consents (candidate_id) where recruiters;

-- Every consent change: when, what, and who made it — staff on the candidate's behalf, or the
-- candidate with one of their ticket tokens.
create table consent_history (
    id bigint generated always as identity primary key,
    candidate_id uuid not null references candidates (id),
    recruiters boolean not null,
    contact boolean not null,
    at timestamptz not null,
    via text not null,
    by_user uuid references users (id),
    ticket_id uuid references tickets (id),
    constraint consent_history_via_check check (
        (via = 'staff' and by_user is not null and ticket_id is null)
        or (via = 'ticket' and ticket_id is not null and by_user is null)
    )
);
create index consent_history_candidate_idx on consent_history (candidate_id, id);

-- Recruiter visibility starts from the events a company is registered to.
create index registrations_company_idx on registrations (company_id) where company_id is not null;
-- The views of one candidate's card (alone or with the CV), newest first.
create index audit_log_card_views_idx on audit_log (subject_id, id)
    where action in ('recruiter.view_card', 'cv.view');
