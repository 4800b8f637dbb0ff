-- What a city's weekly notice says besides its figures (issue 22): the rules it applies by document
-- number, who gets a copy (抄送), who issues it (印发), whom to call, and how many days the units have
-- to report back on the attached problems. One row per city. Idempotent.
CREATE TABLE IF NOT EXISTS notice_settings (
    area_code VARCHAR PRIMARY KEY,        -- the city
    basis_zh VARCHAR NOT NULL,            -- 依据：the rules / plan, by document number
    basis_en VARCHAR NOT NULL,
    cc_zh VARCHAR NOT NULL,               -- 抄送
    cc_en VARCHAR NOT NULL,
    issued_by_zh VARCHAR NOT NULL,        -- 印发 (the office that prints and sends it)
    issued_by_en VARCHAR NOT NULL,
    contact_zh VARCHAR NOT NULL,          -- 联系人、电话
    contact_en VARCHAR NOT NULL,
    reply_days INTEGER NOT NULL,          -- days after the issue date to report back on the attached problems
    demo BOOLEAN NOT NULL                 -- true: made-up demo values, said so in the notice
);
