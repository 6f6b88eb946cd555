from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "availability" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "slots" JSON NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "resident_id" INT NOT NULL UNIQUE REFERENCES "resident" ("id") ON DELETE CASCADE
) /* When a resident is usually free for gotong royong (slots of handlers\/events.py SLOTS). */;
        CREATE TABLE IF NOT EXISTS "event" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "code" VARCHAR(5) NOT NULL /* what residents type: `HADIR GR12`; unique among the RT's open events */,
    "title" VARCHAR(120) NOT NULL,
    "starts_at" TIMESTAMP NOT NULL,
    "place" VARCHAR(120) NOT NULL,
    "bring" VARCHAR(120),
    "recurrence" VARCHAR(24) /* "first-sunday" … (see handlers\/events.py RECURRENCES); the next one is made when this ends */,
    "reminders" JSON NOT NULL /* hours before the start when reminders go out (default: the evening before at 19.00 and 2 h) */,
    "site_code" VARCHAR(4) NOT NULL /* 4 digits read out or posted at the place on the day; checks a check-in */,
    "status" VARCHAR(12) NOT NULL /* OPEN: open\nCANCELLED: cancelled\nDONE: done */,
    "created_at" TIMESTAMP NOT NULL,
    "area_id" INT NOT NULL REFERENCES "area" ("id") ON DELETE CASCADE,
    "created_by_id" INT REFERENCES "resident" ("id") ON DELETE SET NULL
);
        CREATE TABLE IF NOT EXISTS "rsvp" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "answer" VARCHAR(8) /* YES: yes\nNO: no\nMAYBE: maybe */,
    "pledge" JSON /* what a resident who cannot come gives instead: {"kind": "bahan"|"makanan"|"uang", "note": …} */,
    "checked_in_at" TIMESTAMP,
    "checked_in_by" VARCHAR(12) /* "site_code", "ketua_rt" (ticked from the list) */,
    "updated_at" TIMESTAMP NOT NULL,
    "event_id" INT NOT NULL REFERENCES "event" ("id") ON DELETE CASCADE,
    "resident_id" INT NOT NULL REFERENCES "resident" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_rsvp_event_i_fbf9b9" UNIQUE ("event_id", "resident_id")
) /* One invited resident's answer, pledge and check-in for one event. */;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "availability";
        DROP TABLE IF EXISTS "event";
        DROP TABLE IF EXISTS "rsvp";"""


MODELS_STATE = (
    "eJztPWt32zayfwVHX9Y+R0kdxXlUye09sqM2bv3o2vK2u1GPDJGwxIoiVBC0otvNf78zoE"
    "iR4sOkRMmUzC+JBWIAcgYYzBt/18ZcZ6b9siUYrTXJ3zWLjhn8EWqvkxqdTBat2CBp31Qd"
    "qdejb0tBNQlt99S0GTTpzNaEMZEGt6DVckwTG7kGHQ1rsGhyLOMvh/UkHzA5ZAIefPkDmg"
    "1LZ1+ZjT+/1CYwjyV7ho5zqZf8A/tMRr17g5l66N3dTqq9J2cT1XZmyR9VR3yFfk/jpjO2"
    "Fp0nMznklt/bsCS2DpjFBJUMh5fCwW/CV55/uveZ7usvurjvHYDR2T11TBnAQb+3aKv1ep"
    "dXnd5Nu9Pr1XJgTeMWYhxe1VZfP8BXeNF4dfzu+P3rt8fvoYt6Tb/l3Td36gViXECFnstO"
    "7Zt6TiV1eyjEL5CqAemjaD0dUhGPV6//EmbhlZcx6+GxvKgd0689k1kDOYSfb49T8Piv1v"
    "Xp59b1wdvjQ5yQw45wt8nl/ElDPUJUL1Cr/s+BWq9/Maj1Gha4XezfrSP3VeMoA3ahVyJ6"
    "1bMwfk32wMx4BLctZ6yQfAYvRS2NRZDtA5cZ27VfrjqtJhlxSbvWL+3T1kWr07qEBqbRMe"
    "xoC1vPb69bn91W0xF0iK3XvzWJmML/Hfhf8bzcFHubhWBvk+n1dplcoxGg33E5cEYmHgR5"
    "nJXH0GnOTkqzKQph5guUSmPM/o9bubhMEGZ7a7/Wsg363c90RIWkta3wnOMsLOc4meMcRx"
    "jOn9ywenkPzBDQSghfXsSbODRr1CLXnX/YxLEGDrNtnJrgW5N7LoghbdJhJhsIOib4QcQ0"
    "rBE5uPtf4K5C/o+QLz5i5x/uDj+QMQUobpF7Q9gR1rOpebqWg2gTbGJSjelkOmQWgbmoPo"
    "ZRBPNQbMMc5ICbOplwWzJhE4k9bcknZMrFCN5SLYjUlfW6kWFlvW4krix8FF5ZGkjbQP8e"
    "jeGOn+AJbtoEeSwEubS+9DnoS++P8hxt2Tc1fKB+ZZmz+UJPQX3n7KJ902ld/IrTjW37L1"
    "Phr9Vp45OGap0ttR4sH2H+IOS3s85ngj/Jf64u2wq9sGYGQs246Nf5Tw3fiTqS9yw+7VE9"
    "sCe9Vg9rIao7E31FqochK6qXheoejgJkn7/9guohlTejIBSCqSQhVxJCQ8H9KFardfEVRf"
    "CPXDBjYP3CZhHtYAmrS4aS3cLuN2/9eK2LVxR06ptWwssKPh4+mUn1+dewyq/PTgHNiOU+"
    "1UZTKvReArq1oWHqMFQU4SdzyB9/uWYmVd/xTHAd2vPAPQydIcRaGLqeD7OvWOImWxdDMM"
    "QOHneZ0APNDE2xMPaaWDpbjLSnS8mxqGVPmWAxp2weTN364/wT1JU9RthAcGey5rL6CccA"
    "TTgLf9rJHUgtizsgL4zXZ+WtwFClWVIgA4BKfd9UmjOcxuTgulNf2BXrC8MjAW0dzZKH+A"
    "clE8GVzn4A2rSCtFEDFwy1beFY9mE2E2QmIrCH9bHffsiG9p1ZpSil8QYPSGchuS36aNwY"
    "L7dQiw7UJ+HcONMcWacwG1NTRfyI3qN6mitRC3R6zJtY68AC8qQlQkHtYjo5gDU2NeQQRM"
    "yp24a75pBIDkvvgQkbYGHZoikHVqLxQLUZsbg0NPYyYn/awPiP+zkrl+Y2XZouaXpzwuXy"
    "wEUgy+wdWtUXV7hnZ2AAO13BihWE20Mb1u7arKKmSg2OfyvJ25pgmV6AVLsowy7yTqV8ls"
    "ElqJVsg6XD9GaNgyJgRVnTPJjDIFM2JGe1ES4tsJCV8LR1c9r61E4zEm5SMD3D9zLkLE4y"
    "9Z+liqZGsNcmI90qCXCbEuADNZ1cTnofoLxhbbU7OWh+hENVEkP/4a5O7uyx3fzYfvnq7b"
    "H7c8hMs/kRH0a0npywWw6Uq4SLjQsXaOx9iNkSJ5ybjFrxSF4ALeG4D1CbQrK3VXLsDDUI"
    "ofeSKVsUE3BioHoP7B7eX8xgFsN0BCMHfS5J3+TaiOl1Yliw7Q0dKDLuMxExURU4bHbF4O"
    "Tq6jykE5ycdZaofHtx0gbqq4Ghk+EexdHgsCqmJHm37WZ0QZaYkkqLqLSISovIo0X42I/R"
    "IoKUSdYigkuh0iJ2aoOnaRFbzd8omc84LI++zxJK/T45lPp9NHeDa9TMhd0FxBaj1g3vPT"
    "aN4Cz4TUbvMnb5BMU37sQcTqkCfwhuizK/35JD6L/pXP1KviMgC39uX3bOAM+chPzz6Jk2"
    "mW0D3j+owHCD2cSWhmkSjbs7NSTuFzHgkwj6gg0MjGVfSdaPABcg7peMl+2IdJ/JDzNlJq"
    "61uKimtI0dBCv3vi6CqpUSXSnRaynRGMGUT4EOQFTh+Y/qzl5xgSo4P0VlDiypkLoM85PL"
    "2/PzjKH5bvDVmvFygTivHeNS2SKrXTegsW70edDpuI94qgL0qwD9gnAFSmaff10PS1dqjA"
    "tMIx7srl5SJTIUijDMGAexe9v5DLuIqr1PZ5gOOZkKLjEP4YMaQJUZwDhuPsH34+IfNhpv"
    "xtTSsdYAIwf4l+vzVbkMDnytINDXZjq2GIKgwbj4hIbeXGFcjw5ZExt2cbkK+2HdHX0NQ+"
    "yT9JHLLxZSCjDG3UdWPEKvLNbh8E8m9cAf70YCXvd0BdIHasD7G+Zcxl8Xb62l8fYEZXkd"
    "sFx9XdT5OlcVUhyvXo9H04paRBiDoSQDQUG01kl/FjoFPpA7oNyA3hHDJkwF93hOXTggjP"
    "HENDRMZYP5oilFBY8d4wb+EnIxj4De6qvR/PFH5SJ+QhexR4qoE/PxCnQebJnjF2u/tDu3"
    "rR6WkRsx6dCekF2r9eni7LLpllbKJgZtPAHJ3XmrpCCFICsrfWWl3yniFlxPsAoerIIHSy"
    "BA1lcJHlzmDNvzL+0qWpMcTE8cjxlVJuMLD0Q1ztQSBH73nu33r2I1d4mfpgni9yYICbGC"
    "eDxevf77F6tZfHFSW7JJHtx6/SvcPo5bXNBR3P58c3UZj1uv/7KmYmiS/JeYhr0xOaD28d"
    "6xlEeS9B3DlIZlv8Rpf6ht9hiLQzXiJ6SkeCg+uGj9voz90/Ork2XtAwc4iQbNxjtuk6kR"
    "ACkHQXC+vARxk19tr8CNm7bGdDL/OGJSWxJ7yKdWndicdGuNbo1oFGbFSjpUJ9QmlGhDbm"
    "jRoNqCx37iJTIGCTLP+vD67/DiuLm4abqFj6iQPiEV3TAEekY0R0LrPaFSPbHZAH2A8HFj"
    "QwJR8W94ifPW5c+3ncjyKHz0J14gVUXn5JN0Nw1RMVHZidVdS2A22XkhP2I0yaOEZjGweN"
    "65LZhXnpQYm8vMXK9mSyCyLa5sSzjwLaVyy1LHQlX5L8H6EuwrzGRRExG0lrftxBg8Fz3/"
    "+0bj9et3jaPXb9+/OX737s37I58XRB+lMYWTs5+QL4Q4++PWAN0QzF8aq/jmQgOU2kGHnj"
    "jD6lpXt50mmWfu5VZrs2i1yUptVc5l6w7PIE/KgeYlsBIbaGoo7c9XxT9AMZhaZOzG+RJD"
    "JweG1eeOpR/WVTzfRHANHgJBQFkE9dKrz8KtGI20yIFTqf59Fqp/n0z17yNUl0C/KLk70B"
    "pPbq9/ielchDWo0/69k67J+drC+dXlT173ZfVuCdd8Ymh59pYPsA/YXrpJLUt6+nFyfvpx"
    "JEEdppNJClPa3aNBqP3Dc/EcY7fSV59APdpB80MZAmHKto32Jg5mDxFbujCYkuG4CEPNIi"
    "f46cJgdhSt66RZbzIMxk1udPN5Ygxlwcf1NEOZm2jZY37PR2PlryxGVIyM0pMGeCMMXgjj"
    "DkQEnzbJFEvJ3o1onwohvSfoxyNnn+7wjgwgQjRQvsiBCw7AqWxz27LN5RdF99Yltk8yKO"
    "5rJyZ4Ipu9dQFdZvNf7Z+37dv2pyaBSRymd62b9uWns8ufmuiI1oHSqqWjfsqu9al9fvav"
    "9jUCzC1HCPNj6+wcm7B4MP5u//7rmerDvk4M1eO0dXnaPledNMSWabpZobnNjlmilV4lRy"
    "u9ikQrUSnZeBKzgW/G1DSTtY0F2PaCw482y0VfN9699fkm/kjjlDcXrfPzqJqhMwmLII8F"
    "ZAFRYuuHMrEyIbiok7C1dWFprRPMzdZMCpxbx1viuk7jqPGWWJgg5/fzDJgRA26ho6duos"
    "abNxl2EfRK3Ebq2VIckfsGseplmiQShtunRIstCCUpeuh4UUJkTV0pb0mSspEjq9YUXoll"
    "Sh8IUyBRcwqQ6DHdKZPWtE6qwJeA/BP0hAqDi3lmOMYe1Emoo8vdeo4l4UT4o9J2SqntBC"
    "8YynrIB2FKfMyv6OSoro/ZwXiDrXqey4bcbbueJ3RmchrDtpMDzQMg5Yg1XyUzxEunIFiC"
    "CY42g2L4P7LWD24tJp1OsC6TAGWbCRvbxhHtYMUxnjhuvCqHv8ly+Ltnm6q5Fqa8G+i526"
    "eCEnMeA1UQrrJQRQ1+MXsnk8Uvbtc8b4RialNPWa/yiFNhqH3QCbYtU80F/l6a5e1RdaGX"
    "an/bSTpsOgDN4rLXZ/exeZPpXr8wZHUrSZmdf65oYK8QZhiGrKhcZipr1LGZS5w8vDMEVW"
    "KeWVOxJ+p10WfUJAfd2jwdoFvDa139hDNiYIIAPA4WUFZ95u1/8j7+HLHZ4dz1FNFTNz1Z"
    "ulMriw2ukWyDa0RtcIrKOU/VAEyJ10Vp7Jw6050J6wGh82A5DFUInjdyvbnNJFZOnQ65ct"
    "IySymxNplyMSISd8uYzohwLCKnhoaFuomtDeHjQPsksAcOm4RbDKPI8Kpm3A51VW01svM2"
    "OdEj+m4Wuwb0StF4o5kUczdQP9eiCEOVePMpb79u2BMqgQaCDLmJhgxly0MKTIeGidXdsb"
    "bu3dzKcVdX1j/lGIMOzEISmozarOnd5h1ZFJuZpmtpgtpDf5gBh3WGbk4iOblzrTR3KpvM"
    "rXuBwGRIbbX6uCPjLg/fuDcl5FfMKc5FgCuJrswSHdoBVxDaA2AVfctN30HC3R7p5rsgXI"
    "nTWLB8EHBPc4aVgKTLg3FtzsPIVcUpJtW5rsFROADmi1m9B97nHSoGPh3OUIwe2ON33dp3"
    "3Zqj2Y1uLXLBx8Yn25zRkVkaxxMrj4QQhCmxfFAOB9NupVlW7HRFdlpV90reXlV1ryoZtE"
    "oGLVkyaHIE7vLtY1Gk57+IMevdY2XjXUk4z3e7Vs4w5Zj7GGNileNvbUwOWF7cFtn7KwhQ"
    "FTrfJSZZJ8kBxVUk5hajBnKa2texsWdAdRFWdpMDd3ihURwa61qZ7IU9oRrebQkLpUkw01"
    "qwCSglqhovGro9RkKoYETjjrrjzOcHS3TbyATpvqyjoyzOrKOjZG8WPqsUumeo0FWFc6rC"
    "OeVFbKUrPYvro3YUq2Wtm7O4tD1Gnwrd6J6sRqnL43ua16/SnnaJbdZTtKcnScfcCopVBI"
    "Nat3ip8PyV6+RODpofLTag0nhQtRIkPPzhLiK254beclQCvE++/CgfYP+cVxuJIzINa7SS"
    "whMCrPSdcus7Gm7kGFsv5yajVoLK4wMtUbcPUJsiqMcRczBANcgimKrPJZliKBUb8wemk3"
    "vBx8RncxirNWECpAi8Qsgv7I1Jb45gUed/0YNnX2QnV1fnofV1crZsubq9OGnDhlcDQyfD"
    "FcRisrmqC5ML1nfnzK8/y4fWZbBK431U462u9F1HKYtVc/1VWFkRMqB2ec+WSum98QLUf+"
    "b9WozeG3peT1N9/VD33p/zrqXRfquqRfhsG1WLntLvtRHl2A/RhEWNMfy0zx1ZJ+6kTdKt"
    "gSCHM4rmT9evGk32wDClqgsYt21uNUd0PHGswYs+tSQVL143QS9+1XjdraVmd212vu2riC"
    "N441zLYt5/L1zPm74IWjjWCsr3Aqq6oaPMivezS5CuuRlQcmjYQT444UBdZHLkQJVxxYgx"
    "bAclWhw2McFq/r3EgLWAF0Dze0yGsjAZy4SPinDaDc6zx+vxuZYYK4L5bKQA2A6WqJq4aZ"
    "A5KVD71atJNfFqUn2CRd4kOrfYblWbwjdegaMHwHaGnT/LQ7sKAttbMkcMjU9jtmkFSnrU"
    "Ysw2oef1NLMNXe5ZGqvNczHZbCxmARbvkIveKqELMaAldoerIAT3lQNRCEqs931otjMeU/"
    "hfVVKQnBzgNDAZ73N9hg0SBISo+67Qkbcc+jARfCDoOGdxnTBUiam+ogWmeDzbGo+rbJWs"
    "EfkA5dCHcL7cJZfVxgBphWhwprgqNHV0g6GjGx3cpjE23HB8ckAtQvWxYcEWQhA3v52S+U"
    "ojEpPeZcLeK3yKJ9bXqjScLabhqDreeXamD7DWztzSqfd3V1nKuzX0C0yGXHLXFyDYPbbd"
    "GyYWSSN4HT2Vw29u5QmUzJjyLBAFQg46zGRqk2CNiugu3NgsleEkL+/WBb2XeRn1p+vWj5"
    "0mUbBd6+b0c/vTrTKK+A7bx8p9l9eQgq+7WhmiAlXskkk7u65hhw9Ll2nkUA6DIKUtIA7M"
    "UzMmBubP+3mLXl0gVT4O2IuAxibxUlBsrDw4rybtlo9TAYN2hF0XOvKGg+DscQz/Ta4tNd"
    "6vqvCFoXFBr4yYXABUyIysyaeqfFZGrBZRQ6wyhj+Lo3p+rqwijYUgK4GszFTe17z3GpaT"
    "4PdNQi3X5HRw3cHK6KYjKIhG+KdGxxR0QVR0R1zSQxIyMB14xiobxS2hSv4Kx7Ij+vR2Tj"
    "Hffp+HUkGYMtMKr2ieCi4RyR/UAMrahxTgE3w/ZazX+HiM0qxpWFiKG/7yIn48iz6BvlhF"
    "H1oMoa562yK10jIW1NtFKbf7sfXbJN2m51o10SK4yxJSAfa9pMD2uO1mZ9qzAgitB2rAQj"
    "BM9PjGBRUEn9dTgwqWez4WVFD7DW0U1DdKoOnYsR1QuGbkXjCmdu6AS24NiOAz/O/ANrlb"
    "CgoIqZtM2N+5FQlfTmbk5vyqc3P4MrIcNjdNFfxQruAHRbZcTlkPYHedsqUNUq3qHyfvg6"
    "r+cfE1vfaP1a0Vd5il/NeVxToc/iletSgXMQqt/VWc7OWWQI4RuvzayMnSFnuoYjd3cU+n"
    "iS8Y8hRFa8q9XPP+ZQ4TcpNbF35HfMkmufvc+nR2TTCd9e7DPNGV0DGfX6J13QElHfR1iy"
    "zqjUczZgsYNDV04U2GyIU3iYELb564KFXpZJ6lsJAsdXihV0pgSKQOr3IqrJI2GQLcQ3lz"
    "d+XLmGREk2q5tpEPUG2jbNuoL3Le/uQD7F/g+EYQLJjmCMGsfOs4DFViVNe68E3Cli9sx9"
    "LpzK9DgbebsTiL2nX79Pb6un152r45/DC/G+2rVNXeDZuMqc68AFP4ySw9Kg9sZcYtX5Ls"
    "Ff3IZdAKAe2uUas25I6wSZ/dc+HW0FNHtEsU/xvJgOO9p+RgPmyTeOn7GPQ2BwZB8dX3L4"
    "+OVJRbgwyj7oINz/XUIc+GZL28mkUIqMznZu2Y6MbAkFhcEesyAIUwKB1wwnQyr6qjBADY"
    "224GF519INqQaSOMU1d/vDCsyJoobthUrpGFaSTzjGhS0u6Ft6NClpc5XP3avmwqVS4+Tj"
    "1YJGCZsk8Ts17Fwz0L3aQqmVp0TJO3/PPWTI3AlTi26Wl9ClXR1A0WTV0swwIQW7rIrsJx"
    "G9m1a9xUKeyHuPyIPBdVXsMQe7SSN3pDpcJVjCvLw2GyJ0t4PR6NF7pC9dx6UPnfnvEfc7"
    "/VJZZ1EMiZPmBK9/IEcBXbg1q9Uv2joUGFjBjjRvuy8M/53tc/Kt/aU9ZFUSRdVTVaQJfZ"
    "7vbv9k2TzJjdtS6vsBZJ17po/fsEFKExnfVX0oSy1IVNrgobqQnr7qc89qwFxC4k5yu3ZC"
    "DSEKORNSy2JDHkmJGB8bAoIgl4DGbZ9zE2tVv7bxcoMAIu6/7tUGvgpt7DIEz1VJbNb/Eu"
    "0e3N/cRWLcWOQVIwVqmDGwGu8o/KrFUHyBUnR6fERywDlpl5dxdGV3fTjZh0aE/Ibo0cSA"
    "M/ZHFxDLK9qCF7tSG2bAqrwkKTz979DQtV4nA+E04QpLKNler63H3EbIphzNfl1jTg+GGd"
    "O4berOab4I593Db2NLcS7ypu84cmby+FjAlDG9biksfcJ/XUtLFFnyqSeZcYZj3F2vLAhD"
    "03rWYV1gMgZQ44WDGOrPEmSzQx9EoOEHoTiSjGTZUDw/Pue4jdV0eZovSOUqL0jiJRejCj"
    "jD2ekq1VAZDtx149jTWhMOvOWslO6x5m3/4fAwPGdg=="
)
