-- 事前・事後: a survey run again later is a wave of the first (the same question keys). Its
-- answers are compared with the first wave's, and per respondent where both came by personal
-- links to the same address or from the same signed-in member.
ALTER TABLE surveys ADD COLUMN baseline_id INTEGER REFERENCES surveys(id) ON DELETE SET NULL;
ALTER TABLE surveys ADD COLUMN wave INTEGER NOT NULL DEFAULT 1;
CREATE UNIQUE INDEX surveys_wave ON surveys(baseline_id, wave);
