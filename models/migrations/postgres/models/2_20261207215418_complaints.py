from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    # duplicate_of (a reference to the same table) written into CREATE TABLE by hand: aerich
    # refuses a new model that references itself ("cyclic fk references"), and SQLite cannot add
    # a foreign key to an existing table; MODELS_STATE is the one aerich made with it
    return """
        CREATE TABLE IF NOT EXISTS "complaint" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "ticket" VARCHAR(8) NOT NULL UNIQUE,
    "category" VARCHAR(32) NOT NULL,
    "description" TEXT NOT NULL,
    "description_cut" BOOL NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "visibility" VARCHAR(16) NOT NULL,
    "landmark" VARCHAR(200),
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "photo" VARCHAR(200),
    "channel" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "area_id" INT NOT NULL REFERENCES "area" ("id") ON DELETE RESTRICT,
    "handler_id" INT REFERENCES "area" ("id") ON DELETE SET NULL,
    "reporter_id" INT REFERENCES "resident" ("id") ON DELETE SET NULL,
    "duplicate_of_id" INT REFERENCES "complaint" ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "idx_complaint_area_id_c09168" ON "complaint" ("area_id", "status");
CREATE INDEX IF NOT EXISTS "idx_complaint_reporte_f46370" ON "complaint" ("reporter_id", "created_at");
COMMENT ON COLUMN "complaint"."ticket" IS 'without its `#`, upper case (`K7H3Q`); shown as `#K7H3Q`';
COMMENT ON COLUMN "complaint"."category" IS 'a category code from content/complaints/categories.yaml';
COMMENT ON COLUMN "complaint"."description_cut" IS 'the resident wrote more than the limit and was told it was cut';
COMMENT ON COLUMN "complaint"."status" IS 'DITERIMA: diterima\nDIVERIFIKASI: diverifikasi\nDIPROSES: diproses\nDITERUSKAN: diteruskan\nSELESAI: selesai\nDITOLAK: ditolak\nDUPLIKAT: duplikat';
COMMENT ON COLUMN "complaint"."visibility" IS 'BIASA: biasa\nANONIM: anonim\nBUKAN_KETUA: bukan_ketua';
COMMENT ON COLUMN "complaint"."photo" IS 'a Telegram file id';
COMMENT ON COLUMN "complaint"."channel" IS 'the channel it came by (`telegram`, `sms`, `shell`): the reporter is answered there';
COMMENT ON COLUMN "complaint"."area_id" IS 'the RT the complaint is about';
COMMENT ON COLUMN "complaint"."handler_id" IS 'the area whose officers handle it now (an ancestor of `area`)';
        CREATE TABLE IF NOT EXISTS "complaint_event" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "at" TIMESTAMPTZ NOT NULL,
    "from_status" VARCHAR(16),
    "to_status" VARCHAR(16),
    "actor" VARCHAR(16) NOT NULL,
    "note" TEXT,
    "public" BOOL NOT NULL,
    "actor_resident_id" INT REFERENCES "resident" ("id") ON DELETE SET NULL,
    "complaint_id" INT NOT NULL REFERENCES "complaint" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "complaint_event"."from_status" IS 'DITERIMA: diterima\nDIVERIFIKASI: diverifikasi\nDIPROSES: diproses\nDITERUSKAN: diteruskan\nSELESAI: selesai\nDITOLAK: ditolak\nDUPLIKAT: duplikat';
COMMENT ON COLUMN "complaint_event"."to_status" IS 'DITERIMA: diterima\nDIVERIFIKASI: diverifikasi\nDIPROSES: diproses\nDITERUSKAN: diteruskan\nSELESAI: selesai\nDITOLAK: ditolak\nDUPLIKAT: duplikat';
COMMENT ON COLUMN "complaint_event"."actor" IS '`resident` (then `actor_resident`, NULL once they erased their data), `operator` or `system`';
COMMENT ON TABLE "complaint_event" IS 'One status change or reply. A reply has no statuses; `public` ones reach the reporter.';
        CREATE TABLE IF NOT EXISTS "complaint_identity_view" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "viewer_kind" VARCHAR(16) NOT NULL,
    "what" VARCHAR(16) NOT NULL,
    "reason" VARCHAR(200) NOT NULL,
    "at" TIMESTAMPTZ NOT NULL,
    "complaint_id" INT NOT NULL REFERENCES "complaint" ("id") ON DELETE CASCADE,
    "viewer_id" INT REFERENCES "resident" ("id") ON DELETE SET NULL
);
COMMENT ON COLUMN "complaint_identity_view"."viewer_kind" IS '`resident` (then `viewer`) or `operator`';
COMMENT ON TABLE "complaint_identity_view" IS 'Someone saw who filed a complaint (`identity`) or unmasked their number (`number`).';
        COMMENT ON COLUMN "role"."kind" IS 'KETUA_RT: ketua_rt\nADMIN: admin\nPETUGAS_DATA: petugas_data';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        COMMENT ON COLUMN "role"."kind" IS 'KETUA_RT: ketua_rt\nADMIN: admin';
        DROP TABLE IF EXISTS "complaint_identity_view";
        DROP TABLE IF EXISTS "complaint_event";
        DROP TABLE IF EXISTS "complaint";"""


MODELS_STATE = (
    "eJztPWt32kiyf6UP98Pa55BM4rxmyNy5B9skYeLYWYxnd2+YA43UBi2Smm1JZri7899vVe"
    "uBhCQsgZAF0ZcEt7q6paru6nr3vxsGV5luPW8LRhst8u+GSQ0GPyLtTdKg8/mqFRtsOtZl"
    "R+r3GFu2oIoNbfdUtxg0qcxShDa3NW5Cq+noOjZyBTpq5mTV5Jjavxw2tPmE2VMm4MG336"
    "FZM1X2B7Pwz2+NOcxj2kNNxbnkS/6Ofeaz4b3GdDXy7m4n2T60l3PZ1jXtD7IjvsJ4qHDd"
    "McxV5/nSnnIz6K2ZNrZOmMkEtRkObwsHvwlf2ft0/zPd1191cd87BKOye+rodggH4+GqrT"
    "EcXt/0h7ed/nDYyIE1hZuIcXhVS379BF/h2dnL1+9e//jq7esfoYt8zaDl3Z/u1CvEuIAS"
    "Pdf9xp/yObWp20MifoVUBUgfR+vFlIpkvPr91zALr7yOWR+P1UWtQf8Y6syc2FP48+3rDX"
    "j8rd27+NTunbx9fYoTctgR7ja59p6cyUeI6hVq5f85UOv3Lwa1fsMKt6v9WzpyX569yIBd"
    "6JWKXvksil+dPTA9GcEd0zEkkrvwUtRUWAzZAXCVsd34fNNvt8iM23Rgfu5ctL+0++1raG"
    "AKNWBHm9h6dddrf3JbdUfQKbb2/tYiYgH/9+F/yfNyU+xtFoK9TafX23VyzWaAfsflwBmZ"
    "eBjkcVaeQCePnVRmUxTCzFcotTWD/R83c3GZMEx5a7/RtjT6w690RoVNG6XwnNdZWM7rdI"
    "7zOsZw/sk1c5j3wIwAbYXw9UW8j0OzQU3S6//FIo45cZhl4dQE35rcc0E02yJ9prOJoAbB"
    "DyK6Zs7Iyeh/gLsK+7+F/exn7PzL6PQ9MShAcZPca8KKsZ59zTMwHUSbYHOdKkwliykzCc"
    "xFVQNGEcxHsQVzkBOuq2TOLZsJi9jY07L5nCy4mMFbygWxcWW9Osuwsl6dpa4sfBRdWQpI"
    "20D/IU3gjpfwBDdtijwWgVxbX6oH+tz/UZ2jLfumhg9Ub0x96S30Dajvd790bvvtL19xOs"
    "Oy/qVL/LX7HXxyJluXa60n60dYMAj5W7f/ieCf5H9vrjsSvbBmJkLOuOrX/98GvhN1bD40"
    "+WJI1dCe9Ft9rEWo7szVLakehaypXhWq+zgKkd17+xXVIypvRkEoAlNLQq4khIaC+1miVu"
    "viK47gD1wwbWJ+ZsuYdrCG1TVDyWFh909//fitq1cUdBGYVqLLCj4ePpnZ8vN7sMp73QtA"
    "M2J5TJXZggp1mIJuZarpKgwVR/i5B/nhc4/pVH7Hd4LryJ4H7qGpDCF2wlDPG+ZYscR1ti"
    "uGYIgDPO4yoQeaGZpiYewdsdRdjXSkS8kxqWktmGAJp2weTN0F4/wV1JUjRthEcGe+47L6"
    "iGOAJpyFPx3kDqSmyR2QF4zdWXk7NFRllhTIAKBS37ek5gynMTnp9Zsru2JzZXgkoK2jWf"
    "IUf1AyF1zq7CegTUtICzVwwVDbFo5pnWYzQWYiAnvYHfudh2xoP8hVqnBjrrsgOyHpwh+n"
    "Oohq4Prq9dFoQ4LPJJpF6Jg7Ge3cmXAIq13VQcF+ClyWtNf9rQo7lVu47e81BQ1i7qfjzg"
    "UFlpwgKwA+Zdmw0fk9GSHIaNf9jEoFP+MhZSKiZsQfGWfGegs16URiA+fGmQJUmxaTU8Xc"
    "3v6j5ibPtxLq9Jjzu9EHJPrCPaETwZhKTgBTC82egka0cNuQyZ8SmwOnfAAUAyyiEgkwF9"
    "oDVZaAahuw/zxmLt3D+I+75WsPfJkeeJc0Q49wuRzGMcgqOzO3dR0X7oicaHD6b2F0DcMd"
    "ocn1cE2sccu6AoeYmRYckOJIWYHUuyjDLvJPpXyG7DWorUzZlcP0fm3ZImT029GancN+WD"
    "UkZzVpry2wiFH7on170b7sbLJp71Mw7eJ7afYySTINnm0UTbVwr30GZtYSYJkS4APVnVwx"
    "JQFAdaMwGyN70voZDlVQz9VfRk0ysgyr9XPn+cu3r90/p0zXWz/jw5jWkxO25LjOWrjYu3"
    "CBvomHhC1xzrnOqJmM5BXQGo7HALUvJPtbJcfOkIMQem8zaTplAk4MVO+B3cP7iyXMoumO"
    "YORkzG0y1rkyY2qTaCZse00FihhjJmIWmAKHza4YnN/cXEV0gvNuf43Kd1/OO0B9OTB00t"
    "yjOB7LWIdApe+2wwyGyRICVWsRtRZRaxF5tIgA+wlaRJgy6VpEeCnUWsRBbfBNWkSp6UYV"
    "C3GIyqM/Zon8/zE98v/HeKoRV6ieC7sriBKTLDT/PfaN4Cz4TUfvOnb5HMU3z4GbQ+CPwJ"
    "Uo8wctOYT+2/7NV/IDAVn4U+e63wU8cxIJJ8FACp1ZFuD9vcxj0JhFLFvTdfR0s5i4X8SA"
    "TyLoCzbRMPViK1k/BlyAuF8xXnYg0n0mP8yC6bjWkoLwNm3sMFi193URVK2V6FqJ3kmJxp"
    "CcfAp0CKLOJnlUd/ZrYdS5JBtU5tCSiqjLMD+5vru6yphJ4gZf7RxtF4RwHRiXypYI4LoB"
    "tV2TJcJOx2PEU51PUueTFIQrUDLH/I/dsHQjx/iCWe+Tw9VL6rybQhGGBQ5A7C47/eYQUX"
    "X02TeLKScLwW0Mvn8vB5BVMTCOm8/x/bj4i4XGG4OaKpbGYBier3o+XxnP78DXCgJ9LaZi"
    "iyYIGoyLz78ZegrjbnTImodziMtVWA+77ugeDHGs0sfxZtbsCU/DIhLfAmwd887zwySHDx"
    "pbFKQj/QZDHRG6cnmoI+o5ZpsEOEvG643J+hz+yaSoB+Pd2oDWI0JxRHR5oBq8v6Z72vau"
    "eGuvjXckKMsbCsHl18XDIDylfUMIhN/j0QS/NhHaZGqTiaCg5KpkvIzIY+/JCCg3oSNMQm"
    "UyzM4PrwBRTQNmqymYAw3zxZP7Ch47ISDjWyTYYwb0ll+Nhsjf62CNJwzW8EkRDyd4vHSp"
    "D1vlSOLG507/rj3E+qMzZjt0KOyB2b780r1uuTX5BuZX6PGxfTu8bGON0zn0mlBriBjLpq"
    "zsPU3Q3ZXbJApGIGtfWu1LOyjiFlyktg7xrUN8KyBcNrcJ8V3nDOV5gQ8VrWlu4CeOmo4r"
    "msnlQeLa6MZCIUH3oRX0ryOqD4mfbhLS73W+SBbSk/Hq9z++iOriK15bNpvnwa3fv8bt47"
    "j1dagobn+9vblOxq3ff11T0RSb/IfomrU3OaDx871jyrgBMnY03dZM6zlO+0tjv8dYEqoR"
    "PxElxUfxyZf239exf3F1c76ufeAA5/HQ9uTwinRqhECqQRCcLy9B3BR1yy9D5SaXMpV4H0"
    "d0atnEmvKF2SQWJ4PG2aBBFAqzYr0rqhJqEUqUKdeUeOh7wWM/8RIxQILMsz78/ge8OG6/"
    "3Lbc8mRU2AEhJd0wUWFJFMfGgnSE2vKJxSboqYePMzQbiIq/4SWu2te/3vVjy6Pw0Z94gd"
    "TXBKSfpIdpiErInUgtGV4Bs8nBC/kxo0keJTSLgcX33JVgXnlSYuwvf3q3ykqh+NOk4krR"
    "8NQN9ZXWOhaqyn8LV4Ex3CjQ4Ywtd/PEnWuT70XP/+ns7NWrd2cvXr398c3rd+/e/Pgi4A"
    "XxR5uYwnn3I/KFCGd/3BqgaoIFS2Mbv11kgEo779BLhy66m7t+i2QurLym1mbRatOV2rro"
    "UukOT/YHcD+T6okSRzqa18AqbKCRJa+9VfEXUAwWJvH4MNFUcqKZY+6Y6mlTRt3OBVfgIR"
    "AElEVQL/0qStxM0EiLHHgj1X/KQvWf0qn+U4zq4ZMoB9XXwKpMddD8PQr4VMHwGS+uDzU9"
    "vHbQox45Ce4flPXn6AoIQJrks9sLdESVidgy2NtMAxMfY/NHahgOudd0RpCCp64xA6jAVD"
    "Kl1rQVXVSa5a83NJDACntPLEc8wEOLfGp/vbslGH7x6LIrvoieDWwjvt760Jq83vz+FV5o"
    "RRgh+52/9zcbEAIl9erm+qPffd2qsIZrPteUPJs7ADgGbK/dCpuldsnr9OIlr2PVS2A6O0"
    "1P33SPehjq+PBc/EF1WLUNnkArP0CrVxXir6q2jY4m/OoIEVu56KuK4bgI++CqYMTTRV8d"
    "KFp3qcGxz+grN/PdTTlLsM+GHzc32WfdLHw3ES6TgRYN80SGZkm1a4LXXOHldu5ARPBFiy"
    "xQ+xrN6JgKYftP0H1MupcjvEAJiBDP3Shy4ILjvmqTcFkm4fyi6NF6Yo9JBsV97STE7GQz"
    "86+gq2x1bvz1rnPXuWwRmMRh6sC87Vxfdq8/tqTFCSgtW/ryT3tgXnauur91egjg2ZYQ5k"
    "O7e4VNWFke/+78/WtX9mF/zDXZ46J9fdG5kp0UxJauuyUDclu7swTJvUwPknsZC5Kjts2M"
    "ecIGvjWorqdrGyuw8nISXuyXi746e/c24Jv4xyZOefulfXUVVzNUZsMiyGMBWUFU2PohLf"
    "tMCC6aJGrkD9tqsXCHolPg3Cremzlwzl6cvSUm5mwG/XwDZsxvUOjoGzfR2Zs3GXYR9Erd"
    "RvJZsv8gryQShTum/J4ShJINeqixqi+1o66Ut15V1ciRVWuKrsQqZa1EKZCqOYVI9JjulE"
    "lr2iVD5VtI/gk74IXGhVesAPAMQJGOLncbOqYNJ4J8GIJFCQRtt7/XWlAltaDwrXRZD/8w"
    "TIWP/y2dH/WdYwcY/lKqR7pqyC3bJT2nS53TBLadnvcQAqlG6sM2iUp+do8X7qFqFAM4kL"
    "W+dwv4qXSOxfyEDPuwsM2IaQ1bjvHEaQz1HSr7vEPl8GxWDdfylHcDfe92q7AkncdwFYar"
    "LVdxQ2DC3slkCUzaNd83QjHTbiitWnnEqSjUMegEZctUnsA/3GSRe1RdGG60yx0kHfYdmG"
    "Zyezhm94lpvJu9gVHI+iqrKjsFXdHA2iL8MApZU7nKVFaoYzGXOHl4ZwSqwjyzIWNS5Oui"
    "L6lFTgYNL2Nh0MC7wIP8R6Jhvgo8Dlfdl3289n/yMf45Y8tTzyUV01P3PdlmZ1cWG9xZug"
    "3uLG6Dk1TOeaqGYCq8Lipj51SZ6sxzJyNFoQrB8z7s+g2L2VjkdzHl0nnLTKnEWmTBxYzY"
    "uFsMuiTCMYm90BS83YFYyhQ+DrRPAnvgtEW4yTC6jMwBHr63KQsDx3bePid6RN/NYteAXh"
    "s03niGheceGudaFFGoCm8+GQWgatac2kADQaZcR0OGtOUhBRZTzPbSbEzmGnlWjlFTWv+k"
    "www6MBNJqDNqsZZ3HUisiu6ephmYiqDWNBhmwmGdofuT2JyMXCvNSKaeuWVYEBgz1eTq44"
    "59+uia2oM3JeJvzCnOxYBria7KEp3vPc5J5RBYTd9q03eSciHUZvNdGK7C6S1YzQq4p77E"
    "wlS2y4NxbXrh5bIAGrPlua7AUTgB5otJ5if+551KBr6YLlGMnljGu0Hjh0HDUayzQSN2K9"
    "TeJ9uf0ZGZCscTK4+EEIapsHxQDQfTYaVf1ux0S3ZaF5tL3151sbk6SbROEq1Ykmh6ZO76"
    "lZVxpOe/vTfrtXlV411pOM93EVzO8OWES3wTYpiTr/pND2ReXTE8/FcYoK67f0hMsknSA4"
    "rrSMwSowZymtp3sbFnQHURVnadA3d4plAcGsus6eyZNacKXogMC6VFMANbsDkoJbI4NBq6"
    "fUZCqGBE4Y68ji/gB2t028sEm31ZL15kcWa9eJHuzcJntUL3HSp0dUGduqBOdRFb60rfxW"
    "1mB4rVqtbT+Si4MwcZLbGazuphc5MaNcFuQ8XvV2tPh8Q2mxu0pydJxywFxTKCQa7bUFnd"
    "JhnZk9bPJptQW3tgbjFdTf1lFBPbc0OXXRJXs/PlRwUAx+e82kscka6Zs60Unghgre9UW9"
    "9RcCMn2Ho51xk1U1SeAGiNumOA2hdBfY6YgwHKQVbBVGNukwWGUjGDPzCV3AtukIDNYazW"
    "nAmQIvBGq6AkOCa9OYLFnf9FD559kZ3f3FxF1td5d91ydfflvAMbXg4MnTRXEEvI5qrv7y"
    "5Y3/WY33iZD63rYLXG+6jGW98wvYtSlqjmBquwtiJkQO36nq2U0nvrB6j/yseNBL038ry5"
    "SfUNQt2H//S6Vkb7rasW4bMyqhY9pd9rL8pxEKIJixpj+OmYO3aTuJO2yKABghzOKFofey"
    "/PWuyBYUrVADBuWdxszagxd8zJszE1bSqevWqBXvzy7NWgsTG7a7/zla8izuCNcy0Lr/9R"
    "uJ73fS+5cMwtlO8VVH1zR5UV7+8uQbrhZkDZU80K88E5B+oikyMnsrwrRoxhOyjR4rSFCV"
    "be9xIN1gLeR87vMRnKxGQsHT4qxmn3OM8Rr8fvtcRYEcxnLwXADrBE1dxNg8xJgcZXvybV"
    "3K9JdQmLvEVUbrLDqjaFb7wFRw+BHQw7/y4P7ToI7GjJHDM0Po3Zph0q6dFIMNtEnjc3mW"
    "3oes/KWG2+F5PN3mIWYPFOuRhuE7qQAFphd7gMQnBfOXw1sCzN4PvQLMcwKPwvKynYnJzg"
    "NDAZH3N1iQ02CAhx912hI5cc+jAXHG9CzllcJwpVYapvaYEpHs+WwpMqW6VrRAFANfQhnC"
    "93yWW5MUBaIQqcKa4KTR1VY+joRge3rhmaG45PTqhJqGpoJmwhBHHz2ynxVhqxMendTtl7"
    "hU/xxPpanYZTYhqOrOOdZ2cGADvtzJJOvX8PpKV80EC/wHzKbe76AgS7xza8zh64OIGNMK"
    "f29E+38gRKZkx6FogEISd9pjO5SbBGRXwX7m2W2nCSl3ergt7beRn1Za/9od8iEnZg3l58"
    "6lzeSaNI4LB9rNx3dQ0p+LrblSEqUMWumLRz6Bp29LB0mUYO5TAMUtkC4sA8FW2uYf58kL"
    "fo1wWS5eOAvQhobBE/BcXCyoNeNWm3fJwMGLRi7LrQkfccBGcZCfw3vbaUcVxV4QtD44pe"
    "GTG5AqiRGVuTT1X5rIpYLaKGWG0M/y6Oau9c2UYai0DWAlmVqXysee8NLCfB71uEmq7J6a"
    "TXx8rouiMoiEb4U6EGBV0QFd0Zt+kpiRiYTnxjlYXilpAlf4VjWjF9upxTLLDf56FUGKbK"
    "tMKrmxeC24jk93IAae1DCvA5vp801ivcMFCa1TUTS3HDLz/ix7foE+iLVfShRRPyqrcSqb"
    "UpY0G+XZxyhx9bXybp9j3XtokW4V2Wkgpw7CUFyuO2+53pyAogtB+oBgtB09HjmxRUEH7e"
    "3BhUsN7zsaCCxt/QRkEDowSajh3LAYVrSe4FY3LnTrjNzQkRfIn/nVg6d0tBASFVnQnrB7"
    "ci4fP5ktxe3fRvT5/HlsP+pqmDH6oV/CDJlssp6wMcrlO2skGqdf3j9H1Q1z8uvqbX8bG6"
    "neIOs5T/ujFZn8M/xasW1SJGobW/ipO93BLICUJXUBs5XdpiD3Xs5iHu6U3iC4Y8xdG64V"
    "4ur3+Vw4Tc5NaV3xFfskVGn9qX3R7BdNbRey/RlVCDe5do9fqgpIO+bpJVvfF4xmwBg24M"
    "XXiTIXLhTWrgwpsnLkpVOZlnLSwkSx1e6LUhMCRWh1c6FbZJm4wAHqG8ebjyZUIyok6VXN"
    "soAKi3UbZtNBY5b38KAI4vcHwvCBZMcYRgZr51HIWqMKobA/gmYdnPLMdU6TKoQ4G3m7Ek"
    "i1qvc3HX63WuLzq3p++9u9H+sGW1d80iBlWZH2AKfzJTjcsDpcxY8iXJftGPXAatCNDhGr"
    "UaU+4Ii4zZPRduDT15RLtECb6RTDjee0pOvGFbxE/fx6A3DxgExZc/PX/xQka5nZFp3F2w"
    "57meOuRZs9kwr2YRAaryudl4TVRtotlYXBHrMgCFMCgdcMJU4lXVkQIA7G03g4su3xNlyp"
    "QZxqnLH880M7Ymiht2I9fIwjTSeUY8KenwwttRIcvLHG6+dq5bUpVLjlMPFwlYp+zTxKzX"
    "8XDfhW5Sl0wtOqbJX/55a6bG4Coc2/S0PoW6aOoei6aulmEBiK1cZFfhuI3t2h1uqhTWQ1"
    "J+RJ6LKnswxBGt5L3eUClxleDK8nGY7skSfo9H44VuUD03H2T+t2/8x9xveYllEwRypk6Y"
    "1L18AVzG9qBWL1X/eGhQISMmuNG+rfxzgff199q39pR1USRJt1WNVtBVtrv9o3PbIktmDc"
    "zrG6xFMjC/tP9xDoqQQZfjrTShLHVh06vCxmrCuvspjz1rBXEIyfnSLRmKNMRoZAWLLdkY"
    "cszIRHtYFZEEPIaz7McYmzpo/GcAFJgBl3V/O9ScuKn3MAiTPaVl889kl2h5cz+xVUuyY5"
    "AUtG3q4MaA6/yjKmvVIXIlydEb4iPWAavMvAcro6u76WbMduhQ2IMGObE1/JDVxTHI9uKG"
    "7O2GKNkUVoeFpp+9xxsWKsXhfCacMEhtG6vU9bnHiNkNhrFAl9vRgBOEdR4YerOab8I79n"
    "Hb2NPcSnyouM0fmlxaCtkFN+a69+ox+8/qYXOTEUiJdNtnSPO3sAXXc3lCl2+A4TkXNvPT"
    "NEOOt99rU02ZphopqSawhU2Rsj5ElW8V0uDVHJtgVMHov0ZN4sznTICObjFyMvr87tOrv4"
    "5O3xNryhcmodjHbYtr+jsMVKa1RwGMT7jIp7KFYCodd0KJ/6qyUqmrVwF2beDRPwTczPrB"
    "66Ux6/mSGnqMmDuMU/KdQ2EExCiaXst0DazKRC3EurKPkqah1xwqTgJr3HglbwJ0iXfzBi"
    "056wyvDJmynIPhBudR0zNeGJot/TJYE9jmuoo5+vjb+8BYTeHdhnuSC3gPMJpLhY8RmkEb"
    "OQl+2e13et0v7RbxRxiYl93foO1D93P7tovtD9B+r82opeGzr72bW3R3qNpccAt9HnKMu9"
    "vP7WtvFMeaUROrml51bttdLGyqM4tK6P7NVfuz7MZ1OoOWu69XMBGWTHXmOkwSW0SZ4sbe"
    "ZjGWrVthQsayt+s890GztFVFhW2WQXSEEpfCWKNW7nVw3m3fwiKQsAOzfX1z3f2CdTy4qR"
    "kD8/wOiDv83OnfYR8HqDuUFs5q0EoH/mFQMcsj7oRhKmyc3jJ54uxFluQJ6JUeFf8iljyB"
    "QRu2kxTO/EHnNO0K7RDQGp7vEerwML0BsZc3d+dXHfK117no3nY951tgDJYPo0dPr9O+Ws"
    "cyNydboDkMVeM5A55lofQ8HCMAqDC7AKUmqPyOpeKJFisdntKlfHbiFUHO51YMQKqszUix"
    "13tXFGcV+GIs+3wy8stlj5pkZBmW/G/KdH106ma1+JYwWctfRr64ldBE/ELNPc1R8tFdh+"
    "dvw/8q7oOMBxLUrufvgsxHm4XRcMtYSP4ZmAaDC+MzakEFO6GlvozGySG/z4f0BMg6SSOO"
    "YC97OR9uo0AVRuvqvq/FlFtYtvNeUzDd1v0ClClgm7tXfZkKs2yMvr4nIwQZPVGd5TVHYe"
    "a4iwhUhWlSlbALH2MJKmidOtOMxQdEllfligxX8oh8vHfBSWI9EG563Yt+I4nFl0eMQ+Tt"
    "u4+2JS2jZ2mGjRUWbAqgaSSCphKELZx5JYiCO2T+BaPtmP53hIiPx+QWhaNji22MYMq/A3"
    "r4oLHFjhjremP9BkMdE75KiTBMrZgaX4cZYg2H2YuoykxR16Uu7Z0ThgVhQOjSl89J2/0B"
    "J5EFZ5DXjVnvyWjujIEVjTBhVJaSUaYR42dyQup+pqmLvVYryjG/EbI2Ph6A8RHj94a7Re"
    "6sDVFlR18dt5PsUIIFstsaiAxQr4DDWwEgTCRd55XuVQ4AKu1THvlxlCN5S5IJ+jW+9zBo"
    "bkpFDSQRRdZSXCZcpNUkI/8urhGKNyNradnMiAe673uykpcEZtHHV0R65LTfv8Lbv7IR06"
    "5EnKCpbQqUXgGVGB/ty7TlIr3AMOXonszpeE2CrV0jCXXwAp01Xxm8NbAqe7er4naKpCKW"
    "aLutGpozF21bW2OPZ/5Gd33t3sviUEpilJW6SDJi10yw0K3bPbPY5yJ212x2ultuMCzPZt"
    "GFLIGEwaUqlmQO3HsnI3/Ykbz30zENas0CqRFUszET0Mv9MUq4UHJPc9QWumpZ6HDRMTHE"
    "Mll5FLk1sANT59y3d1ftSnPKoJqlA5asZmEhtDz08vtXmVBbJuAUj1y8FDkp/3fTtSU+xB"
    "EieC8pCbVn4Cg9A7UKtz/12DtzcyE2AlPbHGq9+Mn1YndF1vpwBuRGNm+l9OA2E5oybSRo"
    "wN6T5ibdl6761Pf6HhLjbG5SJJmwEqvmbFAiVyDHKDa/yXK3LvRKF5vfxO7XxU2VA8Ne9y"
    "PE7stMSsnLDUrJy4Q8abckVRzD6bXbQyDl30T4NEpJYbXOY3JYmYfZn/8Ph8AWvA=="
)
