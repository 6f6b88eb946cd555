from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "unanswered_question" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "text" TEXT NOT NULL,
    "key" VARCHAR(200) NOT NULL /* lower-case, single-spaced text: how repeats of one question are counted together */,
    "created_at" TIMESTAMP NOT NULL,
    "area_id" INT REFERENCES "area" ("id") ON DELETE SET NULL,
    "resident_id" INT REFERENCES "resident" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_unanswered__key_ee986c" ON "unanswered_question" ("key");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "unanswered_question";"""


MODELS_STATE = (
    "eJztXWtz27YS/SsYfqkz46a2LD+iZDoj20qixpZSW24zjTMMRMISrimAIUErvr357xfgQ3"
    "zTpF6mFHyJIxALgGeJ5Z7FAvxXmVAdGfbLtoWg0gL/KgROEP9PrHwXKNA0w1JRwODQcCvC"
    "oMbQZhbUGC+7g4aNeJGObM3CJsOU8FLiGIYopBqviMkoLHII/uYgldERYmNk8Qufv/BiTH"
    "T0Hdni52fF5P0QpmJd9OUO8ouoY96rdxgZemzsXiW3XGWPplvWJeytW1EMYahq1HAmJKxs"
    "PrIxJbPamDBROkIEWZAh0TyzHHFPYsj+rQe36Q0/rOKNOyKjozvoGCyCwVANyxRV7fUH6n"
    "VnoKpKBdQ0SgTifKi2e/cjMYRfG/vN4+bJwVHzhFdxhzkrOf7hdR0C4wm68PQGyg/3OmTQ"
    "q+ECH4KqcdWnYT0bQysb16B+Alk+5CSyAY71hXYCv6sGIiM25j+PmgU4/tW+Onvfvto5ar"
    "4QHVI+I7xp0vOvNNxLAuoQWvdvBWiD+suBNigIsQ3n79rB3W/slUCX18qF170Wx9dAD8jI"
    "BrhDnIkLcpcPChINpcCeCdcZbeVDf9BugXvK4C350DlrX7YH7R4vQBqc8BlNROnFzVX7vV"
    "dqOBYci9Krv1vAmvK/A/7XtXmVNXZURmFH+fo6Sqrr/p7D73gWuKQRj4o8bcoz9OSbk9pM"
    "iqUY8xBShifov5RUsjJRmfU9+0rbxvC3P+A9tBhU1mJzmmVMTjPf4jRTBkfjPhGHRYUZz/"
    "A5vyKgzXlrxiQTsOu+6MvgP/UxQOWh5zeo94nx6E+6AugH3cvO9aB9+VF0N7Htb4aLX3vQ"
    "EVcabuljonQnaWhmjYC/u4P3QPwE//R7HRdearOR5fYY1hv8o4gxQYdRldCpCvWIuxGUBq"
    "jFtO6Y+pxaj0tKrddF6wFGEbX7ow+1HiMmJV9XMRn5vvLeV4LO3d1ncg8PrzTAb6mF8Ih8"
    "QI8pHy6BaoLObha6P4LnJygNh2jB6YwAxx8rfvP8lhFzb/+KP+VX3TMOs0B5CLX7KbR0NQ"
    "dubYwNnTeVBvzUl3z74QoZ0L2PnwTr2Jzn1gPrSEgshNCV38y2okQNtChCvIkNfN2VgocX"
    "IxEw420viFI3bGlLHyWHQGJPkYUy3rJVkLqZtfOng+wtA0yYdtqgEZMeM/bpS5PGJFkCCR"
    "y5tyT6Fj35wJ3x3pDbVSpEHFzaLYoSa5FKTwWKlcEYgcDEAsh9NaSDHWqBKWZj/l6aemUT"
    "fvUFYBRA8IAsm8sCegcYlzUt/AC1R0Aowxp6mYxqrKL9p0PYMlq9zmi1pxrVV1yl4GpKss"
    "6Bv3nDrEsP2o3wAyJzUN+o3BYS380luun4hjaGhOQF0nPCWaGInEUlZlHwVqoWTkhIzRVQ"
    "qB3Sq40oWBHqtWBMoQKLqxvIZQMLiQcsFlo4a1+ftc87RZGFVTqmXTEuzB6zPNPZtULXFE"
    "drrTKJQXqA6/QAH6DhVFrvmgnUN2NB+cpGrTf8pcoA1n//ugu+2hO79abzcv+o6f0cI8No"
    "vREXU6ynouyacyCkc7Fy50JEiB4ypsQppQaCJBvkUCiB8ZBLrQrkYKpUmBluIwDeMWRxwm"
    "4ii78xBL3n5p6P33rkvWDDsRDYGVIGhgbV7pG+CzDh0x7rXCOTIbJepCbN8potTwxO+/2L"
    "GCc47Q4SWr65PO1w7bsN80rYexWn1/3lQnT+bNvMJckyC9GSRUgWIVlEFRYxQz+DRUQ1k8"
    "8ioo+CZBEbNcGLWMRaU3NrttAU90dPymTJneRnyZ2k03KpBo1K6IYSa0xIxME4Vg1wGXzz"
    "4U2iS03hvlEn4+VU6PDH5Nbo889KKjj914P+R/Ab4L7w+05v0OU4U8A5IXX4q1Ys39mAWs"
    "BAts1xfw0sZBoY2cBm2DCARr2ZGnP3l9Hgszj6Fhphm4mF7Tl8/ZTwEtz9mtmyDfHuS63D"
    "TJEhnrWsVIiiiR0Vq/e8XoZWJYmWJHohEi32NVYj0BEJmdP7JHcO9o3KjN4Cyhx5pGJ0mf"
    "cPejcXFyXzeb3kqwWzDCN5XhtmpcqlY3rLgHjRlNXoouM24iSzemVW75Kw4iRzSL8vhlLf"
    "beOSUzI42lxeIrOf15v9HHs3ilTPGXLZ6PYJGlD+T6m35Ky9a8Zh3TKIqwTVqXt36YC6b/"
    "4LgulBjSdTxdvAwqMxAyMLcnOpg+Gjm6FNTYE3tV6Dr1x9I/gVYBsgd8E2CNT/YgM8MQ2s"
    "YQZEf+k08SW3nRHa/xxbNrjn+nbvWri0X2TY/xnD/oEq0oHppw+MCGTrnJOifOgMbtqqOP"
    "XhHjEHqha7Je3zy26vBaA+wSQ5GZ4pqdybefOklcckZeRFRl42SrlLPv5DJoTIhJAaOJC7"
    "8ySEJC3D+mKGmwprXtDwmXNs0swoezNpmj4VbiudVVftWX2Zf7NJ9rTIEb8zuJOQ6Yhn4x"
    "rU3778m4NGCe/6oJHrXYtLca/AZsisgm1QX2L7NLbigU5j+8d1v5eNbVA/yVSwxsD/gIHt"
    "lfkByps7h7hRZjB0sMEwsV+Kbn9XVvsay4Ja4BMjKQHEO5ftT0n0zy76p0n2IRo4TSdCZQ"
    "fj87UREamHQkR/VRXibWiyg0MLvK0ISAf+zQED2gzYYzolu8Cm4FZp3CpAg7xXcToC1AG0"
    "AQTamGItnSi15Laf+RGRJ7flG8rNjDNkJFLlnuJUA1a88T5cihNX4Rhl+HOwArMG9vysyl"
    "jdZorFtllHFqOzdlrH16oLNlsnKi6VqX2ObglF33lPBBoCoIUWU07x6Gehca8ajYOD48be"
    "wdHJYfP4+PBkb2YL0peKjMJp952wCzHL/jTZ07GFZo/GPEsvsQZqvf4iFlowuSX9m0EL+M"
    "n2lVlLGdKSz1nkDuy1r2dFbVIFmBNiNebfimAD/lPxC6cHUwImXmoOwDrYwWRIHaK/2AV3"
    "1AKmRTV+kSuEcwHOHoIt1ZRkEI5lNlyo9VdltP4qX+uvUlpnXH9pdQ94aba6g/o11vNS9l"
    "10Pg2KmdyMLVz0e++C6kl6l8CamlirMrdmAtuAduJc+zI7ypr5W8qaqT1lvDuWR5iKvgQT"
    "ldo+nJdvMTZrx8kz0KMNDD/UIc+hbtNoa9IcthDY2mU51AzjZQRqwm08z5flsKGwLrIzap"
    "VZDvH9CBmhstSGhfxgWbg/YsUfVxSZE4633GVhavm7lwhl6hBxQlX1W4syYrauiFn07Mqy"
    "7nhUZvuccXky4QbGxdYaIakbuOsOkZjw0aAww2zn50NEROqRDzFPgkqQ1QEg0cEE6RiKLA"
    "RhWl+7SQxQh6Y45tFCfDCWLcomqTDknG08c36DPGlplScthd7TPGtWEd9rfUjzqg6qirby"
    "503npnPeAp70Lbnu9M67vXctYPPHncPvlgzcn+yWnHcuun91roSAH4EXMm/b3QtRJM5NFb"
    "87nz523Trou4ndGmft3lnnwq2kCcQMwx9p5U8Jl3lN5Sf17aeS+qLOcVzV1xNoGLk+b1Ru"
    "fbso9lbr+R40jo9mvq74UeTdXl+2Ly7SARvIGJqYWQdTFAMalZOARg09tJmKLItaVdypuN"
    "Q2cIJ1+1S+w6/6a5JVF0gypbdBD6teKImEKFJ4Fy+UxCXlgXd1XijxXAN7juWwuKTUcp21"
    "rEHHRp5yqtjOmFSNbaYyFZ/ecIerA8xaYOdW8dNWbhXxxYBZYiTAIpGFX46ePOrW8cv/Q4"
    "fi5z16fAFuncZe4yjFU1fdWaGdb5SJwTXyY3CNdAzO1XLFt2pEpsbPRX3inBuVdCDN7Jxm"
    "Vu51yZ9hcq+LTI2QqRE1S414nnX8jLPyMhbzs0/Uy1/RD0/yU79FBeSBBZs0/3cLVuTlUu"
    "Yaw26clFRhBH71VUG9jA88GpRbh181KJoWGxgM9KttQo2zOPGgtMCYTsVnJ7i/7W6+pgSB"
    "wJAAaCGgcQ4nziqc2YOE3lbSQTEZ3Cvz4RheK58O7qU+HSO5ylxzsN5Oq8yQlhnSmwSspA"
    "E/xTFwG4pqXROk28jC2ljJIFP+ld0iAgXDOpIzbZKx3C3gTOIIv9xd/9nQRkS2gjklfObD"
    "wzI+8+Fhvs8sriWSbcxKp7351bcQ3f1SjGS/gJHsZzASb5NrGuH8rNqIyPqzap+HgSwtu3"
    "Wh84YWfZn9+D9VzSqr"
)
