from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "group_chat" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "identity" VARCHAR(64) NOT NULL UNIQUE /* the group's identity, `tg:<negative chat id>` */,
    "title" VARCHAR(128),
    "linked_at" TIMESTAMP NOT NULL,
    "active" INT NOT NULL /* false once the bot was removed from the group (a permanent delivery failure) */,
    "area_id" INT NOT NULL REFERENCES "area" ("id") ON DELETE CASCADE,
    "linked_by_id" INT REFERENCES "resident" ("id") ON DELETE SET NULL
);
        ALTER TABLE "area" ADD "join_code" VARCHAR(32) /* an RT's unguessable code for its Telegram join link (`?start=rt-<code>`); made on first */;
        CREATE UNIQUE INDEX "uid_area_join_co_f897e1" ON "area" ("join_code");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "uid_area_join_co_f897e1";
        ALTER TABLE "area" DROP COLUMN "join_code";
        DROP TABLE IF EXISTS "group_chat";"""


MODELS_STATE = (
    "eJztXetz2zYS/1cw/FJ7Rklj2XUSJZcb2VESNX6kttx2Ls7IEAlLrCiABUErvl7+91uApE"
    "SKD5N6mZL5JY5ALEDu4rG/fQD/aCNmEMt53uQEaw30j0bxiMB/IuU1pGHbnpbKAoF7lqqI"
    "gxo9R3CsCyi7xZZDoMggjs5NW5iMQil1LUsWMh0qmrQ/LXKp+bdLuoL1iRgQDg++foNikx"
    "rkO3Hkz6+aDf1Q0TUN2Zd6yW+yjj3s3prEMiLv7lVS5V1xb6uyNhUfVEX5Cr2uzix3RKeV"
    "7XsxYHRS26RClvYJJRwLIpsX3JXfJF/Z//TgM73Xn1bx3jtEY5Bb7FoixINed1qmdbtn55"
    "3uZavT7WoFuKYzKjkOr+qor+/LV3hW3zt4efBq//DgFVRRrzkpefnD63rKGI9Qseeso/1Q"
    "z7HAXg3F+ClTdRB9nK3HA8yT+RrUn+EsvPIsZwM+lpe1I/y9axHaFwP4eXiQwcffmxfHn5"
    "oXO4cHu7JDBjPCmyZn/pO6eiRZPWWt+luAtUH95bA2KJjydjp/187cvfqLHNyFWqnsVc+i"
    "/LXIHbGSGdyi7kgxuQ0vhalOYsyeEJeZ29rn806zgYZM4Gv6uXXcPG12mmdQQHQ8ghlNZe"
    "nJ1UXzk1dquRwPZOnFHw3Ex/C3A3/VmldYYod5BHaYLq/DWXENh8B+11uBcy7iYZKHl/IE"
    "OfnLSWkmxVIW8ylLhTki/2W00CoTplnf2Neajol//hUPMRdYW8uac5BnyTlIX3EOYgvOX8"
    "yk3aIbZoRoLobPDuJVbJoapuii85ODXNp3iePIrpF8a3TLODKFgzrEIn2OR0h+ELJMOkQ7"
    "N/+G1ZWLf3Hx7K2s/O5m9w0aYaBiFN2a3IktPavq55q6km2c2BbWiYHGA0IR9IWNEbTCSc"
    "BiB/pAO8wykM0cQbiDhKzpCGajMeNDeEs1IDJH1n49x8jar6eOLPkoOrJ00LZB/l2csDq+"
    "hydy0qboYxHKmfFl+KTPg/+UZ2vLP6nhA41zat37Az2D9Z32aeuy0zz9IrsbOc7fluJfs9"
    "OST+qq9H6mdGd2C5s0gv5odz4h+RP95/yspdgLY6bPVY/Tep3/aPKdsCtYl7JxFxuhORmU"
    "BlyLSN21jTmlHqWspF4WqQc8Condf/up1COQN6ciFKGpNCFPE5KGgtthIqr1+BVn8AfGid"
    "mnn8l9DB3McHXGULJZ3P0RjJ+gdPqKHI8nppXosIKPh08mQn3+BYzyi/YxsFlyuYf14Rhz"
    "o5vCbn1gWgY0FWf4kU/54fMFsbD6jifC68ich9XDNIikWIhDF34z28olZpFFOQRNbOB2l4"
    "s9UEykKRbaXpBL7WlLWzqUXIqpMyacJOyyRTh1NWnnN4ArW8ywPmeuveCw+ijbACScZ33a"
    "mBko9z9WZ6F9L7Ijxh+N6qPZEkxxX32S7Fv25DPsGHojqquYhyZ4VMty0uihSg/5abTOgK"
    "BgH0IYFFqAyTsAusemGMDmPfbKRvB0FwmGMLoDeAy0iN1KkIxsbt5h/R5RJkydPI8h+xW0"
    "/7AHqXIWrdNZ5Imm6wuukG8jRllmu/u8Xo6l28z75h2hc9gHwnRbaB3YXGtA3AikDzClaX"
    "6sFJvflKSaRTlmUbArFbO5zFDNZXUpHadXa3bhIXy6oOGlANQtG5PzWl9mBljE/nLcvDxu"
    "vm9lmV9WqZi25XuZ4j5JM508y1RNzXCtVcYQVRrgOjXAO2y5hdyfE4LyBgxpN6LfeAubqk"
    "Cm8e6mhm6ckdN423q+d3jg/RwQy2q8lQ9jqKcg7ZpDkCrlYuXKhTSj3SVMiSPGLIJpMpOn"
    "RDM87gHVqpgcTJUCM0M1gvCtIBwAu0047BgS3sNyD+/P76EX03I5QTs9JlDPYvqQGDVkUp"
    "j2pgESGfUI341NmuU1mx8YHJ2fn0QwwVG7MyPlq9OjFkhfNQyVTG8rjofdVN769Nm2mX7b"
    "PN76CkVUKKJCEUVQxIT7CSgiLJl0FBEeChWK2KgJnoUi1hoZXzJvXFQffZUnSPVVepDqq3"
    "hUPNOxVYi7U4o1xgObwXusmsF5+JvO3lnuMluqb8xN2JwyFf4I3Rp1/klJAaX/snP+Bf2M"
    "QBf+1DrrtIHPDAEmZC5stdJ95yDGkUUcB/j+RoXcmsRBjjAtC+nMm6kRdX8ZDT6Kos9J35"
    "RRwnPp+jHiJaj7JVvLNkS7z+WHGRNLjrWkeJGsiR0mK/e8XoZUKxBdgeiFQLRMKy4GoEMU"
    "VeDzg9g5SNuuwp4zIHNoSEXgMvSPzq5OTnIGPXvBVwvGzIXivDZslcoXs+q5Ac1F43rDTs"
    "dt5FMV+lyFPi+JVwAye+z7Ylw6V22cygTN/ubikipEfKkMk7m4oHavO1J8U1hVyJIeUSNk"
    "VOyEYclMPaekw+CfXArFpL1LAWzdMhYX8T8w9XVx34O/U2b4HYIaD0bVNxE3+wOB+hzDzm"
    "Kg3r0KZme25Dfjb9ANiK+Pb5DpIKJ824FP4ycHmSPbMnVTINlfPKJ+yW0neEG+RjwsQ5C3"
    "+mqp/X+rPCSP6CEJRBG34T98tE1AW+bwHe1zq3PV7MrzaYZEuLjLxTVtvj9tnzW8MxtmJ8"
    "Mjxd97M2+eCPwIZWWkqoxUGyXcJR9UVMXOVLEzJVAga/PEzsyuDOszr24qW9Psq48cjhRH"
    "Rsl5t3H4lJmBO6nedSb1q1ClTVpPsxTxWwuUhERFPJmvQf3tC1Va/qlnjiB2Ed4G9SvePs"
    "xbOaDjvP318vwsmbdB/VmkYuoC/Q9ZprMyPUB7e+tSZZBHPde0hEmd57Lbd9pqt7EkVkv+"
    "REBKwOKd0+afs9w/Pjk/mkUfsoGjeMxYst8iXRohknIIRPZXVCBe7pcTnO/gZW0QA/kfhy"
    "zsCOQM2JjWkMPQtVa/1pCOoVd5kAQ2EHYQRvqAmXo8pmzJbT/yEKlOAkxfKDfTzpAQc5Z6"
    "KlgJUPHG63AxTFwEY+TBz4EHZg3o+VGFsbq8k8Uy0kN++6Sk9KhbPyMvfabiUpHa13D2LP"
    "kOPVFsSQYt5Ew5MvtPBca9rtf391/WX+wfvvrl4OXLX169mKwF8UdZi8JR+6NcFyIr+8Ng"
    "zzA5mQyNeVwvkQZK7X+RjhaTXtPzq04D+XkJhVFLHtCSjlmqZPW1+7PCa1IBNs+QlRh/ax"
    "IN+KPiJ4AHY4pGXhQTMg20Y9Iec6mxW1PHzduc6fAQBAJYANBDkH3OaALgWGbDmVJ/nUfq"
    "r9Ol/jomdQHyi4u7A6XJ4g7ql1jOS0lRaf3ZyUZyE7Rwcn72Mag+C+9meM1sUy8ytyYE28"
    "DtmRs48iTfHaRn3x3E0u+gO5EGmLLurApTbR+fl79ibFZyziPAow00P5QhzqFs02hrwhy2"
    "kLGli3IoGY+XYaiZZjw9XpTDhrJ1kSSyVUY5eKkbrbuUc1fCj2tZhjIvjaRL7vIevyItpE"
    "iFQCicBMCI3coruLyGEGfjBhrLg/JuhriHORfBE+mmQe33N/IEcBBCPA56mQ0vOb6iss2t"
    "yzZXXBXdWpfYNumgcl67Cb7xfPbWKXWZzX/ab1etq9b7BoJOXGJc08vW2fv22ccGcgg1QN"
    "KqpKN+imv6vnXS/r11IQl8y5Gk+dBsn8gieTSi/N3680tb1SHfbVPVOG6eHbdOVCVdcsuy"
    "vNS24pf15jE7pgej7MWCUbAQZGQnTODLEbasdLQxJVtf7O+L1a6i+/WXh5N1U/7IWikvT5"
    "snJ3GYYRABg6CIBWRKUWLrhzKxEs4Zr6GotXVqaa3BTs+QbmFYuQ15l+e1W39RP0RU5j9N"
    "6gUGzJgBd6mtZ06i+i+/5JhFUCt1GqlnUcH7b5AIL7M0kSjdNsXRr0EpycCho2mC9IJYqW"
    "jCddnEkRc1RUdimaLDoxJIRU4hET2EnXKhpkUiwb+G9J+wJ5SbjPtnZcjYgxqKVPRWt65L"
    "BewI3yq0U0q0E74+Ie8mH6Yp8TY/p5OjOhx/A+MN1up5Lhtz1+16tvG9xXDCsp0eZx4iKU"
    "ec+TyB/0G0PMLUACXdMLGM7pZL6xul6WMD2/KmAQ5gm3BHlo1i6GDONh45brw67HeVh/1u"
    "nm1K8yxMRSfQU7dPhTXmIgaqMF1loYob/BLmTi6LX9KsedoMlflMXWW9KqJORam2AROsW6"
    "fyFf5uluXtQbjQzbS/baQcVh2ARpno9sgt4wnKTbbXL0pZnbleZuefpxo4c4QZRikrKZdZ"
    "yjp2HeIJp8jaGaEq8ZqpqdgT9brSZ9RAO9eanw5wrclL6yYJZ8iUCQLwOHz5harjl//Fev"
    "LnkNzv+q6nGE5ddWfZTq08Nrh6ug2uHrfBKSkX3FVDNCUeF6WxcxrEcG3SBUEX4XKUail8"
    "XsnlrQ4R8mDM8YApJy2hCsQ6aMz4EAk5W0b4HnGXIjE2dYJ2MHL0AXwcoE8Ec2C3gRglMo"
    "pMXkQpp0NNHaYZm3mr7OgBvJvHrgG1MhBvPJPCdwP1Cg2KKFWJJ5/y9humY2MBMuBowCxp"
    "yFC2PCmB8cC0iPTwmw668a0cNzVl/VOOMahAqBShRbBDGsFdpbFBsZpurqnOsTOYNNNnMM"
    "6kmxMJhm48K82NyiZTVRQxGmBHjT7miqSrUVfuTYn4FQuqczHiSqMrs0Yn7YBzKO0hskq+"
    "ZZbvZqV/VWKeU8zVqUPpOnl16lCVpFYlqZUsSS09MjBkU7xb/FKumSSpDVu70nhe7IaSgu"
    "GTCbfgJMRQJt+Vkx5IOb2jp/t3mKA6X3eTFskaSg90rCLE1ujNLGgCXMT2l4PVy7D+WQxW"
    "h2c6lk3L83Ys8syxsU4MlaXRQDIDlBMbQIk6K1Qa4IKFBGFOkM5cdbXOZD2YkdtKOsi2sb"
    "/IcyU81Eq3sr+IXQpfAbq55mC5Nfs4oKsO9KgO9CgvYyus9CRuLdlQrpb1PI/pVZkJeCpy"
    "j2Y6jFJXdnb1oF6FnjZp2axloKdHSRNbC4uVZ1WNW3mXpf/KNXQj+o23lPSxMO9UDreAh+"
    "9uEv2yhajX7C2F9ymWtzEhKLHTfd60s1XEN/iXFRcHPBHCCu+UG+/ociIn2HoZswimKZBn"
    "QjQj3R5QrUqgwYpYYAFUjUyDPHpMoLEM8SAjdkcMdMvZCE2WORlDYhMOWgSsdWhy4LBMxn"
    "E52Y2tj8tuPP8gOzo/P4mMr6P2rOXq6vSoBRNeNQyVTE8RS8gyqe7pXDLe9Re/3n0xts6S"
    "VYj3QcRb3SS5CChLhLmTUVhZEXKwdnbOlgr0XgaBs7+ynpaAeyPPa1nQdxKC2/3Lr1oa9F"
    "udpiKfreM0lcf0e60EHKssEKmfwaCWscW4x1xRQ16nDXStgSIne+SNjxd79Qa5IzLV4xo4"
    "7jiMNoZ4ZLu0/6yHqcD82X4DcPFeff9ay8w6WW1/64eIQ3jjQsPCr78VrudV3z/KXToH+J"
    "5SVTcHlBl4P7nETc3LzBAD0wmvgzYD6cpFDu2o4yVlxJgsBxDNdxsy8cP/XmTCWJD3jrJb"
    "maRBZZKI5d8WHllpV9jPFo/Hp3r00TIWn5UcTLSBR+fYXnpWQQloX4KzcuzgrJz3MMgbyG"
    "CUbNYpOPKN51jRQ2Qbs5w/yU27CgLbWjHHDI2PY7ZpEm7qAy3BYOM/qWWZavC0TmlsNE/F"
    "QLOyCAVQUJ3UC3WTWRsi2UKovZKD4eWkKsBhv/oWcncvV/T0Xkb09F5C9LR3f2QRdBEiWT"
    "+6eJyNcmk44lE3sx//B4gphYk="
)
