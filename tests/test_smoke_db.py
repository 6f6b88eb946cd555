from models import Area, AreaLevel


async def test_db_fixture_works(db):
    await Area.create(code="JMB", name="Kota Jambi", level=AreaLevel.KOTA)
    assert await Area.filter(code="JMB").count() == 1
