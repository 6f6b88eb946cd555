from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "announcement" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "author_identity" VARCHAR(64) /* the author's identity the delivery summary goes to (null: nobody to tell) */,
    "program_id" VARCHAR(64),
    "scope" JSON NOT NULL /* the area codes the audience was limited to (an admin's areas for a program target) */,
    "text" TEXT NOT NULL,
    "media" JSON /* {"kind": "photo", "ref": file_id or path} when there is a photo (Telegram only) */,
    "status" VARCHAR(12) NOT NULL /* DRAFT: draft\nSCHEDULED: scheduled\nSENDING: sending\nSENT: sent\nCANCELLED: cancelled */,
    "send_at" TIMESTAMP,
    "telegram" INT NOT NULL /* recipients counted when sending started: residents by channel, and groups */,
    "sms" INT NOT NULL,
    "groups" INT NOT NULL,
    "segments" SMALLINT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "started_at" TIMESTAMP,
    "area_id" INT REFERENCES "area" ("id") ON DELETE SET NULL /* one of: an area (RT, kelurahan, kecamatan or kota) or a program (the areas where it runs) */,
    "author_id" INT REFERENCES "resident" ("id") ON DELETE SET NULL /* who wrote it; null for the operator's command line (and after the author erased their data) */
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "announcement";"""


MODELS_STATE = (
    "eJztPW1z2zbSfwWjL7VnlDRRHCdVcr2RbTVx45eeLd91LurIEAlLrEhABUErvj75788uKE"
    "qkSMqk3kzJ/JJYIBYgd4HFvuPviiNMZrsvG5LRSp38XeHUYfBHpL1KKnQ4nLZig6JdW3ek"
    "QY+uqyQ1FLTdUdtl0GQy15DWUFmCQyv3bBsbhQEdLd6bNnnc+stjHSV6TPWZhAdf/4Bmi5"
    "vsG3Px59fKEObhqmOZOJd+yT+wz3DQubOYbUbe3e+k2zvqYajbTrn6RXfEV+h2DGF7Dp92"
    "Hj6ovuCT3hZX2NpjnEmqGA6vpIffhK88/vTgM/3Xn3bx3zsEY7I76tkqhINuZ9pW6XQuLl"
    "ud62ar06nkwJohOGIcXtXVX9/DV3hRe33w7uD9m8OD99BFv+ak5d13f+opYnxAjZ6LVuW7"
    "fk4V9XtoxE+RagDp42g97lOZjNeg/wxm4ZVnMRvgsbiodei3js14T/Xh5+HBHDz+u3F1/L"
    "lxtXd4sI8TCtgR/ja5GD+p6UeI6ilq9f85UBv0Xw1qg4Ypbqf7d+PIfV17lQG70CsVvfpZ"
    "FL82u2d2MoKb3HM0kk/hpSg3WAzZE+AiY7vy5bLVqJOBULTNvzSPG+eNVuMCGphBHdjRHF"
    "vPbq4an/1W25O0j61X/6kTOYL/W/C/5nm5KXaYhWCH6fQ6nCXXYADo93wOnJGJh0EeZ+UJ"
    "dBqzk8JsipUw8ylKleWw/wmei8uEYTa39isN16I//koHVCpa2QjPOcjCcg7SOc5BjOH8KS"
    "zeyXtgRoAWQvjsIl7HoVmhnFy1fnCJx3sec12cmuBbkzshiaVc0mI260nqEPwgYlt8QPZu"
    "/wncVap/SPXiI3b++Xb/A3EoQAlO7izpxljPuuZpcw/RJtnQpgYzyajPOIG5qOnAKJIFKH"
    "ZhDrInbJMMhauYdInCnq4SQzIScgBvqRfE3JX1ppZhZb2ppa4sfBRdWQZI20D/Dk3gjifw"
    "BDdtijwWgZxZX+YY9GXwR3GOtuybGj7QvOT2w3ihz0F96/S8ed1qnP+G0zmu+5et8ddoNf"
    "FJTbc+zLTuzR5hk0HIf05bnwn+JP+9vGhq9MKa6Uk947Rf678VfCfqKdHhYtShZmhPBq0B"
    "1iJU94bmglSPQpZULwrVAxyFyD5++ynVIypvRkEoAlNKQr4khIaCu0GiVuvjK47gX4RkVo"
    "9/YQ8x7WAGqzOGku3C7vdg/QSt01eUdDQxrUSXFXw8fDJT+vOvYJVfnR4DmhHLXWoMRlSa"
    "nRR0G33LNmGoOMKPxpC/fLliNtXf8UxwHdnzwD0skyHEUhi6Gg+zq1gSNlsWQzDEFh53md"
    "ADzQxNsTD2klg6nY60o0vJ45S7IyZZwimbB1M3k3H+BerKDiOsJ4U3XHJZfcIxQBPOwp+2"
    "cgdSzoUH8oKzPCtvhIYqzJICGQBU6ru61pzhNCZ7V63q1K5YnRoeCWjraJbcxz8oGUqhdf"
    "Y90KY1pIsauGSobUuPu/vZTJCpREAhRNRESPiIiCXxR07NmW2hnPY0pnBunGlMiWOYjemp"
    "Ym6y4FF1nqfMCHV6zFlWaQF+AmGAUNAqmEn2AIUjS/VBghr5bbgo9okSgNl7Jl2ABaqgpQ"
    "IQbd1T44FwoSyDvYyZV9Yw/uNuvNJjt0mPnU+azphwuRxMMcgiOz8WdTWt3HHRs+4ZX8BI"
    "E4bbQRPN9ppk4pY4A043nuZMTDG8TkHKXZRhFwWnUj7D1wzUQqavwmF6vbYvGTISLGn9ym"
    "FvKBqSs5rAZhZYxAh23Lg+bpw059nA1imYnuJ7WeohSTKdPJsrmlrhXusM5ColwE1KgPfU"
    "9nL5oCcAxY3aqtyqXv0jHKqKWObPt1Vy6zpu/WPz5evDA/9nn9l2/SM+jGk9OWE3HAdWCh"
    "drFy7QlnmfsCWOhLAZ5clIngLN4LgLUOtCcrBVcuwMPQihd4ppUwuTcGKgeg/sHt5fPsAs"
    "lu1JRva6QpGuLYwBM6vE4rDtLRMo4nSZjFlgVjhsdsXg6PLyLKITHJ22Zqh8c37UBOrrga"
    "GT5R/F8dinMmQifbdtp/M8S8hEqUWUWkSpReTRIibYT9AiwpRJ1yLCS6HUIrZqg8/TIjaa"
    "nlAwl2hUHn2fJVL4fXqk8Pt4aoIwqJ0Lu1OIDQZlW8F7rBvBWfCbjt5Z7Iohim/CSzic5g"
    "r8EbgNyvyTlhxC/3Xr8jfyIwFZ+HPzonUKeBYk4n5Gx6vNXBfw/kHHPVvMJa6ybJsYwt+p"
    "EXF/FQM+iaAvWc/CUO2FZP0Y8ArE/YLxsi2R7jP5YUbMxrWWFLQzb2OHwYq9r1dB1VKJLp"
    "XopZRoDNDJp0CHIMro80d15yB3vow9n6Myh5ZURF2G+cnFzdlZxshzP/hqyWC8UJzXlnGp"
    "bIHDvhvQWja4Oux03EU8lfHnZfz5inAFSmZXfFsOS5d6jHPMku1tr15SxumvFGGYEA1i96"
    "bD9bcRVTsfrT/qCzKSQmGY/Qc9gM6ixzhuMcT3E/IHF403DuUmptIzsod/+T5fHarvwddK"
    "An1dZmKLJQkajDcarx+R5jA4eUKMZIJdctYS8E8muW4y3rUCehWGdsuv9LxuIKG/Lu4CGg"
    "ssc9w/QY9HkxsaRFq9viI9SeGAN0n3IbIWP5BbIF+P3hLLJUyHGASuJVimljO0LQPzRWC+"
    "eGLDisdOcEZ9jTi6BkBv/dWohP1ROqqe0FEVkCLuSnm8zFMAW+QoqsqXZuum0cFaTQOmPN"
    "qRqs0bJ+enF3W/fkk2Zrz2NAh/5y2SCBGBLG2Fpa1wq4i74qJdZQhTGcJUAAGyukgI0yxn"
    "2JyVe1vRmmbmfuKosLhmlJz+HFef5iZCT7p33En/MmJsm/jpPEH8zgYhIVEQT8Zr0H/3Is"
    "ZWXwHQVWyYB7dB/xK3j+MWF3Qct79eX14k4zboP6upWIYi/0dsy12bHFD5eOdx7RchXc+y"
    "lcXdlzjtz5X1HmNJqEb8RJSUAMV7543fZ7F/fHZ5NKt94ABH8dC9ZPdROjVCIMUgCM6Xly"
    "B+Cp4blNnwk2eYScYfR2zqKuL2xYhXiStIu1JrV4hBYVas50FNQl1CidEXlhEP7Vvx2E+8"
    "RByQIPOsj6D/Fi+O6/Prul9+hUo1IaSmGwZiPhDDU9B6R6jST1zWQ08EfJxjKSAq/g0vcd"
    "a4+PWmFVseKx/9iRdIWTY1/STdTkNUQmxoagnFAphNtl7IjxlN8iihWQwsgYtuA+aVJyXG"
    "+vLDlqscEYqvSSoeEQ2/mVM/YqbjSlX5r+Esd/YNZuLURgQt5W07snrPRc//qVZ78+Zd7d"
    "Wbw/dvD969e/v+1YQXxB/NYwpHp5+QL0Q4++PWANOSbLI0FvHNRQYotIMOPXEWb/PLm1ad"
    "jPOHcqu1WbTadKW2LCqxcYdnmCflQPMMWIENNBWU9ser4gdQDEacOH60IbFMsmfxrvC4uV"
    "/VUUVDKQx4CAQBZRHUy6BKhOAJGukqB55L9Z+yUP2ndKr/FKO6AvrFyd2C1mRyB/0LTOdV"
    "WINazd9b8zW5ibZwdnnxKeg+q97N4FoMLSPP3poA7AK2Z64rypIke5CeJXsQS5OF6VSawj"
    "Tvgr8w1O7hefUcY7uS6J5APdpC80MRAmGKto12Jg5mBxFbuDCYguF4FYaaaWbi04XBbCla"
    "l0n2XGcYjJ9i1bxPqY8UflydZyjz0706bNLz0Vj5S86IjpHRelIPr13AWxf8gYgUozoZYU"
    "HL2wHtUilV8AT9eOT05BYr9QMR4oHyqxx4xQE4pW1uU7a5/KLozrrEdkkGxX3tJQRPZLO3"
    "TqGLbP6r/OumedM8qROYxGNmm183L05OLz7V0RFtAqV1S0v/VG1+0jw7/XfzCgHGliOE+a"
    "VxeoZNWMIUfzd//+1U92Hfhpbucdy4OG6e6U4GYsu2/RTU/DebZzE7pkcrvY5FK1GlmDNM"
    "2MDXDrXtdG1jCra54PBX6+Wib2rvDid8E3/M45TX542zs7iaYTIFiyCPBWQKUWDrhzaxMi"
    "mFrJKotXVqaa0SzBA1bAqc28SrmNpe7VXtkHBMkJv0CwyYMQPuSkefu4lqb99m2EXQK3Ub"
    "6WczcUT+GySql/MkkSjcLiVabEAomaOHOtNCBkvqSnkLIxSNHFm1puhKLFL6QJQCqZpTiE"
    "SP6U6ZtKZlUgW+huSfsCdUWkKOa9pg7EGVRDr63K3jcQUnwh+ltlNIbSd8zUnWQz4MU+Bj"
    "fkEnR3mJxRbGG2zU81w05G7a9TykD7agCWw7PdA8BFKMWPNFMkOCdAqChWDgaLMohv8ja/"
    "3gV4Qx6RCrw0hQtpl0sc2JaQcLjvHEceNlUe51FuXePttUxbcw5d1Az90+FZaY8xiownCl"
    "hSpu8EvYO5ksfkm75nkjFFObOtp6lUecikLtgk6waZlqLPB35lneHlUXOnPtb1tJh3UHoH"
    "GhOl12l5g3Od/rF4Us70YosvPPFw3cBcIMo5AllYtMZYN6LvOJk4d3RqAKzDMrOvZEvy76"
    "jOpkr10ZpwO0K3i55CThjFiYIACPw2VcdZ9x+5+iiz8H7GF/7HqK6anrnmy+UyuLDa6Wbo"
    "OrxW1wmso5T9UQTIHXRWHsnCYzvSHrAKHzYDkKtRI8r+WSZZcprJw66gvtpGVcK7EuGQk5"
    "IAp3i0MfiPQ4USPLwHLBxDX68HGgfRLYA/t1IjjDKDK8MBa3Q1VXW43tvHVO9Ii+m8WuAb"
    "3maLzxTIqxG6iba1FEoQq8+bS337TcIVVAA0n6wkZDhrblIQVGfcvGGtNYW/d2bOW4rWrr"
    "n3aMQQfGkYQ2oy6rB3cKxxbFeqZpc0NStz8ZpidgnaGbkyhBbn0rza3OJvPrXiAw6VNXrz"
    "7hqaQrjNfuTYn4FXOKczHgUqIrskSHdsAFhPYQWEnfYtO3l3LDwHzzXRiuwGksWD4IuKf9"
    "gJWAlM+DcW2Ow8h1xSmm9LluwFHYA+aLWb17weftawY+6j+gGN1znXftyo/time4tXYlfi"
    "n9uidbn9GRcUPgiZVHQgjDFFg+KIaDabvSLEt2uiA7Lat7pW+vsrpXmQxaJoMWLBk0PQI3"
    "JBzcL38H1Uwy4pbxrjSc57sqKmeYcsKtcAmxysl3x6UHLE/vrOv8FQYoC51vE5OskvSA4j"
    "ISc4NRAzlN7cvY2DOgehVWdlsAd3hhUBwa61rZ7IU7pAbesAcLpU4w01qyISgluhovGroD"
    "RkKoZMQQnr7jbMIPZui2lgnm+7JevcrizHr1Kt2bhc9Khe4ZKnRl4ZyycE5xEVvqSs/i+q"
    "gtxWpR6+ZMr45O0Kci90qnq1H6CuuOEfQrtadtYpvVOdrTk6RjbgTFOoJBr1u8VHj8ylVy"
    "q3r1j5z1qLLuda0EBQ9/vo2J7bmhNxyVAO+TLz9qArB7zqu1xBHZFh8spPBEAEt9p9j6jo"
    "EbOcHWK4TNKE9ReSZAM9TtAtS6CBpwxBwMUA8yDabqCkVGGErFHHHPTHInhUMmbA5jtYZM"
    "ghSBVwhNCntj0psnWdz5v+rBsy+yo8vLs8j6OjqdtVzdnB81YcPrgaGT5QtiCdlc5YXJK9"
    "Z3x8yv+5APrbNgpcb7qMZbXum7jFKWqOZOVmFpRciA2tk9Wyil9zoIUP9VdCsJem/keXWe"
    "6jsJde/8Oe5aGO23rFqEzzZRtegp/V5rUY4nIZqwqDGGn3aFp6rEn7RO2hUQ5HBGWf909b"
    "pWZ/cMU6ragHHXFbw+oM7Q470XXcoVlS/e1EEvfl17067Mze5a73ybVxEH8Ma5lsW4/064"
    "ntd9EbT0+ALK9xSqvKGjyIr3s0uQrvgZUKpvuWE+OBRAXWRyZE+XccWIMWwHJVru1zHBav"
    "y9xIK1gBdAiztMhuKYjGXDR8U47Rrn2eH1+FxLjK2C+aylANgWlqga+mmQOSlQ+S2oSTUM"
    "alKdwCKvE1Nwtl3VpvCNF+DoIbCtYefP8tAug8B2lswxQ+PTmG0aoZIelQSzTeR5dZ7Zhs"
    "72LIzV5rmYbNYWswCLty9kZ5HQhQTQArvDdRCC/8qhKAQt1k98aK7nOBT+15UUlCB7OA1M"
    "JrrCfMAGBQJC3H230pE3HPowlKInqZOzuE4UqsBUX9ACs3o8u4ZIqmyVrhFNAIqhD+F8uU"
    "su640B0gox4EzxVWjqmRZDRzc6uG3LsfxwfLJHOaGmY3HYQgji57dTMl5pRGHSu0rZeyuf"
    "4on1tTINZ4NpOLqOd56dOQFYamdu6NT7u60t5e0K+gWGfaGE7wuQ7A7b7iwbi6QRvI6eqv"
    "53v/IESmZMexaIBiF7LWYzvUmwRkV8F65tltJwkpd3m5LeqbyM+uSq8UurTjRsm18ff26e"
    "3GijyMRh+1i57+IaUvB1FytDtEIVu2DSzrZr2NHD0mcaOZTDMEhhC4gD8zSsoYX585O8xa"
    "AukC4fB+xFQmOdBCkoLlYeHFeT9svH6YBBN8auVzrymoPgXCeB/6bXlnJ2qyr8ytA4pVdG"
    "TE4BSmTG1uRTVT4rIlZXUUOsNIY/i6N6fK4sIo1FIEuBrMhU3tW89wqWkxB3dUK5b3Lau2"
    "phZXTbkxREI/zToA4FXRAV3YFQdJ9EDEx7gbHKRXFL6pK/0uNuTJ/ezCk2sd/noVQYpsi0"
    "wiuaR1IoRPIHPYC29iEFxBDfTxvrDeE4KM3aFsdS3PBXEPETWPQJ9MUq+tBiSX3V2wapNS"
    "9jQb9dnHLbH1u/SdKte65FEy3CuywlFWDXSwpsjtuud6YdK4DQYNIy+pWkcAL/SXVuIMG0"
    "TxlCsCnZct0hBPdMuuNSgFn9xyGQnfBZzRQNe/s2S9Gwt2/Ti4bhsxlpDTZVDgyPu+8gdl"
    "9nKsn2ek5JttcJJdkEV4kVj9LdgCGQzbvon0YVXZmP7Ukj5L7/P8hDwyE="
)
