from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "open_question" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(32) NOT NULL,
    "ref" VARCHAR(64) NOT NULL,
    "options" JSONB NOT NULL,
    "asked_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "resident_id" INT NOT NULL REFERENCES "resident" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_open_questi_residen_4468c5" UNIQUE ("resident_id", "kind", "ref")
);
CREATE INDEX IF NOT EXISTS "idx_open_questi_residen_a9f589" ON "open_question" ("resident_id", "asked_at");
COMMENT ON COLUMN "open_question"."kind" IS 'which handler answers it (`complaint.fixed` …)';
COMMENT ON COLUMN "open_question"."ref" IS 'what it is about (a ticket …)';
COMMENT ON COLUMN "open_question"."options" IS 'the option values, in the order their numbers were shown';
COMMENT ON TABLE "open_question" IS 'A question put to a resident outside a conversation, by a notice (\"Sudah beres? 1 Ya 2';
        CREATE TABLE IF NOT EXISTS "complaint_feedback" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "answer" VARCHAR(16) NOT NULL,
    "rating" SMALLINT,
    "comment" TEXT,
    "at" TIMESTAMPTZ NOT NULL,
    "complaint_id" INT NOT NULL REFERENCES "complaint" ("id") ON DELETE CASCADE,
    "resident_id" INT REFERENCES "resident" ("id") ON DELETE SET NULL
);
COMMENT ON COLUMN "complaint_feedback"."answer" IS 'YA: ya\nBELUM: belum\nSEBAGIAN: sebagian';
COMMENT ON COLUMN "complaint_feedback"."comment" IS 'the rating''s reason, or for belum / sebagian what is still wrong (for the officer)';
COMMENT ON COLUMN "complaint_feedback"."resident_id" IS 'NULL once they erased their data (the answer and rating stay: they concern the office)';
COMMENT ON TABLE "complaint_feedback" IS 'A reporter''s or supporter''s answer to \"Sudah beres?\", and after `ya` their 1-5 rating.';
        CREATE TABLE IF NOT EXISTS "complaint_supporter" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "channel" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "complaint_id" INT NOT NULL REFERENCES "complaint" ("id") ON DELETE CASCADE,
    "resident_id" INT NOT NULL REFERENCES "resident" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_complaint_s_complai_88f7ed" UNIQUE ("complaint_id", "resident_id")
);
COMMENT ON COLUMN "complaint_supporter"."channel" IS 'the channel they joined by: their notices go there';
COMMENT ON TABLE "complaint_supporter" IS 'A resident who joined someone else''s open complaint instead of filing the same again: they';
        ALTER TABLE "complaint" ADD "due_at" TIMESTAMPTZ;
        ALTER TABLE "complaint" ADD "closed_at" TIMESTAMPTZ;
        ALTER TABLE "complaint" ADD "escalated_at" TIMESTAMPTZ;
        ALTER TABLE "complaint" ADD "counted_from" TIMESTAMPTZ;
        ALTER TABLE "complaint" ADD "due_stage" VARCHAR(16);
        ALTER TABLE "complaint" ADD "reopened" SMALLINT NOT NULL DEFAULT 0;
        COMMENT ON COLUMN complaint."due_at" IS 'the stage''s deadline: the end of its last working day (None once closed)';
COMMENT ON COLUMN complaint."closed_at" IS 'when it was last closed (selesai, ditolak, duplikat): \"sudah beres?\" is answerable 14 days';
COMMENT ON COLUMN complaint."escalated_at" IS 'when it last went up a level because it was overdue (None: never)';
COMMENT ON COLUMN complaint."counted_from" IS 'when the deadlines are counted from: filing, or the last reopening';
COMMENT ON COLUMN complaint."due_stage" IS 'what is due by then: `verifikasi`, `tindakan` (first action) or `selesai`';
COMMENT ON COLUMN complaint."reopened" IS 'times the reporter or a supporter said it was not fixed (at most twice, then it escalates)';
        CREATE INDEX IF NOT EXISTS "idx_complaint_status_0dc84e" ON "complaint" ("status", "due_at");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_complaint_status_0dc84e";
        ALTER TABLE "complaint" DROP COLUMN "due_at";
        ALTER TABLE "complaint" DROP COLUMN "closed_at";
        ALTER TABLE "complaint" DROP COLUMN "escalated_at";
        ALTER TABLE "complaint" DROP COLUMN "counted_from";
        ALTER TABLE "complaint" DROP COLUMN "due_stage";
        ALTER TABLE "complaint" DROP COLUMN "reopened";
        DROP TABLE IF EXISTS "complaint_feedback";
        DROP TABLE IF EXISTS "complaint_supporter";
        DROP TABLE IF EXISTS "open_question";"""


MODELS_STATE = (
    "eJztPWt34jiyf0WH+2HIOfQrnX4MPXf2kITuZjqd9AYyu7PNHBC2AE9si/UjDHd3/vutkh"
    "/Y2BAbbGOIv3QTWyXJVVKp3vpPTeMyU83nLYPRWpP8p6ZTjcGP0PMGqdHZbPkUH1h0pIqG"
    "1GsxMi2DShY8G1PVZPBIZqZkKDNL4To81W1VxYdcgoaKPlk+snXl3zYbWHzCrCkz4MX33+"
    "GxosvsT2bin99rMxhHtwaKjGOJSf6ObWb3g7HCVDk0d6eReD6wFjPxrKNbH0VDnMJoIHHV"
    "1vRl49nCmnLdb63oFj6dMJ0Z1GLYvWXY+E04ZffTvc90pr9s4sw7ACOzMbVVK4CD0WD5rD"
    "YYXN/0Bt12bzCopcCaxHXEOEzVFF8/wSk8O3119u7s/eu3Z++hiZim/+TdX87QS8Q4gAI9"
    "173aX+I9tajTQiB+iVQJSB9F68WUGvF49dqvYBamvIpZD4/lRa1G/xyoTJ9YU/jz7dkGPP"
    "7aur343Lqtvz07wQE57Ahnm1y7b07FK0T1ErXi/xSo9dpng1rvwRK3y/1bOHJfnb5MgF1o"
    "tRa94l0Yvyp7YGo8gtu6rQkkd2BSVJdYBNk+cJmxXfty02s1yT23aF//0r5ofW31WtfwgE"
    "lUgx2t49Oru9vWZ+epaht0ik9v/9Ekxhz+78H/guelptjbJAR7u55eb1fJdX8P6LcdDpyQ"
    "iQdBHmflMXRy2UlpNkUmzHyJUkvR2P9xPRWXCcIUt/ZrLVOhL36h99SwaK0QnnOWhOWcre"
    "c4ZxGG8wdX9EHaAzMEtBXCVxdxHodmjerktveDSWx9YjPTxKEJzpqMuUEUyyQ9prKJQTWC"
    "H0RURb8n9eHfgLsa1v8a1rOfsPHPw5MPRKMAxXUyVgwzwnryGqev24g2g81UKjGZzKdMJz"
    "AWlTXoxWAeik0Yg9S5KpMZNy1mmMTClqbFZ2TOjXuYpVgQG1fW69MEK+v16dqVha/CK0sC"
    "aRvoP6Ax3PES3uCmXSOPhSBX1pfsgj73fpTnaEu+qeED5RtdXbgLfQPqe52v7W6v9fUbDq"
    "eZ5r9Vgb9Wr41vTsXTxcrT+uoR5ndC/tHpfSb4J/nXzXVboBfWzMQQIy7b9f5VwzlR2+ID"
    "nc8HVA7sSe+ph7UQ1e2ZvCXVw5AV1ctCdQ9HAbK7s19SPaTyJhSEQjCVJORIQmgoGN/Har"
    "UOvqII/sgNpkz0L2wR0Q5WsLpiKDks7P7lrR/v6XKKBp37ppXwsoKPh09mlvj8W1jlt50L"
    "QDNieUSl+zk15MEadEtTRZWhqyjCz13Ij19umUrFdzwRXIf2PHAPRWYIsROGbt1ujhVLXG"
    "W7Ygi6OMDjLhF64DFDUyz0vSOWOsuejnQp2TrVzTkzWMwpmwZTd34/fwd15YgRNjG4Pdtx"
    "WX3CPkATTsKfDnIHUl3nNsgL2u6svBXoqjRLCmQAUKnHTaE5w2lM6re9xtKu2FgaHglo62"
    "iWPMEflMwMLnT2OmjTAtJEDdxgqG0btm6eJDNBJiICe9gd++2HZGg/yFUqcW2mOiA7IenC"
    "66c8iKrh+rrtodGG+J9JFJPQEbcT2rkT4RBWu6yCgr0PXBa0172tCjuVm7jtx4qEBjHn03"
    "HnggJL6sgKgE+ZFmx0PiZDBBnuup9RqeCnPKBMhNSM6CvtVFt9QnU6EdjAsXEkH9W6ycRQ"
    "Ebe396qxyfMtBRo95vyu9QCJnnBP6MRgTCZ1wNRcsaagEc2dZ8jkT4jFgVM+AIoBFlGJBJ"
    "gZygOVFoBqC7D/PGIuzaH/x93ylQe+SA+8Q5qBS7hUDuMIZJmdmdu6jjN3RE4UOP23MLoG"
    "4Y7Q5Hq4JtaoZV2CQ0xfFxywxpGyBKl2UYJd5J1K6QzZK1BbmbJLh+l8bdlGwOi3ozU7hf"
    "2wbEhOatJeWWAho/ZFq3vRumxvsmnnKZh2cF6KtYiTTP13G0VTJdgqz8DMSgIsUgJ8oKqd"
    "KqbEByhvFGZtaE2aP8GhCuq5/POwQYamZjZ/aj9/9fbM+XPKVLX5E76MaD0pYQuO66yEi9"
    "yFC/RNPMRsiXPOVUb1eCQvgVZwPAKovJDsbZUUO0N0QujYYsJ0ygw4MVC9B3YP8zcWMIqi"
    "2gYj9RG3yEjl0j2TG0TRYdsrMlBEGzEjYoHJsNvkisH5zc1VSCc47/RWqHz39bwN1BcdQy"
    "PFOYqjsYxVCNT63XaYwTBJQqAqLaLSIiotIo0W4WM/RosIUma9FhFcCpUWcVAbfJMWUWi6"
    "UclCHMLy6Pskkf/v10f+v4+mGnGJqqmwu4QoMMlC8eaRN4KT4Hc9elexy2covrkO3BQCfw"
    "iuQJnff5JC6O/2br6RFwRk4c/t614H8MxJKJwEAylUZpqA9w8ij0FhJjEtRVXR080i4n4W"
    "He5F0DfYRMHUi61k/QhwBuJ+yXjZgUj3ifwwc6biWosLwtu0sYNg5d7XWVC1UqIrJXonJR"
    "pDctIp0AGIKpvkUd3Zq4VR5ZJsUJkDSyqkLsP45Pru6iphJokTfLVztJ0fwnVgXCpZIoDj"
    "BlR2TZYIOh2PEU9VPslG9PAZ0wf/dtMadsTTDfSVIkPiIPFV5d+kWFu2NeJ/7rimRB9fsU"
    "rA5HD1uCpPKVOEYUEIUFOKTlc6RFQdfbbSfMrJ3OAWJit8EB2IKiIY9w5nG8yPGz+YaOzS"
    "qC5jKRGG6Qyy6yMX+Q82fK1BoK3JZHyiGAQN7NnnKw1cBXs3OiTNWzrE5WqYD7vu6Fvo4l"
    "ilj+PNRMoJT4MsEgV9bB3zzluibMyYjCp6Rkj7GOiuFHiroSWCcDjJkNkvoozfzWAVshTB"
    "swKmDPglpkUXTQdGQnBDd44ZkTSX5Wlh2rMZN6w8Ug+7bteHGHCYxi6yGDwobJ6RbeRX6K"
    "o0y3d3dKWKTAmZ5TDLzMdZPF5vdNbj8E8iA53fX9cCtB4RikMi+ANVYP6K6lrZdsVba6W/"
    "I0FZ2hAoLr4uGv7kGus2hD55LR5N7G0RQ5lMLTIxqA74JaNFSK/4QIZAuQkdYvI5E+G1Xl"
    "gVqBwKcFxFwtoHMF40qTfjvmMCsb6Hgrzugd7iq9EB8XsVpLXHIC2PFNEwosdLFnuwZc4g"
    "qH1p9+5aA6w7fM8smw4Mq6+3Lr92rptOLc6+/g1afGp1B5ctrG08g1YTag4QY8nEqNzTg5"
    "1duU2CcAiy8qFXPvSDIm7Gxamr0P4qtL8EwmVjm9D+Vc5QXPTHoaJ1XfjHnrMloopmfFmg"
    "qDa6sUCQ33xg+u2rTIpD4qebhPSxyufxQno8Xr32x5dJkX2le9NiszS49dpXuH0ct54OFc"
    "btL92b63jceu1XNRVFssh/iaqYuckBtZ/Gti7iX8jIVlRL0c3nOOzPtXyPsThUI35CSoqH"
    "4vrX1j9XsX9xdXO+qn1gB+fRlJb4MKH11AiAlIMgOF5agjilKUyv/JyTVM5k4n4cUalpEX"
    "PK53qDmJz0a6f9GpEojIp17qhMqEkokaZckaIpLxn3veclooEEmWZ9eO0PeHF0v3abTllC"
    "alg+IQXdMEFpQSTbQp8aoZZ4Y7IJRpzAx2mKBUTF3zCJq9b1L3e9yPLIvPc9L5DqepD1J+"
    "lhGqI8HG26HqREZpODF/IjRpM0SmgSA4vnuSvAvLJXYuRXN2En7T4UdR6j2K9Gpa/X6UOx"
    "8Ek9hF57MoODRVTf9Uv1ctvCXyhvBKwFDXT1UbcYL6n3a11bplOCYoz5N/KK/EbJaYy3MJ"
    "dx+vo5A+5BXpMuG9GJQvV+7aQJUCNqMCIrE3FRmnMn28i2LK6fuHEx4s40onFxrko4i5UJ"
    "9nVooDWgmSKykIVzU2dumE1woiCS3YMEh2f0c/JJVJ/H2BwvlhmB2Z8zBX6m83QabBxxdH"
    "5fXZ1ibDwjqyuHS+IDjcfrQfg951NFmrq10w1/o+AeGvqBXM/HCow4JH379OXp22gFry37"
    "KNjKgHsrBfXc5iUnHpYaXF4kQOqUAOu8Z9YGWiUBKbgy4ZO1OjjhM6Ijx0iAde2cc8eQnV"
    "h/OHkci4FJ8GxxDAURsu7S0Z7VRf84S6ksBuGOUFU8XNUwGqTgyELmFkQOQ1ZkLjWZS2QC"
    "2Ledp4qcOGTlvrjS6oGE6rjq6uF86w0F1lcaZurT/x4sA605ac2De7bYLST3XJk8FY30x9"
    "PT16/fnb58/fb9m7N37968f+nzg+irTYzhvPMJeUOIwT+ut8pwgvpLY5sA3lAHpVaIMFwX"
    "Y3Vv7npNkvhmtRXNM4niuV7vrKquFx75zP4E7qdTNVbuWI/mFbASR2oI9c5dFT+YBPQ24v"
    "JhosikruigyevySUOkkc8MLsFLzP5Dg6tfRp3rMa7pLDveSPUfk1D9x/VU/zFC9eBJlILq"
    "K2BlpjrViUsBjyqYR+Mm+KHLF23cLvVIvQdCjbjMVFxAQZdAANIgX5xWJoMpGpFlkNtIfR"
    "1f4+NPVNNsMlZURpCCJ05UA1CByWRKzWkzvKgU01tvaE6HFfaBmLbxAC9N8rn17a5LMA9j"
    "D7YqC9hGdL314Gn8evPal3ihZaKstv/Z22wa8nXVq5vrT17zVXvRCq75TJHSbG4f4BiwHV"
    "7JZ0mKF5+tr158FilfDMNZ67T1DcJJCOr48Jz9QXVYxU334J4/CuNXVcz0aPKwjhCxpTMm"
    "lgzHWdgSlxVj95eGdaBo3aUIb572WaeUo1NDKS5OK/C6sTFMSzR0KjslMtBihB4ROVpC7Z"
    "pgyR7QtIjTETH4vEmEK394T0fUMCzvDXp1SedyiDeoAxGiRRyy7DjjBLDKJFyUSXgLb3vl"
    "gC2/DIr72o4Jo0lm5l9Cl9nqXPv7XfuufdnE4E2byX29276+7Fx/agqLE1BaPOmJP62+ft"
    "m+6vzavkUA17aEMB9bnSt8hFdL4t/tf37riDZu1GZfv2hdX7SvRCMJsaWqTg3M1NbuJHFs"
    "r9bHsb2KxLFRy2LaLGYDdzWqquu1jSVYcS72l/ly0den7976fBP/2MQpu19bV1dRNUNmFi"
    "yCNBaQJUSJrR/Css8MgxsNEjbyB221WIlWUilwbhmDAp0IQKJj8Sa/nWfAjPgNMu194yY6"
    "ffMmwS6CVmu3kXgX7z9IK4mE4Y4pXKUAoWSDHqotC6bvqCulLcBeNnIk1ZrCK7FMcS1hCq"
    "zVnAIkekx3SqQ1pQpriaRZLOWfoAPeULjhVi0EPANQqKHD3Qa2bsGJIF4GYFECSZ+nUWlB"
    "RWlBSuAemaSHfxCmxMf/ls6P7N2lVfhL7uEvhXqky4bcol3SM7pQOY1h2+tTVQIg5UhV2a"
    "ZiiZdw44Z7yArFAA5krR+cGylkOsPbKQwR9iFSLbWI1rBlH3tOUKkuUc7zEuXDs1nVHMtT"
    "2g301O1WQUk6jeEqCFdZrqKGwJi9k8gSGLdrnjZCMZ1/IKxaacSpMNQx6ARFy1SuwD/YZJ"
    "F7VF0YbLTLHSQd8g5M07k1GLFxbD2vzd7AMGR1l32ZnYIlSr6tqJwblSVqm8whThreGYIq"
    "Mc906laI6aIvqYnFgdyMhX4Nax34+Y9EwXwVeB28RlK0cZ//wUf45z1bnLguqYiemvdgm5"
    "1dSWxwp+ttcKdRG5ygcspTNQBT4nVRGjunzGR7ljoZKQyVCZ7zsOvXTGZhaa75lAvnLdOF"
    "EmuSOTfuiYW7RaMLYtg6seaidBclpjSFjwPtk8AeOGmKQloGn5MZwMP3NsQNQZGdl+dAj+"
    "i7Sewa0GqDxhvNsHDdQ6NUiyIMVeLNJ6IAZMWcUQtoYJApV9GQIWx5SIH5FLO9nGJDQ9fK"
    "MWwI659wmEEDpiMJVUZN1nTvt41cp5PTMH1dMqg59buZcFhn6P7EUnVDx0oz9O9cdIAxU0"
    "2sPm5b+yiUFPY3phTnIsCVRFdmic7zHqekcgCsom+56TtZc8P5ZvNdEK7E6S1Y1hq4p7rA"
    "CtWWw4Nxbbrh5aISOrPEuS7BUTgB5otJ5nXv804EA59PFyhGT0ztXb/2ol+zJfO0X4uWtc"
    "t7sPyMjkyXOJ5YaSSEIEyJ5YNyOJgOK/2yYqdbstOq6vz67VVVna+SRKsk0ZIlia6PzA0I"
    "Bw/xEmKaG+FXkhQPjHetw3m6G+FThi/f6V4l901V+mNaNTYFMtt++3QV+3eJak4VefxUwo"
    "5zqxBfRWIWGDWQ0tS+i409AaqzsLKrHLjDM4li11hmTWXPzBmVmCyypJoEM7ANNgOlRNwS"
    "hYZu/wYLvPxC4jbe4018frBCt1wG2OzLevkyiTPr5cv13ix8Vyl0T1ChqwrqVAV1yovYSl"
    "d6EteaHyhWy1pP55PB7RnIaLHVdJYvG5vUqAk2G0heu0p7OiS22digPe0lHbMQFIsIBrFu"
    "A2V1G2RoTZo/6WxCLeWBOcV0FfnnYURsTw1ddElcxUqXH+UDHJ/zKpc4IlXRt7sjKQRY6T"
    "vl1nck3Mgxtl7OVUb1NSqPD7RC3RFA5UVQjyOmYICik2Uw1YhbZI6hVEzjD0wmY4NrxGdz"
    "GKs1YwZIEXhJp18SHJPebINFnf9Zd558kZ3f3FyF1td5Z9Vydff1vA0bXnQMjRRHEIvJ5i"
    "pc3S3bZs5a33WZ32iRDq2rYJXG+6jGW6xOVrZ1u6tSFqvm+quwsiIkQO3qni2V0tv1AtR/"
    "4aNajN4bet/YpPr6oe6DP9ympdF+q6pF+K6IqkX79Hvlohz7IZqwqP17iRvEGbRJ+jUQ5H"
    "BEo/np9tVpkz0wTKnqA8ZNk+vNe6rNbH3ybER1ixrPXjdBL351+rpf25jdle94xauIx3g5"
    "+ZYqeA5Xh9v6Fsr3Eqq6uaPMiveTS5CuORlQ1lQxg3xwxoG6yORIXZR3xYgxfA5KtHHSxA"
    "Qr93uJAmuBURljBGCR65iMpcJHRThtjuMc8Xp8qiXGsmA+uRQAO8ASVTMnDTIlBWrfvJpU"
    "M68m1SUs8iaRuc4Oq9oUzngLjh4AOxh2/iQP7SoI7GjJHDE07sds0wqU9KjFmG1C7xubzD"
    "Z0tWVprDZPxWSTW8wCLN4pNwbbhC7EgJbYHS6CEJwpB68GFqUZPB+aaWsahf9FJQWLkzoO"
    "A4PxEZcX+MACASHqvsu054JDH2YGx5uQUxbXCUOVmOpbWmCyx7Mp8bjKVus1Ih+gHPoQjp"
    "e65LLYGCCtEAnOFEeFprasMHR0o4NbVTTFCccndaoTKmuKDlsIQZz8dkrclUYsTHq31uy9"
    "zIfYs75WpeEUmIYj6nin2Zk+wE47s6BT7z99YSnv19AvMJtyizu+AION8RleZw9cnMBGmF"
    "Fr+pdTeQIlMyY8C0SAkHqPqUxsEqxREd2FuY1SGU7S8m7ZoGMrLaO+vG197DWJgO3r3YvP"
    "7cs7YRTxHbaPlfsuryEFp7tdGaIMVeySSTuHrmGHD0uHaaRQDoMgpS0gDsxTUmYK5s/7eY"
    "teXSBRPg7YiwEPm8RLQTGx8qBbTdopHycCBs0Iu86055yD4Ewthv+ury2lHVdV+MzQuKRX"
    "QkwuASpkRtbkviqflRGrWdQQq4zhT+Kods+VbaSxEGQlkJWZysea917DchJ83CRUd0xO9d"
    "seVkZXbYOCaIQ/JapR0AVR0b3nFj0hIQNT3TNWmShuGaLkr2HrZkSfLuYU8+33aSgVhCkz"
    "rfDq5rnBLUTyB9GBsPYhBfgM5yeM9RLXNJRmVUXHUtzwy4v48Sz6BNpiFX14ohjiqrcCqb"
    "UpY0HMLkq5w4+tL5J0eY+1baJFcJetSQU49pICxXHbfEc6sgIIrQeqwEJQVPT4xgUVBN83"
    "NgYVrLZ8LKig9g+0UVDfKIGmY9u0QeFakLHBmNi5E25xfUIMvsD/6qbKnVJQQEhZZYb5wq"
    "lI+Hy2IN2rm1735HlkOeQ3TBX8UK7gB0G2VE5ZD+BwnbKlDVKt6h+v3wdV/ePsa3odH6vb"
    "Ke4wSfmvG531OPyTvWpRLmJkWvsrO9nLKYEcI3T5tZHXS1vsoYrdPMQ9vUl8wZCnKFo33M"
    "vlti9zmJCT3Lr0O+Ikm2T4uXXZuSWYzjr84Ca6Eqpx9xKt2x4o6aCv62RZbzyaMZtBpxtD"
    "F94kiFx4szZw4c2ei1KVTuZZCQtJUocXWm0IDInU4RVOhW3SJkOARyhvHq58GZOMqFIp1T"
    "byAaptlGwbjYyUtz/5AMcXOJ4Lgg0m2YbB9HTrOAxVYlTX+vBNhmk9M21dpgu/DgXebsbi"
    "LGq37Yu729v29UW7e/LBvRvtT0tUe1dMolGZeQGm8CfT5ag8UMiIBV+S7BX9SGXQCgEdrl"
    "GrNuW2YZIRG3PDqaEnjmiHKP43kgnHe09J3e22Sbz0fQx6c4FBUHz14/OXL0WU2ymZRt0F"
    "OY+175BnxWKDtJpFCKjM52btjMjKRLGwuCLWZQAKYVA64ITJxK2qIwQA2NtOBhddfCDSlE"
    "n3GKcufjxT9MiayK7bjVwjCdNYzzOiSUmHF96OClla5nDzrX3dFKpcfJx6sEjAKmX3E7Ne"
    "xcM9Cd2kKpmadUyTt/zT1kyNwJU4tmm/PoWqaGqORVOXyzADxJYusitz3EZ27Q43VRrmQ1"
    "x+RJqLKm+hiyNaybneUClwFePK8nC43pNleC0ejRe6QfVcfxD5357xH3O/xSWWDRDImTxh"
    "QvfyBHAR24NavVD9o6FBmfQY40b7vvTP+d7X3yvf2j7rogiSbqsaLaHLbHf7rd1tkgUz+/"
    "r1DdYi6etfW7+dgyKk0cVoK00oSV3Y9VVhIzVhnf2Uxp61hDiE5HzhlgxEGmI0soTFliwM"
    "OWZkojwsi0gCHoNZ9iOMTe3X/tsHCtwDl3V+21SfOKn30AkTLYVl8694l2hxY+/ZqiXYMU"
    "gKyjZ1cCPAVf5RmbXqALni5OgN8RGrgGVm3v2l0dXZdPfMsunAsPo1UrcU/JDlxTHI9qKG"
    "7O26KNgUVoWFrj97jzcsVIjD6Uw4QZDKNlaq63OPEbMbDGO+LrejAccP6zww9CY13wR37O"
    "O2sf3cSnyouE0fmlxYCtkF12aqO/WI/Wf5srHJCCSFmuUZ0vw9aMF1XZ7Q5DtgeMYNi3lp"
    "mgHHm3i99I7KtqjI/XtlwCnSgCPk1xhmsSl+1oMo811DCkzNtgjGGgz/Z9gg9mzGDNDcTU"
    "bqwy/vPr/++/DkAzGnfK4Tim2cZ1H9f4eOirQBSYDxCTfSKXIBmFJHo1DiTVXUL3W0LcCu"
    "BZz7hc/jzBduK4WZzxdUUyPE3KGfgm8iCiIgQtH1FU5XwMpM1ExsLnkUOg1McyDZMaxx40"
    "W9MdAF3tjrP0lZfXhp3hRFHjQnZI/qrklDUyzhrcFKwRZXZczcx9/uB0YqDe/W3V6u5T3A"
    "GC8ZPsZQNFpLSfDLTq992/naahKvh75+2fkVnn3sfGl1O/j8AZ6PlXtqKvju2+1NF50gsj"
    "IzuImeENHHXfdL69rtxTbvqY61Tq/a3VYHy52qzKQCundz1foimnGV3sOTu29XMBAWUrVn"
    "KgwSWUSJosneJjGhrdpmAia0t6s890ExlWWdhW2WQbiHApfCSKFm6nVw3ml1YREI2L7eur"
    "657nzF6h5cV7S+fn4HxB18affusI0N1B0Iu2c5aKUC/9CocZ9G3AnClNhkvWVKxenLJCkV"
    "0Gp9rPzLSEoFhnJYdlyQ80eV03UXaweAVvA8RqjDw/QGxF7e3J1ftcm32/ZFp9txXXK+iV"
    "i8DB89t+3W1SqWuT7ZAs1BqArPCfAsyqen4Rg+QInZBSg1fj14LCBPlEhB8TVNimcnbmnk"
    "dM5GH6TM2owQe925ojgrwRdjMej60CuiPWyQoamZ4r8pU9XhiZPr4tnHRIV/EQ/j1Eczot"
    "ds5jRGwUd3FbS/Df8ruWcyGl5QOaSfBJldq31KEi+hDiZGqOamME7YDyaRGZWxyqWbrqiL"
    "q4vRRKxS0yJzbtxj+qJMgTlfi7KJeM+SpILuLMffzZRVx0e+0gSa0ogPIaAyS3EizhCOZ5"
    "gwnulAfb1JhkszDJ7pFoyJgYRDUhd52YSKnGBRZnPoGlxiPBhZ9ly0rOBcuzFAQ31qaWEF"
    "9nA4jXftk88NxEVs/h0k+EFNFOSBwA3iluEV/MFgmL3p3QcdXgRZdHnE3AUoQNUtBZZV2A"
    "NbaaBKOKcLWuztGaFEZQ+gYoyYRG2TedZ5DiwDeYg4eGA0aGPEVYrOoMcjXmfOfmIxoQyb"
    "70QJwpX2TpQarm4zrHKKEtCmPXP/hIPE9/dgEP1YgbFJHY4oDTBNrLkiwRQsdxV5OyumGn"
    "W+Q+V4h4sQ1rbRfoOAh8dixC2jyBSc78AaMkKsaHiOoYbvDjrB5AnTlukUOAbsvb/1a0vL"
    "Bc6evDpDGTiugF2+gx0xYzraJPuaU6VQsAo/xkOQeMSj/utiYozF4sMokwEfp0N6DGSVgx"
    "9FsFucKh1uw0AlRuvyOuf5FPgb4eMxnGWG6dbkQg4I29y5yVmXmGlhcu2YDBFkuKdrdFbi"
    "QBOH1YegSkyTskTVexiL8SVWlREakfDv0PIq3R0ypTwiH2+dcQ2QWxBubjsXvVociy+OGI"
    "fI23fvbUtahs/SBBsrKNhkQNNQgkQpCJs584oRBXco7OL3tmN1lyNEfDTlMiscHVvqWghT"
    "Y8ZkXHUZ4epjoLtjRJdvuMpqcXW9Do8VY0I4VazF4EFh8x2x1nH7+hW6OiZ8FZKhuPbGlS"
    "ijS5CrOEh+CYuoNOUE34vIqAlDIzBI9eriOWk5P0DUQfuv24yZH8hwZo/grBtiwSlRilaa"
    "hgzJ8QWt8hmmuiymXPmQ6e3yVZjSAVi30cE92C3HZ6WLMgeTVBk+8eEksEB2WwOhDqoVcH"
    "grAISJuOvA1weQ+QCljj4fehmXQ3HLsk6GYt4D/3FDWAKccEFosIi5iLtBht5d3kMn7mth"
    "WkyLBpTlPVjBSwKr8EVXxPoca699ibd/aXOrHYk4RlPblFK9BCowk9qTaYtFeoYJzeE9md"
    "KzHwdb+d5ignl8nTVdGf0VsDKHT5TFrxkqZVSgc6BsaE7qHVhdY49XDgvv+sp/nMRjGcco"
    "UzthCrHR+ebzTWa6oI09iaUuaOJ/3FjX8k1feGWssQzV9GvDE4uTfq0bisZriFohdIwhnc"
    "MFHbpi5KtnbwgsKKBi1FyX50CVwa5kBrt9VqAvSr/7DRT5Bajw5+2ru69NWLEwf1TEz1uf"
    "Oqiem2xEJwqNXLi2HyXb2S1RkjwS4e5DHZGkmUnEONe02AN5vY4aACmxmurUihJk/0E4SE"
    "yui+wjvAxErHHywl/axMtjMy1FVbGylD4h9bGbq+TGtcTHv2Q/xJ7V6MpJcZROikqbPMaq"
    "3gXx0sdMrsJW60m/KOg6XBH91YumAyMhuKEHuF2BseKV6r9H1f+Ylf6CdkaOw+RQ27w0Zo"
    "llkNomu0QolC2JYcIMASSyTAQuePqDKzrQzuQaE3fSAQwaEmZMDwa8O3c+Ybi0kzjvXHKO"
    "RZnoBFo4NI21TeQzVF+fMCsUYfSDSHyFZWRi6RBZCL3iBy4/jS7IRfsLUawPTuq1U4sVJ+"
    "XCY/bs+qv4Qly5uo6vQKlmvTHkiRRYE8zS3Tkjh3kCk/WW+oQnqJ+WvIuqPFrJ5J9K16t0"
    "vZLqeseI2Uoxe3KK2aHit8S3OYXyS2JUndX8kyRKTij/JZmi03X1DJPOhaSP5YBBHQjoGv"
    "Wh1+1QlH+zdY2a974mq9vaCFSF+tD5MTyJel9zGqNyvJZL18BFx4wBXnecRt9YASu1zhGN"
    "dHVm76zaZQRrZAukASxYv0AfVxp6ee3LTKjkeyJvz7dwMKZB7xLiCBGcSxH5yvlZKcSVQp"
    "xKIXbP3FSIDcGU2PFZ6cLlWrv56cLOijxGF2XmyA1t3lI5/lrMUKRpLUYDdt80Num+dNkm"
    "z8uMK0WyUEWSGWbsPacblMglyDGKzW/eJBGb37xZLzbjuxWxGTZVCgy7zY8Qu68SKSWvNi"
    "glr2JutnIuEY5i+JfuzfU6ydUHWVVNFMki/yWqYh6wABCHXERGSB+JBMOuxr02wooGdnAe"
    "J4cVeZj99f/nio2k"
)
