from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "area" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "code" VARCHAR(64) NOT NULL UNIQUE,
    "name" VARCHAR(120) NOT NULL,
    "level" VARCHAR(16) NOT NULL /* KOTA: kota\nKECAMATAN: kecamatan\nKELURAHAN: kelurahan\nRW: rw\nRT: rt */,
    "kk_count" INT,
    "timezone" VARCHAR(40) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "parent_id" INT REFERENCES "area" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_area_parent__211d2d" ON "area" ("parent_id", "name");
CREATE TABLE IF NOT EXISTS "resident" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(80),
    "locale" VARCHAR(8) NOT NULL,
    "opted_out" INT NOT NULL /* STOP \/ BERHENTI: no announcements or lessons; replies still come */,
    "registered_at" TIMESTAMP,
    "welcomed" INT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "area_id" INT REFERENCES "area" ("id") ON DELETE SET NULL
);
CREATE TABLE IF NOT EXISTS "consent" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "notice_version" VARCHAR(16) NOT NULL,
    "given_at" TIMESTAMP NOT NULL,
    "channel" VARCHAR(16) NOT NULL,
    "resident_id" INT NOT NULL REFERENCES "resident" ("id") ON DELETE CASCADE
) /* The resident agreed (or withdrew agreement) to a version of the privacy notice. */;
CREATE TABLE IF NOT EXISTS "identity" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "value" VARCHAR(64) NOT NULL UNIQUE /* `tg:<chat id>`, `sms:<E.164>`, `shell:<id>` */,
    "channel" VARCHAR(16) NOT NULL,
    "active" INT NOT NULL /* false after a permanent delivery failure (bot blocked, invalid number) */,
    "created_at" TIMESTAMP NOT NULL,
    "resident_id" INT NOT NULL REFERENCES "resident" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "role" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(16) NOT NULL /* KETUA_RT: ketua_rt\nADMIN: admin */,
    "granted_at" TIMESTAMP NOT NULL,
    "area_id" INT NOT NULL REFERENCES "area" ("id") ON DELETE CASCADE,
    "resident_id" INT NOT NULL REFERENCES "resident" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_role_residen_69d695" UNIQUE ("resident_id", "kind", "area_id")
) /* A right granted by the operator; `warga` is every resident's implicit role. */;
CREATE TABLE IF NOT EXISTS "conversation_state" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "flow" VARCHAR(32),
    "step" VARCHAR(32),
    "data" JSON NOT NULL,
    "options" JSON NOT NULL /* values of the numbered options last shown, so "2" can be read as a choice */,
    "updated_at" TIMESTAMP NOT NULL,
    "resident_id" INT NOT NULL UNIQUE REFERENCES "resident" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "interaction" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "direction" VARCHAR(3) NOT NULL /* IN: in\nOUT: out */,
    "channel" VARCHAR(16) NOT NULL,
    "external_id" VARCHAR(96) /* the channel's own message id (inbound), for processing a redelivery once */,
    "text" TEXT,
    "topic" VARCHAR(48),
    "content_id" VARCHAR(96),
    "created_at" TIMESTAMP NOT NULL,
    "area_id" INT REFERENCES "area" ("id") ON DELETE SET NULL,
    "resident_id" INT REFERENCES "resident" ("id") ON DELETE SET NULL,
    CONSTRAINT "uid_interaction_channel_4673f7" UNIQUE ("channel", "external_id")
);
CREATE INDEX IF NOT EXISTS "idx_interaction_created_2a30e5" ON "interaction" ("created_at");
CREATE TABLE IF NOT EXISTS "outbox" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "identity" VARCHAR(64),
    "channel" VARCHAR(16) NOT NULL,
    "text" TEXT NOT NULL,
    "payload" JSON NOT NULL /* options and media as data; the adapter renders them */,
    "locale" VARCHAR(8) NOT NULL,
    "status" VARCHAR(12) NOT NULL /* QUEUED: queued\nSENDING: sending\nSENT: sent\nDELIVERED: delivered\nFAILED: failed\nEXPIRED: expired\nCANCELLED: cancelled */,
    "priority" SMALLINT NOT NULL,
    "attempts" SMALLINT NOT NULL,
    "last_error" TEXT,
    "channel_message_id" VARCHAR(96),
    "not_before" TIMESTAMP,
    "expires_at" TIMESTAMP,
    "cause_type" VARCHAR(24) /* what caused it: ("inbound", interaction id), ("announcement", id), ("job", key) … */,
    "cause_id" VARCHAR(64),
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "resident_id" INT REFERENCES "resident" ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "idx_outbox_status_c07bcb" ON "outbox" ("status", "priority", "not_before");
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSON NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXWtz27YS/SsYfqkz45s6svyIkumMbCuJGllKbbrNNM4wEAlLuKIAlgTt6PbmvxfgQ3"
    "zTpJ6Uyi9xBGJB8Cyx3LO7IP+WplRDuvWybSIotcDfEoFTxP8TaT8EEjSMoFU0MDjUnY7Q"
    "7zG0mAlVxtseoG4h3qQhSzWxwTAlvJXYui4aqco7YjIKmmyC/7KRwugIsTEy+YEvX3kzJh"
    "r6jizx84tk8PMQpmBNnMuZ5FfRx5goDxjpWmTubienXWEzw2nrEvbO6SimMFRUqttTEnQ2"
    "ZmxMybw3Jky0jhBBJmRIDM9MW1yTmLJ36f5lutMPurjzDslo6AHaOgthMFSCNklR+gNZue"
    "3IiiKVQE2lRCDOp2o5Vz8SU/hP41XzrHl+fNo8512cac5bzn64pw6AcQUdePqy9MM5Dhl0"
    "ezjAB6CqXPVJWC/H0EzH1e8fQ5ZPOY6sj2N1oZ3C74qOyIiN+c/TZg6Ov7dvLj+0bw5Omy"
    "/ECSlfEe4y6XtHGs4hAXUArfO3BLR+/9VA6zcE2Abrd+PgvmocFUCX98qE1zkWxVdHj0hP"
    "B7hD7KkDcpdPChIVJcCeC1cZbenjQG63wIQyeE8+di7b12253ecNSIVTvqKJaO3d3bQ/uK"
    "26bcKxaL35owXMJ/5X5n8dm1daY6dFFHaara/TuLomEw6/7VrggkY8LPK8KU/Rk2dOKrMo"
    "VmLMA0gZnqL/UVLKyoRlNnfvS20Lw59/hRNoMihtxOY0i5icZrbFaSYMjsp9Ig6LAlPu4S"
    "t+RECb8dSMSMZg1zzRl/5/qmOAikPPL1AbEH3mLboc6OXudedWbl9/EqebWtZfuoNfW+6I"
    "Iw2ndRZrPYgbmvkg4I+u/AGIn+DPQb/jwEstNjKdMwb95D8lMSdoM6oQ+qRALeRu+K0+ah"
    "Gt24a2oNajkrXWq6J1H6OQ2r3ZB1qPEJOCj6uITP28cp9Xgs49TFK5h4tXEuB31ER4RD6i"
    "WcKHi6Eao7O7he4P//7xW4MpmvBpToCjtxW/eH7JiDmXf8Pv8pvuJYdZoDyE6uQJmpqSAb"
    "c6xrrGh0oCfuFJvvt4g3ToXMe/BOvImufWA2tISCyF0I03zL6iRHW0LEJ8iB183BWChzcj"
    "ETDjYy+JUjcYaY9uJWGpaIOGLFTEdiUPTRvTeAskcORckji3OJOH2CU/G3JOlYh4+ocO84"
    "KeaqjTc3FPSR4j4FsMALnrgTRwQE3whNmYm9knt23Kj74AjAIIHpFpcVlAHwDjsoaJH6E6"
    "A4QyrKKXcZK+jvGfj8jWwddNBl9d1Sie4krFChOSVY5jLRo1XHkMaoQfEVmAyYXl9pDH7S"
    "5vS9J1dQwJyYoLZ0RnApF6FRVYRf5TqRw7jkktxI8rh/R6CbIZYhJLUuQSpKRqIBflybEb"
    "LMKUL9u3l+2rTh5RXqdj2hXzwmyW5pnOj+W6pjjca505+doD3KQH+Ah1u1T6Zi5Q3QS89I"
    "2NWm/5Q5UBrP3y7RB8s6ZW623n5avTpvtzjHS99VYcTLCekrIbTunXzsXanQsR8HhMWRIX"
    "lOoIknSQA6EYxkMutS6Q/aVSYmU4gwD4wJDJCbuBTP7EEPSem3s+f3PGz4J120TgYEgZGO"
    "pUnSDtEGDClz3WuEamQ2S+SCya1Q1bnBhcDAa9CCe46MoxLd9dX3S49p2BeSfsPoqTaew6"
    "r5q92nYzw1Ykr1qziJpF1CyiDIuYo5/CIsKayWYR4VuhZhE7tcDzWMRGK00rlmiK+qPnRY"
    "q+zrOLvs6TVaZUhXopdAOJDdbXYX8e6wa4CL7Z8MbRpYZw36id8nDKdfgjchv0+ectJZz+"
    "W3nwCfwMuC/8odOXuxxnCjgnpDZ/1Ir0nQWoCXRkWRz3N8BEho6RBSyGdR2o1F2pEXd/FQ"
    "NuxdE30QhbnKQs5OsnhFfg7lfMlu2Id18oD/OEdHGvpTzucxd2WKza63oVWq1JdE2ilyLR"
    "YpteOQIdkqhLVJ/lzv42yLpANYcyh26pCF3m5wf9u16vYHmqW3y1ZNFcqM5rx6xUsepCNw"
    "2Il63ADCcd9xGnuki1LlJdEVacZA7p9+VQGjhjXHNKBke7y0uWLOaNmHpRuTgHLR3YAUEy"
    "5f8UMvrz8W4Zh3XPIC4TI6bO1SXjw541y4kN+z2erXxuAxOPxgyMTMhXvwaGM6fgmBoCb2"
    "q+Ad+4+kbwG8AWQE7+0Y87/2QBPDV0rGIGxPmSVc8rHjslUv0lEgWfcH07Vy08tK91FHuL"
    "UWxfFYts5/dlq1xiIX3syHdtRezJnyBmQ8Vk96R9dd3ttwDUppjEF8OWaqTdlbdIlXREsg"
    "4k1IGEnVLuil/OUNc31PUNFXAgDxepb4hbhs2FwHYV1qwY2JZLRpLMKH1vZJI+5e6SnHdX"
    "rHn/upxkl+xpniP+oHMnIdURT8fV779/5STHjQLe9XEj07sWh6JegcWQUQZbv3+N7fPYih"
    "s6ie2vt4N+OrZ+/zhTwSoD/wc6ttbmB0hvH2ziBE3B0MY6w8R6KU77i7Tex1ga1AKfCEnx"
    "IT64bn+Oo3/ZG1zE2YcY4CJZ15MeW87WRkikGgoR5yurEHd/juXvwXcr65EGvIsDOrQYsM"
    "b0iRwCi4J7qXEvARXys4rN/lAD0AIQqGOK1WTdz4rH3vItUr9XK9tQ7macIaUuKPMdOxVg"
    "xTvvwyU4cRmOUYQ/+xmYDbDnrSpjfXsDlts1HMqtpm0cjqZec/YOxzqulKl9Ce9wRN/5mQ"
    "jUBUBLJVMu8OjfQuNeNxrHx2eNo+PT85Pm2dnJ+dHcFiQP5RmFi+57YRcilv15sqdhE81v"
    "jUVSL5EBKp1/EYkWTO7J4E5uAa92vDRrKUJasjlLvaF44/mssE0qAXNMrML8WxJswLsrfu"
    "L04ImAqVtpArAGDjAZUptoLw7BAzWBYVKVH+QK4VyAswd/hzAlKYRjlQPnav11Ea2/ztb6"
    "64TWGddfUt0yb01Xt9+/wnpeyTaCzmc5n8nN2UJv0H/vd4/TuxjW1MBqmbU1F9gHtGNvHS"
    "+yQaqZvUOqmdgixU/HsghT3nc6wlL7h/PqLcZubaDYAj3awfBDFeocqraM9qbMYQ+BrVyV"
    "Q8UwXkWgJtiVsr0qhx2FdZmNPuuscoiW16eEyhL199nBsqDcf82fvhOVE7ab7jIxNb3NOI"
    "QyZYg4oSr7Jbw6YrapiFn4VYxF3fGwzP454/WL9nYwLrbRCEnVwN10iMSAM53CFLOdXQ8R"
    "EqlGPcQiBSp+VQeARANTpGEoqhCEaX3jFDFADRrirYUm4pMxLdE2TYQhFxxjy/UN9YuD1v"
    "nioMB7WiRnFfK9Noc072qjsmhLv9117jpXLeBK35PbTv+q23/fAha/3Tn8Tovs/GT35KrT"
    "6/7euRECXgReyLxrd3uiSbwGVPzufP7Udfqg7wZ2ely2+5edntNJFYjpujfT0h96LfKYyi"
    "7qe5Uo6gs7x1FV306hrmd/jC0kt7ldFEfr9XyPG2enc19X/Mjzbm+v271eMmADGUNTI+09"
    "C/mAhuVqQMOGHlpMQaZJzTLuVFRqHzjBpn0qz+FXvJxk2QRJqvQ+6GHdiZJQiCKBd36iJC"
    "pZv7+tyokS1zWwFkiHRSVrLVdZyyq0LeQqp4ztjEhV2GZKT+JLEs50NYBZCxzcS17Zyr0k"
    "XoA/L4wEWBSy8MPhF2k6fbz2/9Kh+DlBsxfg3m4cNU4TPHXdJ8u1840iMbhGdgyukYzBOV"
    "ou+VQNyVT4vqhOnHOnig5qM7ugma33umSvsHqvS10aUZdGVKw0Yjt5/DYysTqWUhL43pHD"
    "vMw9DPrU7yLYpaV9mJNsX+DbyPv9UeTGyUkRR//kJNvTF8diMWGj1EsJvO57iO6royIfEO"
    "G9sjMYR4lPiHi12EmEs5O/IZHNJ3+349SvLAm71LbYZR9mP/4BlZgNSw=="
)
