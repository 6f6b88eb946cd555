from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "area" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "code" VARCHAR(64) NOT NULL UNIQUE,
    "name" VARCHAR(120) NOT NULL,
    "level" VARCHAR(16) NOT NULL,
    "kk_count" INT,
    "timezone" VARCHAR(40) NOT NULL,
    "join_code" VARCHAR(32) UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "parent_id" INT REFERENCES "area" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_area_parent__211d2d" ON "area" ("parent_id", "name");
COMMENT ON COLUMN "area"."level" IS 'KOTA: kota\nKECAMATAN: kecamatan\nKELURAHAN: kelurahan\nRW: rw\nRT: rt';
COMMENT ON COLUMN "area"."join_code" IS 'an RT''s unguessable code for its Telegram join link (`?start=rt-<code>`); made on first';
CREATE TABLE IF NOT EXISTS "resident" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(80),
    "locale" VARCHAR(8) NOT NULL,
    "opted_out" BOOL NOT NULL,
    "registered_at" TIMESTAMPTZ,
    "welcomed" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "area_id" INT REFERENCES "area" ("id") ON DELETE SET NULL
);
COMMENT ON COLUMN "resident"."opted_out" IS 'STOP / BERHENTI: no announcements or lessons; replies still come';
CREATE TABLE IF NOT EXISTS "consent" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "notice_version" VARCHAR(16) NOT NULL,
    "given_at" TIMESTAMPTZ NOT NULL,
    "channel" VARCHAR(16) NOT NULL,
    "resident_id" INT NOT NULL REFERENCES "resident" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "consent" IS 'The resident agreed (or withdrew agreement) to a version of the privacy notice.';
CREATE TABLE IF NOT EXISTS "identity" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "value" VARCHAR(64) NOT NULL UNIQUE,
    "channel" VARCHAR(16) NOT NULL,
    "active" BOOL NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "resident_id" INT NOT NULL REFERENCES "resident" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "identity"."value" IS '`tg:<chat id>`, `sms:<E.164>`, `shell:<id>`';
COMMENT ON COLUMN "identity"."active" IS 'false after a permanent delivery failure (bot blocked, invalid number)';
CREATE TABLE IF NOT EXISTS "role" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(16) NOT NULL,
    "granted_at" TIMESTAMPTZ NOT NULL,
    "area_id" INT NOT NULL REFERENCES "area" ("id") ON DELETE CASCADE,
    "resident_id" INT NOT NULL REFERENCES "resident" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_role_residen_69d695" UNIQUE ("resident_id", "kind", "area_id")
);
COMMENT ON COLUMN "role"."kind" IS 'KETUA_RT: ketua_rt\nADMIN: admin';
COMMENT ON TABLE "role" IS 'A right granted by the operator; `warga` is every resident''s implicit role.';
CREATE TABLE IF NOT EXISTS "conversation_state" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "flow" VARCHAR(32),
    "step" VARCHAR(32),
    "data" JSONB NOT NULL,
    "options" JSONB NOT NULL,
    "more" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "resident_id" INT NOT NULL UNIQUE REFERENCES "resident" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "conversation_state"."options" IS 'values of the numbered options last shown, so \"2\" can be read as a choice';
COMMENT ON COLUMN "conversation_state"."more" IS 'SMS: the parts of the last reply cut off at the segment limit, sent on LANJUT';
CREATE TABLE IF NOT EXISTS "interaction" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "direction" VARCHAR(3) NOT NULL,
    "channel" VARCHAR(16) NOT NULL,
    "external_id" VARCHAR(96),
    "message_key" VARCHAR(64),
    "text" TEXT,
    "topic" VARCHAR(48),
    "content_id" VARCHAR(96),
    "created_at" TIMESTAMPTZ NOT NULL,
    "area_id" INT REFERENCES "area" ("id") ON DELETE SET NULL,
    "resident_id" INT REFERENCES "resident" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_interaction_channel_7cd7be" UNIQUE ("channel", "message_key")
);
CREATE INDEX IF NOT EXISTS "idx_interaction_created_2a30e5" ON "interaction" ("created_at");
COMMENT ON COLUMN "interaction"."direction" IS 'IN: in\nOUT: out';
COMMENT ON COLUMN "interaction"."external_id" IS 'the channel''s own message id (inbound), for processing a redelivery once';
COMMENT ON COLUMN "interaction"."message_key" IS 'an inbound message''s identity on its channel (Telegram chat and message id, Kannel sender';
CREATE TABLE IF NOT EXISTS "outbox" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "identity" VARCHAR(64),
    "channel" VARCHAR(16) NOT NULL,
    "text" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "locale" VARCHAR(8) NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "priority" SMALLINT NOT NULL,
    "attempts" SMALLINT NOT NULL,
    "last_error" TEXT,
    "channel_message_id" VARCHAR(96),
    "not_before" TIMESTAMPTZ,
    "expires_at" TIMESTAMPTZ,
    "cause_type" VARCHAR(24),
    "cause_id" VARCHAR(64),
    "dedupe_key" VARCHAR(128) UNIQUE,
    "claimed_by" VARCHAR(64),
    "claimed_until" TIMESTAMPTZ,
    "sent_at" TIMESTAMPTZ,
    "segments" SMALLINT,
    "encoding" VARCHAR(8),
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "resident_id" INT REFERENCES "resident" ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "idx_outbox_status_b039ab" ON "outbox" ("status", "channel", "priority", "id");
CREATE INDEX IF NOT EXISTS "idx_outbox_status_e38ec3" ON "outbox" ("status", "claimed_until");
COMMENT ON COLUMN "outbox"."payload" IS 'options and media as data; the adapter renders them';
COMMENT ON COLUMN "outbox"."status" IS 'QUEUED: queued\nSENDING: sending\nSENT: sent\nDELIVERED: delivered\nFAILED: failed\nEXPIRED: expired\nCANCELLED: cancelled';
COMMENT ON COLUMN "outbox"."cause_type" IS 'what caused it: (\"inbound\", interaction id), (\"announcement\", id), (\"job\", key) …';
COMMENT ON COLUMN "outbox"."dedupe_key" IS 'set by whoever enqueues work that may run twice (a scheduled job): one row per key, ever';
COMMENT ON COLUMN "outbox"."claimed_by" IS 'the dispatcher holding the row while it is `sending`, and until when (a lease: after a';
COMMENT ON COLUMN "outbox"."segments" IS 'SMS only, set when sent: what the network charges for (segments) and why (\"gsm7\"/\"ucs2\")';
CREATE TABLE IF NOT EXISTS "outbox_event" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "at" TIMESTAMPTZ NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "attempt" SMALLINT NOT NULL,
    "detail" VARCHAR(255),
    "message_id" BIGINT NOT NULL REFERENCES "outbox" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "outbox_event"."status" IS 'QUEUED: queued\nSENDING: sending\nSENT: sent\nDELIVERED: delivered\nFAILED: failed\nEXPIRED: expired\nCANCELLED: cancelled';
COMMENT ON COLUMN "outbox_event"."detail" IS 'the error, the channel''s message id, who claimed it … never message text';
COMMENT ON TABLE "outbox_event" IS 'One state change of an outbox row: what `kabarrt outbox show ID` prints.';
CREATE TABLE IF NOT EXISTS "unanswered_question" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "text" TEXT NOT NULL,
    "key" VARCHAR(200) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "area_id" INT REFERENCES "area" ("id") ON DELETE SET NULL,
    "resident_id" INT REFERENCES "resident" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_unanswered__key_ee986c" ON "unanswered_question" ("key");
COMMENT ON COLUMN "unanswered_question"."key" IS 'lower-case, single-spaced text: how repeats of one question are counted together';
CREATE TABLE IF NOT EXISTS "group_chat" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "identity" VARCHAR(64) NOT NULL UNIQUE,
    "title" VARCHAR(128),
    "linked_at" TIMESTAMPTZ NOT NULL,
    "active" BOOL NOT NULL,
    "area_id" INT NOT NULL REFERENCES "area" ("id") ON DELETE CASCADE,
    "linked_by_id" INT REFERENCES "resident" ("id") ON DELETE SET NULL
);
COMMENT ON COLUMN "group_chat"."identity" IS 'the group''s identity, `tg:<negative chat id>`';
COMMENT ON COLUMN "group_chat"."active" IS 'false once the bot was removed from the group (a permanent delivery failure)';
CREATE TABLE IF NOT EXISTS "scheduled_job" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "key" VARCHAR(128) NOT NULL UNIQUE,
    "kind" VARCHAR(32) NOT NULL,
    "run_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ,
    "payload" JSONB NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "done_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_scheduled_j_run_at_98b10c" ON "scheduled_job" ("run_at");
COMMENT ON COLUMN "scheduled_job"."key" IS 'what the job is about, unique: \"reminder:GR12:eve\", \"lesson:kampung-bantar-3:tg:123\" …';
COMMENT ON COLUMN "scheduled_job"."expires_at" IS 'after this the job is pointless (the event is over): it expires instead of running late';
COMMENT ON COLUMN "scheduled_job"."status" IS 'PENDING: pending\nDONE: done\nEXPIRED: expired\nCANCELLED: cancelled';
CREATE TABLE IF NOT EXISTS "announcement" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "author_identity" VARCHAR(64),
    "program_id" VARCHAR(64),
    "scope" JSONB NOT NULL,
    "text" TEXT NOT NULL,
    "media" JSONB,
    "status" VARCHAR(12) NOT NULL,
    "send_at" TIMESTAMPTZ,
    "telegram" INT NOT NULL,
    "sms" INT NOT NULL,
    "groups" INT NOT NULL,
    "segments" SMALLINT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "started_at" TIMESTAMPTZ,
    "area_id" INT REFERENCES "area" ("id") ON DELETE SET NULL,
    "author_id" INT REFERENCES "resident" ("id") ON DELETE SET NULL
);
COMMENT ON COLUMN "announcement"."author_identity" IS 'the author''s identity the delivery summary goes to (null: nobody to tell)';
COMMENT ON COLUMN "announcement"."scope" IS 'the area codes the audience was limited to (an admin''s areas for a program target)';
COMMENT ON COLUMN "announcement"."media" IS '{\"kind\": \"photo\", \"ref\": file_id or path} when there is a photo (Telegram only)';
COMMENT ON COLUMN "announcement"."status" IS 'DRAFT: draft\nSCHEDULED: scheduled\nSENDING: sending\nSENT: sent\nCANCELLED: cancelled';
COMMENT ON COLUMN "announcement"."telegram" IS 'recipients counted when sending started: residents by channel, and groups';
COMMENT ON COLUMN "announcement"."area_id" IS 'one of: an area (RT, kelurahan, kecamatan or kota) or a program (the areas where it runs)';
COMMENT ON COLUMN "announcement"."author_id" IS 'who wrote it; null for the operator''s command line (and after the author erased their data)';
CREATE TABLE IF NOT EXISTS "availability" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "slots" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "resident_id" INT NOT NULL UNIQUE REFERENCES "resident" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "availability" IS 'When a resident is usually free for gotong royong (slots of handlers/events.py SLOTS).';
CREATE TABLE IF NOT EXISTS "event" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "code" VARCHAR(5) NOT NULL,
    "title" VARCHAR(120) NOT NULL,
    "starts_at" TIMESTAMPTZ NOT NULL,
    "place" VARCHAR(120) NOT NULL,
    "bring" VARCHAR(120),
    "recurrence" VARCHAR(24),
    "reminders" JSONB NOT NULL,
    "site_code" VARCHAR(4) NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "area_id" INT NOT NULL REFERENCES "area" ("id") ON DELETE CASCADE,
    "created_by_id" INT REFERENCES "resident" ("id") ON DELETE SET NULL
);
COMMENT ON COLUMN "event"."code" IS 'what residents type: `HADIR GR12`; unique among the RT''s open events';
COMMENT ON COLUMN "event"."recurrence" IS '\"first-sunday\" … (see handlers/events.py RECURRENCES); the next one is made when this ends';
COMMENT ON COLUMN "event"."reminders" IS 'hours before the start when reminders go out (default: the evening before at 19.00 and 2 h)';
COMMENT ON COLUMN "event"."site_code" IS '4 digits read out or posted at the place on the day; checks a check-in';
COMMENT ON COLUMN "event"."status" IS 'OPEN: open\nCANCELLED: cancelled\nDONE: done';
CREATE TABLE IF NOT EXISTS "rsvp" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "answer" VARCHAR(8),
    "pledge" JSONB,
    "checked_in_at" TIMESTAMPTZ,
    "checked_in_by" VARCHAR(12),
    "updated_at" TIMESTAMPTZ NOT NULL,
    "event_id" INT NOT NULL REFERENCES "event" ("id") ON DELETE CASCADE,
    "resident_id" INT NOT NULL REFERENCES "resident" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_rsvp_event_i_fbf9b9" UNIQUE ("event_id", "resident_id")
);
COMMENT ON COLUMN "rsvp"."answer" IS 'YES: yes\nNO: no\nMAYBE: maybe';
COMMENT ON COLUMN "rsvp"."pledge" IS 'what a resident who cannot come gives instead: {\"kind\": \"bahan\"|\"makanan\"|\"uang\", \"note\": …}';
COMMENT ON COLUMN "rsvp"."checked_in_by" IS '\"site_code\", \"ketua_rt\" (ticked from the list)';
COMMENT ON TABLE "rsvp" IS 'One invited resident''s answer, pledge and check-in for one event.';
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztPWt32ri2f0WLL4esRTtpmj6G9s5dJGXaTNOkJyFn5pxhFhG2Ah6MxchyKHdO//vdW3"
    "5gY5vYYIgh/tIGWVuy95a29lt/18ZcZ6b9vCUYrTXJ3zWLjhn8EWlvkBqdTOat2CBp31Qd"
    "qd+jb0tBNQltd9S0GTTpzNaEMZEGt6DVckwTG7kGHQ1rMG9yLOMvh/UkHzA5ZAIe/P4HNB"
    "uWzr4xG3/+XpvAPJbsGTrOpV7yD+wzGfXuDGbqkXd3O6n2npxNVNuZJX9WHfEV+j2Nm87Y"
    "mneezOSQW0Fvw5LYOmAWE1QyHF4KB78JX9n7dP8z3defd3HfOwSjszvqmDKEg35v3lbr9S"
    "4uO73rdqfXq+XAmsYtxDi8qq2+foCv8OzoxfGb47cvXx+/hS7qNYOWN9/dqeeIcQEVei46"
    "te/qOZXU7aEQP0eqBqSPo/V0SEUyXv3+C5iFV17ErI/H8qJ2TL/1TGYN5BB+vj5egsd/ta"
    "5OP7Wu6q+PD3BCDjvC3SYX3pMj9QhRPUet+j8Hav3+xaDWb5jjdr5/t47cF0eHGbALvVLR"
    "q55F8Wuye2YmI7htOWOF5DN4KWppLIbsALjM2K59vuy0mmTEJe1an9unrS+tTusCGphGx7"
    "CjLWw9v7lqfXJbTUfQIbZe/dokYgr/d+B/xfNyU+x1FoK9TqfX60VyjUaAfsflwBmZeBjk"
    "YVaeQCePnZRmUxTCzOcolcaY/R+3cnGZMMz21n6tZRv0h1/oiApJa1vhOcdZWM5xOsc5jj"
    "GcP7lh9fIemBGglRC+uIg3cWjWqEWuOv+wiWMNHGbbODXBtyZ3XBBD2qTDTDYQdEzwg4hp"
    "WCNSv/1f4K5C/o+Qz95j559uD96RMQUobpE7Q9gx1rOpebqWg2gTbGJSjelkOmQWgbmoPo"
    "ZRBPNRbMMcpM5NnUy4LZmwicSetuQTMuViBG+pFsTSlfXyKMPKenmUurLwUXRlaSBtA/17"
    "NIE7foAnuGlT5LEI5ML60j3Q5/4f5Tnasm9q+ED90jJn3kJfgvrO2Zf2daf15StON7btv0"
    "yFv1anjU+OVOtsobW+eIQFg5BfzzqfCP4k/7m8aCv0wpoZCDXjvF/nPzV8J+pI3rP4tEf1"
    "0J70W32sRajuTPQVqR6FrKheFqr7OAqR3Xv7OdUjKm9GQSgCU0lCriSEhoK7UaJW6+Irju"
    "CfuWDGwPrMZjHtYAGrC4aS3cLud3/9+K3zVxR0GphWossKPh4+mUn1+Vewyq/OTgHNiOU+"
    "1UZTKvReCrq1oWHqMFQc4Sce5M+fr5hJ1Xc8EVxH9jxwD0NnCLEWhq68YfYVS9xk62IIht"
    "jB4y4TeqCZoSkWxl4TS2fzkfZ0KTkWtewpEyzhlM2DqZtgnH+CurLHCBsI7kzWXFYfcQzQ"
    "hLPwp53cgdSyuAPywnh9Vt4KDVWaJQUyAKjUd02lOcNpTOpXncbcrtiYGx4JaOtoljzAPy"
    "iZCK509jpo0wrSRg1cMNS2hWPZB9lMkJmIwO7Xx377Phvad2aVopTGj3hIOovIbfFH46Px"
    "Ygu16EB9Es6NM3nIOoXZmJoq5kf0HzWWuRK1UKeHvIm1DiwgX1oiFNQuppM6rLGpIYcgYk"
    "7dNtw1B0RyWHr3TNgAC8sWTTmwEo17qs2IxaWhsecx+9MGxn/Yz1m5NLfp0nRJ0/MIl8sD"
    "F4Mss3doVV9c4Z6dgQHsdAUrVhhuD21Yu2uzipsqNTj+rTRva4pleg5S7aIMu8g/lfJZBh"
    "egVrINlg7TmzUOipAVZU3zYA6DTNmQnNVGuLDAIlbC09b1aetDe5mRcJOC6Rm+lyFnSZJp"
    "8GypaGqEe20y0q2SALcpAd5T08nlpA8AyhvWVruVg+Z7OFQlMfSfbhvk1h7bzfft5y9eH7"
    "s/h8w0m+/xYUzryQm75UC5SrjYuHCBxt77hC1xwrnJqJWM5DnQAo77ALUpJPtbJcfOUIMQ"
    "eieZskUxAScGqvfA7uH9xQxmMUxHMFLvc0n6JtdGTG8Qw4Jtb+hAkXGfiZiJqsBhsysGJ5"
    "eX5xGd4OSss0Dlmy8nbaC+Ghg6Ge5RHA8Oq2JK0nfbbkYXZIkpqbSISouotIg8WkSA/QQt"
    "IkyZdC0ivBQqLWKnNvgyLWKr+Rsl8xlH5dG3WUKp36aHUr+N525wjZq5sDuH2GLUuuG/x6"
    "YRnAW/6ehdxC6foPjGnYTDaanAH4HboswftOQQ+q87l1/JDwRk4U/ti84Z4JmTiH8ePdMm"
    "s23A+zsVGG4wm9jSME2icXenRsT9IgZ8FEFfsIGBsewryfox4ALE/ZLxsh2R7jP5YabMxL"
    "WWFNW0bGOHwcq9r4ugaqVEV0r0Wko0RjDlU6BDEFV4/oO6s19coArOX6Iyh5ZURF2G+cnF"
    "zfl5xtB8N/hqzXi5UJzXjnGpbJHVrhvQWDf6POx03Ec8VQH6VYB+QbgCJbPPv62HpUs1xh"
    "dMIx7srl5SJTIUijDMGAexe9v5DLuIqr1PZ5gOOZkKLjEP4Z0aQJUZwDhuPsH34+IfNhpv"
    "xtTSsdYAI3X8y/X5qlwGB75WEOhrMx1bDEHQYFx8QkPPUxjXo0PWxIZdXK7Cvl93R1/BEP"
    "skfeTyi0WUAoxxD5CVjNBLi3U4/JNJPQjGu5aA1z1dgfSeGvD+hunJ+OvirbUw3p6gLK8D"
    "lquviztfPVVhiePV7/FgWlGLCGMwlGQgKIjWOunPIqfAO3ILlBvQW2LYhKngHt+pCweEMZ"
    "6YhoapbDBfPKWo4LET3MC/R1zMI6C3+mo0f/xRuYgf0UXskyLuxHy4Ap0PW+b4xdrnduem"
    "1cMyciMmHdoTsmu1Pnw5u2i6pZWyiUEbT0Byd94qKUgRyMpKX1npd4q4BdcTrIIHq+DBEg"
    "iQjVWCBxc5w/b8S7uK1jQH0yPHY8aVyeTCA3GNc2kJgqB7zw76V7Gau8RPlwnidyYICYmC"
    "eDJe/f77F6tZfHFSW7JJHtz6/SvcPoxbXNBx3P5yfXmRjFu//6KmYmiS/JeYhr0xOaD2/s"
    "6xlEeS9B3DlIZlP8dpf6pt9hhLQjXiJ6Kk+Ciuf2n9toj90/PLk0XtAwc4iQfNJjtu06kR"
    "AikHQXC+vARxk19tv8CNm7bGdOJ9HDGpLYk95FOrQWxOurWjbo1oFGbFSjpUJ9QmlGhDbm"
    "jxoNqCx37kJTIGCTLP+vD77/DiuP5y3XQLH1EhA0IqumEI9IxojoTWO0KlemKzAfoA4ePG"
    "hgSi4t/wEueti19uOrHlUfjoj7xAqorO6SfpbhqiEqKyU6u7lsBssvNCfsxokkcJzWJg8b"
    "1zWzCvPCoxNpeZuV7NllBkW1LZlmjg25LKLQsdC1Xlfw/Xlxi78WW9EZut5207MQZPRc//"
    "8ejo5cs3R4cvX799dfzmzau3hwEviD9axhROzj4iX4hw9oetAbohWLA0VvHNRQYotYMOPX"
    "GG1bUubzpN4mXu5VZrs2i16UptVc5l6w5P9g24n0XNRIkjHc0LYCU20NRQ2vdWxT9AMZha"
    "xOPDxNBJ3bD63LH0g4aK55sIrsFDIAgoi6Be+vVZuJWgkRY58FKq/5iF6j+mU/3HGNXDJ1"
    "EOqi+AlZnqoPl7FPCpgiEyXlYFanp4Q5RHPVIPropSla3oHAhAGuSz2wt0RJ2J2DLY2Exd"
    "Cx9j80c6HjvkzjAZQQoeuMYMoALTyZDaw2Z0URm2v97QQAIr7B2xHXEPD23yqfX15pqArt"
    "N6cNkVX55LAtuIr7cOtCavN79/iRdaEUbITvu3znIDQqCknl9efPS7L1oVFnDNJ4aWZ3MH"
    "APuA7YUL/LJURThOL4twHKuLANPJND192ZW3Yaj9w3PxB9VuZU0/gla+g1avMsRflW0b7U"
    "341R4itnTRVyXDcRH2wXkq+uNFX+0oWtfJ7t9k9JWbU+umkSXYZ8OPG8vss25+b48FPR9M"
    "0bi0GFGhWUrtGuBFRHgPkTsQEXzaJFPUvm5HtE+FkP4TdB+Tsw+3eDULECGen1HkwAXHfV"
    "Um4W2ZhPOLonvrid0nGRT3tZMQs5PNzD+HLrPVufbPm/ZN+0OTwCQO07vWdfviw9nFx6ay"
    "OAGlVUtH/ZRd60P7/Oxf7SsE8GxLCPNz6+wcm7BmNf5u//b1TPVh3yaG6nHaujhtn6tOGm"
    "LLNN1k5NzW7ixBci/Sg+RexILkqJRsPEnYwNdjaprp2sYcbHs5CYeb5aIvj968Dvgm/ljG"
    "Ka+/tM7P42qGziQsgjwWkDlEia0fyrLPhOCiQaJG/rCtFksCaCYFzq3j5YRd5+jw6DWxMC"
    "8z6OcbMGN+g0JHX7qJjl69yrCLoFfqNlLPkv0HeSWRKNw+5fdsQShZooeO55Vr1tSV8lbC"
    "KRs5smpN0ZVYpqyVKAVSNacQiR7SnTJpTetkqPwekn/CDnhhcOEVJAA8A1Cko8vdeo4l4U"
    "T4o9J2SqnthO+1ynrIh2FKfMyv6OSobi3awTCXrXqey4bcbbueJ3RmcprAttPzG0Ig5Uhx"
    "WCUhyc/i8cI6dINioAay1nduCTCdTrAcmFDhHTa2jWPawYpjPHK6QnULwyZvYdg921TNtT"
    "Dl3UBP3T4VlpjzGKjCcJWFKm7wS9g7mSx+SbvmaSMUM+p6ynqVR5yKQu2DTrBtmcoT+HvL"
    "LG8Pqgu9pfa3naTDpgPQLC57fXaXmK673OsXhawuwymz888VDewVwgyjkBWVy0xljTo2c4"
    "mTh3dGoErMM2sq9kS9LvqMmqTerXmZCd0a3iYc5DkSA/NS4HG4brfq47X/yfv4c8RmB57r"
    "Kaanbnqy5U6tLDa4o3Qb3FHcBqeonPNUDcGUeF2Uxs6pM92Z5E46ikIVgudN2PVrNpNYsH"
    "c65MpJyyylxNpkysWISNwtYzojwrGInBoa1ocntjaEjwPtk8AeOGgSbjGMIsMbwnE7NFSR"
    "39jO2+RED+i7Wewa0GuJxhvPpPDcQP1ciyIKVeLNp7z9umFPqAQaCDLkJhoylC0PKTAdYl"
    "aXITFp69azctw2lPVPOcagA7OQhCajNmv6l8jHFsVmpulamqD2MBhmwGGdoZuTSE5uXSvN"
    "rUoxc8utIDBmpKnVxx2ZdGf9xr0pEb9iTnEuBlxJdGWW6NAOuILQHgKr6Ftu+g5SrpRZbr"
    "4Lw5U4jQWrVgH3NGdYgEq6PBjXphdGrgqdManOdQ2OwgEwX0wmr/ufd6AY+HQ4QzF6YI/f"
    "dGs/dGuOZh91a7F7ZTY+2eaMjszSOJ5YeSSEMEyJ5YNyOJh2K82yYqcrstOqqFz69qqKyl"
    "XJoFUyaMmSQdMjcBcvvYsjPf/9n1mvvCsb70rDeb5L3XKGKSdcA5oQq5x8WWh6wPL8ktLe"
    "X2GAqr7+LjHJBkkPKK4iMbcYNZDT1L6OjT0DqouwspscuMMzjeLQWE7NZM/sCdXwSlVYKE"
    "2CmdaCTUApUUWg0dDtMxJCBSMad9TVegE/WKDbRiZY7ss6PMzizDo8TPdm4bNKoXuCCl1V"
    "OKcqnFNexFa60pO4tWxHsVrWujkfBXcmIKMlVs2ZP2wsU6MG2K2n+f0q7WmX2GZjifb0KO"
    "mYW0GximBQ6zZUPrdBbuWg+d5iAyqNe+YWzTX0n25jYntu6G2XvjVkvvyoAGD/nFcbiSMy"
    "DWu0ksITAaz0nXLrOxpu5ARbL+cmo1aKyhMALVC3D1CbIqjPEXMwQDXIPJiqzyWZYigVG/"
    "N7ppM7wcckYHMYqzVhAqQIvLkqKP2NSW+OYHHnf9GDZ19kJ5eX55H1dXK2aLm6+XLShg2v"
    "BoZOhiuIJWRzVfd0F6zvesyvP8uH1kWwSuN9UOOtbpJeRylLVHODVVhZETKgdnHPlkrpvf"
    "YD1H/h/VqC3ht53lim+gah7r0/va6l0X6rqkX4bBtVix7T77UR5TgI0YRFjTH8tM8d2SDu"
    "pE3SrYEghzOK5serF0dNds8wpaoLGLdtbjVHdDxxrMGzPrUkFc9eNkEvfnH0sltbmt212f"
    "m2ryKO4I1zLQuv/164njd9/7hwrBWU7zlUdUNHmRXvJ5cgXXMzoOTQsMN8cMKBusjkSF2V"
    "ccWIMWwHJVocNDHByvteYsBawHvH+R0mQ1mYjGXCR8U47Qbn2eP1+FRLjBXBfDZSAGwHS1"
    "RN3DTInBSoffVrUk38mlQfYJE3ic4ttlvVpvCNV+DoIbCdYedP8tCugsD2lswxQ+PjmG1a"
    "oZIetQSzTeR5Y5nZhi72LI3V5qmYbDYWswCLd8hFb5XQhQTQErvDVRCC+8rhK4BVaQbfh2"
    "Y74zGF/1UlBclJHaeByXif6zNskCAgxN13hY685dCHieB443HO4jpRqBJTfUULTPF4tjWe"
    "VNkqXSMKAMqhD+F8uUsuq40B0grR4ExxVWjq6AZDRzc6uE1jbLjh+KROLUL1sWHBFkIQN7"
    "+dEm+lEYlJ7zJl7xU+xSPra1UazhbTcFQd7zw7MwBYa2du6dT7u6ss5d0a+gUmQy656wsQ"
    "7A7b8Np64OIENsKEyuF3t/IESmZMeRaIAiH1DjOZ2iRYoyK+Czc2S2U4ycu7dUHvZF5G/e"
    "Gq9XOnSRRs17o+/dT+cKOMIoHD9qFy3+U1pODrrlaGqEAVu2TSzq5r2NHD0mUaOZTDMEhp"
    "C4gD89SMiYH580Heol8XSJWPA/YioLFJ/BQUGysPetWk3fJxKmDQjrHrQkfecBCcPU7gv+"
    "m1pcb7VRW+MDTO6ZURk3OACpmxNflYlc/KiNUiaohVxvAncVR758oq0lgEshLIykzlfc17"
    "r2E5CX7XJNRyTU71qw5WRjcdQUE0wj81OqagC6KiO+KSHpCIganuG6tsFLeEKvkrHMuO6d"
    "PbOcUC+30eSoVhykwrvKJ5KrhEJL9TAyhrH1KAT/D9lLFe4+MxSrOmYWEpbvjLj/jxLfoE"
    "+mIVfWgxhLrqbYvUWpaxoN4uTrndj63fJuk2PdeqiRbhXZaSCrDvJQW2x203O9OeFUBo3V"
    "MDFoJhosc3Kagg/LyxNKhgsedDQQW1X9FGQQOjBJqOHdsBhWtG7gRjaucOuOTWgAg+w//q"
    "tsndUlBASN1kwv7BrUj4fDIj1+eXneuD57HlsLlpquCHcgU/KLLlcsr6ALvrlC1tkGpV/z"
    "h9H1T1j4uv6bV/rG6tuMMs5b8uLdbh8E/xqkW5iFFo7a/iZC+3BHKC0BXURk6Xtth9Fbu5"
    "i3t6mfiCIU9xtC65l8vrX+YwITe5de53xJdskttPrQ9nVwTTWW/feYmuhI65d4nWVQeUdN"
    "DXLTKvNx7PmC1g0KWhC68yRC68Sg1cePXIRalKJ/MshIVkqcMLvZYEhsTq8CqnwippkxHA"
    "PZQ3d1e+TEhGNKmWaxsFANU2yraN+iLn7U8BwP4Fjm8EwYJpjhDMyreOo1AlRnWtC98kbP"
    "nMdiydzoI6FHi7GUuyqF21T2+urtoXp+3rg3fe3WjfpKr2bthkTHXmB5jCT2bpcXlgKzNu"
    "+ZJkv+hHLoNWBGh3jVq1IXeETfrsjgu3hp46ol2iBN9IBhzvPSV1b9gm8dP3MejNAwZB8c"
    "WPzw8PVZTbERnG3QUbnuuxQ54NyXp5NYsIUJnPzdox0Y2BIbG4ItZlAAphUDrghOnEq6qj"
    "BADY224GF529I9qQaSOMU1d/PDOs2JoobtilXCML00jnGfGkpN0Lb0eFLC9zuPzavmgqVS"
    "45Tj1cJGCRso8Ts17Fwz0J3aQqmVp0TJO//PPWTI3BlTi26XF9ClXR1A0WTZ0vwwIQW7rI"
    "rsJxG9u1a9xUKez7pPyIPBdVXsEQe7SSN3pDpcJVgivLx2G6J0v4PR6MF7pE9dy6V/nfvv"
    "Efc7/VJZYNEMiZPmBK9/IFcBXbg1q9Uv3joUGFjJjgRvt97p8LvK9/VL61x6yLoki6qmo0"
    "hy6z3e3f7esmmTG7a11cYi2SrvWl9e8TUITGdNZfSRPKUhc2vSpsrCasu5/y2LPmELuQnK"
    "/ckqFIQ4xG1rDYksSQY0YGxv28iCTgMZxl38fY1G7tv12gwAi4rPu3Q62Bm3oPgzDVU1k2"
    "vye7RLc39yNbtRQ7BknBWKUObgy4yj8qs1YdIleSHL0kPmIRsMzMuzs3urqbbsSkQ3tCdm"
    "ukLg38kPnFMcj24obs1YbYsimsCgtNP3v3NyxUicP5TDhhkMo2Vqrrc/cRs0sMY4Eut6YB"
    "Jwjr3DH0ZjXfhHfsw7axx7mVeFdxmz80eXspZEwY2rCWlDzmPmksTRub96kimXeJYTaWWF"
    "vumbA902pWYT0EUuaAgxXjyI5eZYkmhl7pAUKvYhHFuKlyYNjrvofYfXGYKUrvcEmU3mEs"
    "Sg9mlInHU7q1KgSy/dirx7EmFGbdWSvZad3D7Pv/AwxDmJw="
)
