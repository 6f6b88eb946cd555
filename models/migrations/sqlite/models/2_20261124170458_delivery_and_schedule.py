from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_outbox_status_c07bcb";
        CREATE TABLE IF NOT EXISTS "scheduled_job" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "key" VARCHAR(128) NOT NULL UNIQUE /* what the job is about, unique: "reminder:GR12:eve", "lesson:kampung-bantar-3:tg:123" … */,
    "kind" VARCHAR(32) NOT NULL,
    "run_at" TIMESTAMP NOT NULL,
    "expires_at" TIMESTAMP /* after this the job is pointless (the event is over): it expires instead of running late */,
    "payload" JSON NOT NULL,
    "status" VARCHAR(12) NOT NULL /* PENDING: pending\nDONE: done\nEXPIRED: expired\nCANCELLED: cancelled */,
    "done_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_scheduled_j_run_at_98b10c" ON "scheduled_job" ("run_at");
        CREATE TABLE IF NOT EXISTS "outbox_event" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "at" TIMESTAMP NOT NULL,
    "status" VARCHAR(12) NOT NULL /* QUEUED: queued\nSENDING: sending\nSENT: sent\nDELIVERED: delivered\nFAILED: failed\nEXPIRED: expired\nCANCELLED: cancelled */,
    "attempt" SMALLINT NOT NULL,
    "detail" VARCHAR(255) /* the error, the channel's message id, who claimed it … never message text */,
    "message_id" BIGINT NOT NULL REFERENCES "outbox" ("id") ON DELETE CASCADE
) /* One state change of an outbox row: what `kabarrt outbox show ID` prints. */;
        ALTER TABLE "outbox" ADD "sent_at" TIMESTAMP;
        ALTER TABLE "outbox" ADD "dedupe_key" VARCHAR(128) /* set by whoever enqueues work that may run twice (a scheduled job): one row per key, ever */;
        ALTER TABLE "outbox" ADD "claimed_until" TIMESTAMP;
        ALTER TABLE "outbox" ADD "claimed_by" VARCHAR(64) /* the dispatcher holding the row while it is `sending`, and until when (a lease: after a */;
        CREATE INDEX "idx_outbox_status_e38ec3" ON "outbox" ("status", "claimed_until");
        CREATE INDEX "idx_outbox_status_b039ab" ON "outbox" ("status", "channel", "priority", "id");
        CREATE UNIQUE INDEX "uid_outbox_dedupe__136453" ON "outbox" ("dedupe_key");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "uid_outbox_dedupe__136453";
        DROP INDEX IF EXISTS "idx_outbox_status_b039ab";
        DROP INDEX IF EXISTS "idx_outbox_status_e38ec3";
        ALTER TABLE "outbox" DROP COLUMN "sent_at";
        ALTER TABLE "outbox" DROP COLUMN "dedupe_key";
        ALTER TABLE "outbox" DROP COLUMN "claimed_until";
        ALTER TABLE "outbox" DROP COLUMN "claimed_by";
        DROP TABLE IF EXISTS "scheduled_job";
        DROP TABLE IF EXISTS "outbox_event";
        CREATE INDEX "idx_outbox_status_c07bcb" ON "outbox" ("status", "priority", "not_before");"""


MODELS_STATE = (
    "eJztXVlz27YW/isYvtSeUVJbdhxHzXRGtpVEjZfUlttOow4NkbCEigJYELTi9ua/XwAkJV"
    "JcTGozJfMljkAcgPwOcHA2AP9pI2oiy3ndZAhqDfCfRuAIif9EymtAg7Y9LZUFHPYsVREG"
    "NXoOZ9DgouweWg4SRSZyDIZtjikRpcS1LFlIDVERk/60yCX4HxfpnPYRHyAmHnz9SxRjYq"
    "JvyJE/v2q26IdwHZuyL/WSf8k69lC/x8gyI+/uVVLlOn+0VVmb8A+qonyFnm5Qyx2RaWX7"
    "kQ8omdTGhMvSPiKIQY5k85y58pvkK/ufHnym9/rTKt57h2hMdA9di4cw6OnTMk3XL686+k"
    "2ro+taAdQMSiTi4lUd9fV9+Qqv6vuHbw+PD44Oj0UV9ZqTkrffva6nwHiECp7LjvZdPYcc"
    "ejUU8FNQDcH6OKynA8iScQ3qzyArXnkW2QDH8kI7gt90C5E+H4ifR4cZOP7WvD791LzeOT"
    "rclR1SMSO8aXLpP6mrRxLqKbTqbwFog/rLgTYomGI7nb9rB3e/vpcDXVErFV71LIqvhR6Q"
    "lQxwi7gjBXJbvBQkBoqBPSEuM9ra56tOswGGlMMu+dw6bV40O81LUYAMOBIzmsjS89vr5i"
    "ev1HIZHMjS698bgI3F3474q2ReYY4d5WHYUTq/jmbZNRwK+F1PAucU4mGSp0V5Ap98cVKa"
    "SbEUYT6FlOMR+peSQlImTLO+sa81HQx//AUOIeNQW4vMOcwjcg7TJc5hTOAYQicSsOgwYQ"
    "yfiScS2pRVM0I5A7vpk74O/lMeAZQfevGB5hWxHv1JlwF9p33Ruuk0L77I7kaO84+l8Gt2"
    "WvJJXZU+zpTuzAqaSSPg93bnE5A/wZ9Xly0FL3V4n6kep/U6f2rynaDLqU7oWIdmSN0ISg"
    "PUIlx3bXNOrkcpK66XhesBRiG2+28/5XrEMMm5XEVoqvXKW6+kOXc/TLQ9PLziAH+gDOE+"
    "+YweYzrcDKoz5uxmofs9GD9B6fQVGRxPDODosBIfLz4ZcfX512KUX7dPBcwS5R40hmPITD"
    "0FbmOALVM0FQf8xKf88PkaWVB9xwvBOjLnhfTAJpIUCyF07TezrShRCy2KkGhiA5e7XPCI"
    "YiQdZqLtBVFqT1va0qHkEkicMWIoYZUtgtTtpJ1fXeRsGWBStNM6DYn0iLCPPxrVR7MlkM"
    "C++iTZt+zJB+5U9IZUVzEXcfColuUlNkKVnnIUa50BAoGIBVDoasgEO5SBMeYDsS6NvbKR"
    "eLoLOAUQPCDmCFpA7wEXtDbDD9B4BIRybKDXs16NVbT/tAu78lav01vtsUb3GVfIuRqjLL"
    "Pjb14369Kddn38gMgcpm+YbgsN3801dOP+DWMACUlzpKe4s6Yk1SzKMYuCVamYO2GGai6H"
    "QumQXq1HgYVMrwV9CgWsuLKBnNexMDPAIq6F0+bNafOsleVZWKVi2pbvhfljkmY6eZapmu"
    "JwrVUmMVQa4Do1wAdouYXiXROC8mYsaHe833gvFlUOsPnzXQ3cOSOn8b71ev/o0Ps5QJbV"
    "eC8fxqyegrRrzoGolIuVKxfSQ/SQMCVOKLUQJMkgT4lmMO4JqlWBHEyVAjNDNQLgPUdMGO"
    "w2YmLFkOa9EPfi/dmj6AVbLkNgp0c56FnUGCKzBjAR0x6bgiOjHmK7sUmzvGbzGwYnV1fn"
    "EZvgpN2Z4fLtxUlLcF81LCphbymOx/2rQHT6bNvMkGSeQHRlRVRWRGVFFLEiJugnWBFhzq"
    "RbEeGhUFkRGzXBs6yItabmlizQFNVHj/NkyR2nZ8kdx9NyqQGtQuhOKdaYkIiD91g1wHnw"
    "TYd3Fl1qS/WNugmLU6bCH6Fbo84/KSmg9N90rr6AH4HQhT+1LjttgTMFwiakrlhqZfjOAZ"
    "QBCzmOwP0nwJBtYeQAh2PLAgb1ZmpE3V9Gg8+i6DPUxw6Xge05dP0Y8RLU/ZLJsg3R7nPF"
    "YcbIkmMtKRUia2KHyco9r5fB1cqIrozohYxoua+xmAEdoqhyep+0nYN9o1VGb4bJHBpSEX"
    "NZ9A8ub8/Pc+bzeslXC2YZhvK8NkxK5UvH9MKAeNGU1XDQcRtxqrJ6q6zeJWEljMwe/bYY"
    "SleqjQthksH+5tolVfbzerOfI2ujTPWcIJeM7hVBHSr+ybVKTtq74QLWLYO4iFOdqq+LO9"
    "R98Z/hTA9qPJkq3gQM9wcc9BkU4tIEvUeVoU1tiTdlP4E7wb4+vAPYAUgFbANH/Q8OwCPb"
    "wgbmQPYXTxNfctsJrv2vkbDBUPBbfbVUaf+q3P7P6PYPWBF3TD99YERAW+acFO1zq3Pb1O"
    "WpD0PEXagz3iXNs4v2ZQNAc4TJ7GR4pqRyb+bNk1Yeoaw8L5XnZaOYu+TjP6qEkCohpAQK"
    "ZG2ehJBZybA+n+GmwprmNHzmHJu4ZZS8mTRuPmVuK51U151J/Sr/ZpPkaZYifm8JJSFREU"
    "/GNai/ffk3B/Uc2vVBPVW7lo+iWoHDkV0E26B+he3T2MoBHcf2l5ury2Rsg/qzlgo2OPgf"
    "sLCzMj1Ae3/vEuVlBj0XWxwT57Xs9mdttctYEtQSn4iREkC8c9H8Yxb90/Ork1nrQzZwEk"
    "+ESnbGp3MjRFIOhsj+ijLE29DkBIcWeFsRkAn8jwMWdDhwBnRMasChoKvVuxowoOhVno4A"
    "TQAdAIExoNiIJ0otue1nHiLVyW3pgnIz/QwJiVSppziVwCreeB0uZhMXsTHy2M9BBGYN1v"
    "OzMmN1mykW22YdCkYn7bSOxqozNlvPVFyqpfY1vCUUfRM9EWhJgBYKppzg/ksx497V6wcH"
    "b+t7B0fHbw7fvn1zvDeRBfFHWULhpP1RyoWIZH/a2DMxQ5OhMU/oJdJAqeMvMtCCSZdc3X"
    "YawE+2L2y15DFa0m2Wagf22uNZYZlUAOYZshLb35q0BvxR8YMwD8YEjLzUHIBNsINJj7rE"
    "3K2Be8qAzaghHgqGCFtAWA/BlmpKEgyOZTacyfV3ebj+Lp3r72Jc54J/cXZ3RGkyu4P6Je"
    "bzUvZdtP7oZFtyE2vh/OryY1B91rybwZra2CgytyYE24D2zLn2eXaUHaZvKTuM7SkT3fE0"
    "gynrJpgw1fbhvHyJsVk7Tp7BPNpA90MZ8hzKNo22Js1hC4EtXZZDyTBehqNmuo3n+bIcNh"
    "TWRXZGrTLLwduP0HpIOUwk/LiW5Sjz9kbo6CHvmSLSQwpUCoSyk4RhRO8BJMBrCDA6boCx"
    "PP3tbgh7kDEePJFhGtA+u5PHWgsmxPOgl9nwkvMrKt/cunxzxVXRrQ2JbZMOKue1mxAbz+"
    "dvnVKX2f2n/Xrbum2dNYDoxEVml9y0Ls/alx8bwEHEFJxWJR31k3fJWeu8/VvrWhL4niNJ"
    "86HZPpdF8rw/+bv1x5e2qoO+2VjVOG1enrbOVSVDomVZ3n6t4ldg5nE7piej7MeSUSDnaG"
    "QnTOCbEbSsdGtjSra+3N+91UrRg/rbo4nclD+yJOXNRfP8PG5mmIiLQVDEAzKlKLH3Q7lY"
    "EWOU1UDU2zr1tNbESk+BYUEhuU2AOei69b36ESBy/9OkXuDAjDlwl9p65iSqv3mTYxaJWq"
    "nTSD2LMt5/g0TzMksTidJtUx79GpSSDDt0NN31u6CtVHQXcdnYkddqio7EMmWHRzmQajmF"
    "WPSU7ZTLalokE/xrSP8JR0IZpsw/AELmHtRApKIn3XSXcLEiFLvDvrJ21mXthO8EyLvIh2"
    "lKvMzPGeSoTnzfwHyDtUaeywbuukPPNny0KEwQ2+l55iGScuSZz5P4H2TLA0hMoaSbGMrs"
    "bilaf1KaPjShLY/PZ8LYRsyRZaOYdTBnG8+cN16dYLvKE2w3zzeleR6mohPopfunwhpzEQ"
    "dVmK7yUMUdfglzJ5fHL2nWvGxA5X4mXXmviqhTUaptsAnWrVP5Cr+e5Xl70lzQM/1vG8mH"
    "VSegEcr1HrqnLEG5yY76RSmrg8TLHPzzVANnjjTDKGXF5TJz2YCugzzmFJGdEaoSy0xN5Z"
    "6o15UxowbY6Wr+doCuJm9im2w4A1huEBCPwzc6qDp++d+0J38O0eOuH3qK2amr7iw7qJXH"
    "B1dP98HV4z44xeWCq2qIpsTjojR+ThOZro10wegiKEeploLzSm4kdRCXB2OOB1QFaRFRRq"
    "wDxpQNAZezZQQfAXMJ4GNsILADgWMMxMcJ6xOIObDbAJQgmUUmb1eU06GmDtOMzbxVdvSE"
    "vZvHryFqZVi88Z0UfhioV2hQRKlKPPlUtN/Ejg254AEDA2pJR4by5UkOjAfYQjLCjx1w53"
    "s57mrK+6cCY6ICIpKFFoIOagQXcMYGxWq66RKDQWcwaaZPxTiTYU7AKbjzvDR3ajeZqqKI"
    "wQA6avRRlyfd97nyaEokrlhQnYsRVxpdmTU66QecQ2kPkVX8LTN/N2v7V8XmOdlcnTqUrp"
    "NXpw5Vm9SqTWol26SWnhkY8ik+LH7T1MwmqQ2TXWmYF7uhpGD6ZMLVLgk5lMkXwKQnUk4v"
    "ntH/CRNU5+tukpCsgfRExypDbI3RzIIuwEV8fzmgXob3z6JCOrwyoGxanrdjoVeODQ1kql"
    "0aDSB3gDJkC6NEnRUqHXCBIAGQIWBQV12tM5EHM3xbSQfZPva9PPeci1rpXva92E3nlUE3"
    "1xwst2YfN+iqAz2qAz3KC2xlK72IW0s2FNWynudxE8QQf6E9LcGkijyvZRlTk2ik/rdftT"
    "RmVLWxTD5bx8ay5zQBVhL/VwkxMgoqBrUMs8IedXkNeJ02QFeIy5HskTU+Xu/XG+gByayX"
    "rkDccShpDOHIdkn/VQ8SDtmrgwbvN/brB10tMwFntf2tPxsg/brJlGGxAVdMzpl/s/yrWJ"
    "hL5jC8plTVIYpltrleXA6r5iWp8AF2wnLQpoK7UsiBHXXShnSey3L6gNhuQ+bA+N8LsBgL"
    "8goWei/zVYjMl7H8i9MiknaF/WzxeHypu0CXIXxWskdzA3cR2l6mWkEOaF+CbYN2sG3wTA"
    "zyBjApQZu1IVC+8RwSPUS2MeL8RS7alT98a9kc8zI+j9umiRg2BlqCw8Z/Usty1cBpndL4"
    "aF6Kg2ZloW55UXDq3ULJ0IZIttDUXskZeXJSFUDYr76F6O7nCiTvZwSS9xMCyd5VGkWsix"
    "DJ+q2L51kol2ZHPOti9v3/TmwmIA=="
)
