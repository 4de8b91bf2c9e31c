-- アンケート: a collaboration's surveys, their responses and answers. Answers are one row per
-- chosen option (or per number, text or date) so the database counts them, however many come.
-- A respondent's answers go with their account (ON DELETE CASCADE): answers are personal data.
CREATE TABLE surveys (
    id               INTEGER PRIMARY KEY,
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
    title            TEXT NOT NULL,
    audiences        TEXT NOT NULL,
    intro            TEXT NOT NULL,
    purpose          TEXT NOT NULL,
    closes_on        TEXT,
    public_link      INTEGER NOT NULL,
    public_token     TEXT UNIQUE,
    status           TEXT NOT NULL,
    definition       TEXT NOT NULL,
    created_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX surveys_collaboration ON surveys(collaboration_id);

CREATE TABLE survey_responses (
    id           INTEGER PRIMARY KEY,
    survey_id    INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    audience     TEXT NOT NULL,
    via          TEXT NOT NULL,
    user_id      INTEGER REFERENCES users(id) ON DELETE CASCADE,
    invitation_id INTEGER,
    device_hash  TEXT,
    address_hash TEXT,
    submitted_at INTEGER NOT NULL,
    UNIQUE (survey_id, user_id)
);
CREATE INDEX survey_responses_survey ON survey_responses(survey_id, audience);
CREATE INDEX survey_responses_device ON survey_responses(survey_id, device_hash);
CREATE INDEX survey_responses_address ON survey_responses(survey_id, address_hash, submitted_at);

CREATE TABLE survey_answers (
    id           INTEGER PRIMARY KEY,
    response_id  INTEGER NOT NULL REFERENCES survey_responses(id) ON DELETE CASCADE,
    survey_id    INTEGER NOT NULL,
    question_key TEXT NOT NULL,
    choice       INTEGER,
    number       DOUBLE PRECISION,
    text         TEXT
);
CREATE INDEX survey_answers_tally ON survey_answers(survey_id, question_key, choice);
CREATE INDEX survey_answers_response ON survey_answers(response_id);
CREATE INDEX survey_answers_texts ON survey_answers(survey_id, question_key, id);

-- The results' counts, kept in the same transaction as each response: reading them costs the
-- same at ten answers as at a hundred thousand. Per (survey, audience, question, choice):
-- choice -1 counts responses (question '') or those who answered the question, -2 the numbers
-- given (with their total, least and greatest), 0 and up each option chosen.
CREATE TABLE survey_tallies (
    survey_id    INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    audience     TEXT NOT NULL,
    question_key TEXT NOT NULL,
    choice       INTEGER NOT NULL,
    n            INTEGER NOT NULL,
    total        DOUBLE PRECISION NOT NULL,
    lo           DOUBLE PRECISION NOT NULL,
    hi           DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (survey_id, audience, question_key, choice)
);

-- Personal links: one per invited respondent, answered once. The token is kept as it is (not
-- hashed) because reminders mail the same link again; it opens this survey's questions only.
CREATE TABLE survey_invitations (
    id          INTEGER PRIMARY KEY,
    survey_id   INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    token       TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    email       TEXT NOT NULL,
    audience    TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    reminded_at INTEGER,
    answered_at INTEGER,
    UNIQUE (survey_id, email)
);
