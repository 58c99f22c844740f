"""The stream's panel cache: one read per version for every kind of screen watching."""

import asyncio

import pytest

from loops.live.stream import Panels


class FakeDebrief:
    """Stands in for the database: a version, and a record of every read."""

    def __init__(self):
        self.version = 1
        self.reads: list[tuple[str, ...]] = []

    def render(self, debrief_id, audiences):
        self.reads.append(audiences)
        return self.version, {audience: f"{audience} v{self.version}" for audience in audiences}

    def current_version(self, debrief_id):
        return self.version


@pytest.fixture
def debrief():
    return FakeDebrief()


def test_one_read_renders_every_audience_watching(debrief):
    panels = Panels(debrief.render, debrief.current_version)

    async def run():
        with panels.watching(7, "member"), panels.watching(7, "facilitator"):
            first = await panels.current(7, "member")
            debrief.version = 2
            answers = await asyncio.gather(
                panels.get(7, "member", 2), panels.get(7, "facilitator", 2)
            )
            return first, answers

    first, answers = asyncio.run(run())
    assert first == (1, "member v1")
    assert answers == [(2, "member v2"), (2, "facilitator v2")]
    assert debrief.reads == [("facilitator", "member"), ("facilitator", "member")]


def test_a_version_already_rendered_is_not_read_again(debrief):
    panels = Panels(debrief.render, debrief.current_version)

    async def run():
        with panels.watching(7, "member"):
            await panels.get(7, "member", 1)
            return await panels.get(7, "member", 1)

    assert asyncio.run(run()) == (1, "member v1")
    assert len(debrief.reads) == 1


def test_an_audience_that_joins_during_a_read_gets_its_own_panel(debrief):
    panels = Panels(debrief.render, debrief.current_version)

    async def run():
        with panels.watching(7, "member"):
            member = asyncio.ensure_future(panels.get(7, "member", 1))
            await asyncio.sleep(0)
            with panels.watching(7, "restricted"):
                restricted = await panels.get(7, "restricted", 1)
            return await member, restricted

    assert asyncio.run(run()) == ((1, "member v1"), (1, "restricted v1"))


def test_panels_of_a_debrief_nobody_watches_are_dropped(debrief):
    panels = Panels(debrief.render, debrief.current_version)

    async def run():
        with panels.watching(7, "member"):
            await panels.get(7, "member", 1)
        with panels.watching(7, "member"):
            await panels.get(7, "member", 1)

    asyncio.run(run())
    assert len(debrief.reads) == 2
