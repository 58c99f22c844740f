"""Pre-read scenarios: thin notes, from peers and from senior leaders."""

from tests.preread.scenarios.build import (
    finding,
    flag,
    note,
    scenario,
    story,
)

SCENARIOS = [
    scenario(
        "One thin note",
        why=(
            "Four interviewers wrote a paragraph or more; one wrote a single line. Ask him what "
            "he saw out loud."
        ),
        focus=("Storage", "Performance"),
        weak_spots=("Working with design",),
        notes=[
            note(
                "Rafael Gomez",
                "yes",
                "Fine. Knows Elasticsearch well. Would work with him.",
                ratings={"Performance": "yes", "correctness": "yes"},
            ),
            note(
                "Aiko Tanaka",
                "yes",
                (
                    "Designed sharding for a search index that no longer fits one cluster. Jamie "
                    "began with query patterns and document counts, proposed routing by tenant "
                    "with a fallback for the two largest tenants, and worked out the re-indexing "
                    "cost. He identified hot shards as the main risk and suggested measuring "
                    "before splitting further. Good depth, clear communication, sensible numbers."
                ),
                ratings={"Storage": "yes", "Performance": "yes", "reasoning": "yes"},
            ),
            note(
                "Lena Hoffmann",
                "yes",
                (
                    "Storage deep dive. Jamie explained segment merging, why deletes are "
                    "expensive in Lucene, and how he would size disks for a year of growth. When "
                    "I asked how to migrate without downtime he proposed dual writes with an "
                    "alias swap and a verification job comparing result sets. Very strong on "
                    "storage."
                ),
                ratings={
                    "Storage": "strong_yes",
                    "engineering_maturity": "yes",
                    "reasoning": "yes",
                },
                stories=[
                    story(
                        "Re-indexing forty million listings",
                        setup=(
                            "His marketplace had to change the analyser for every listing without "
                            "taking search down."
                        ),
                        actions=(
                            "He built a parallel index, dual-wrote for a week and compared top "
                            "results for the thousand most common queries."
                        ),
                        outcome="The alias swap happened during business hours with no incident.",
                        conclusion="Careful, measured approach to risky migrations.",
                    ),
                ],
            ),
            note(
                "Maya Cohen",
                "yes",
                (
                    "We discussed a design for search-as-you-type. Jamie asked what latency users "
                    "would notice, proposed showing cached suggestions first, and explained the "
                    "cost of each extra keystroke request in plain language. He was happy to "
                    "change the backend to make the design work rather than the reverse. I would "
                    "enjoy working with him."
                ),
                ratings={"signal_to_noise": "yes", "ownership": "yes"},
                probes=("Working with design",),
            ),
            note(
                "Marco Silva",
                "yes",
                (
                    "Behavioural round. Specific stories with measurable outcomes, including one "
                    "about a latency regression he introduced and how he found it with a flame "
                    "graph. He reflected on what he would do differently and described mentoring "
                    "two junior engineers through on-call. No concerns."
                ),
                ratings={"ownership": "yes", "engineering_maturity": "yes"},
            ),
        ],
        expect=[
            finding("thin", "Rafael Gomez"),
        ],
        expect_not=["vote_conflict", "rating_conflict", "missing", "late"],
    ),
    scenario(
        "Senior leader at 55% of the median, peer at 55% too",
        why=(
            "Two notes are about 55% as long as the loop's median: the VP Engineering's is thin "
            "because senior leaders are held to a higher bar (60%), the engineering manager's is "
            "not (40%)."
        ),
        focus=("Growing engineers", "Operational excellence"),
        weak_spots=("Working with finance on budgets",),
        notes=[
            note(
                "Elena Rossi",
                "yes",
                (
                    "Leadership conversation. Avery has run a team of eight through a "
                    "reorganisation and talked sensibly about career ladders and promotion cases. "
                    "She was thoughtful about underperformance and gave a concrete example of a "
                    "plan that worked. Some gaps on platform strategy, but I think she would grow "
                    "into it here. I lean yes, happy to discuss her. She asked about our org "
                    "design."
                ),
                ratings={"Growing engineers": "yes", "ownership": "yes"},
                leader=True,
            ),
            note(
                "Marco Silva",
                "yes",
                (
                    "Behavioural round on coaching. Avery described weekly one-to-ones with "
                    "written notes, a growth plan per engineer and how she handed a senior "
                    "engineer the tech lead role. She admitted she once waited too long to "
                    "address a conflict between two engineers. Good reflection overall and a "
                    "realistic view of what she can fix. She also asked how we run calibration "
                    "here."
                ),
                ratings={"Growing engineers": "yes", "signal_to_noise": "yes"},
            ),
            note(
                "Kwame Mensah",
                "yes",
                (
                    "We designed the on-call and incident process for a platform team of twelve. "
                    "Avery separated incident command from fixing, proposed a weekly review of "
                    "pages with a budget for toil, and wanted error budgets agreed with the "
                    "product teams that depend on us. When I asked how she would handle a team "
                    "that ignores its error budget she suggested escalating with data, not "
                    "opinions, and freezing non-urgent releases. She knew the vocabulary but also "
                    "the failure modes: alert fatigue, heroics, postmortems that blame. Her "
                    "answer on capacity planning was thin, but she asked the right questions "
                    "about growth forecasts. She also wanted a quarterly game day to rehearse the "
                    "big failure modes. Solid yes from me, and I would happily be on her on-call "
                    "rota."
                ),
                ratings={
                    "Operational excellence": "yes",
                    "engineering_maturity": "yes",
                    "reasoning": "yes",
                },
            ),
            note(
                "Daniel Osei",
                "yes",
                (
                    "Operational review of a real incident from our platform last year. Avery "
                    "read the timeline, spotted that the rollback took longer than the fix, and "
                    "asked why deploys were not reversible. She proposed three follow-ups in "
                    "priority order and was honest that she would need time to learn our tooling. "
                    "She asked who owns the runbooks today and how often they are tested, which "
                    "were exactly the gaps we found ourselves. She gave an example from her "
                    "current company, which froze deploys for two weeks every quarter end and saw "
                    "incidents spike right after; she made the case for smaller, reversible "
                    "deploys behind a canary and got the freeze shortened to two days. Changes "
                    "process with evidence and brings leadership along."
                ),
                ratings={
                    "Operational excellence": "yes",
                    "ownership": "yes",
                    "signal_to_noise": "yes",
                },
            ),
            note(
                "Henrik Olsen",
                "yes",
                (
                    "Budget conversation. I gave Avery our cloud bill and headcount plan and "
                    "asked where she would look first. She asked which costs were committed and "
                    "which variable, picked out the idle staging clusters and the "
                    "over-provisioned databases, and proposed a monthly review with engineering "
                    "and finance together. She was comfortable saying she did not know our "
                    "discount terms yet and asked how we forecast growth. Clear, numerate and "
                    "collaborative; she treated finance as a partner rather than an obstacle, "
                    "which is exactly what this role needs given the size of the platform spend. "
                    "She also suggested tagging every resource by team so that cost reviews stop "
                    "turning into arguments about ownership."
                ),
                ratings={"ownership": "yes", "signal_to_noise": "yes"},
                probes=("Working with finance on budgets",),
            ),
            note(
                "Nadia Petrova",
                "yes",
                (
                    "Values conversation about trade-offs between speed and quality. Avery spoke "
                    "about protecting the team from thrash while keeping product partners "
                    "informed, and gave an example of saying no to a launch date with a written "
                    "risk summary that the director accepted. She asked thoughtful questions "
                    "about how we run planning and how managers here are supported. Warm, direct "
                    "and self-aware. She was candid that she prefers written communication and "
                    "has had to learn to speak up in large meetings. I would be glad to have her "
                    "as a peer. When I asked about a manager she had learned from, she described "
                    "someone who wrote down every decision and its reason, and said she has kept "
                    "that habit; her written follow-up to our recruiter after the screen was a "
                    "good example of it."
                ),
                ratings={"ownership": "yes", "engineering_maturity": "yes"},
            ),
        ],
        expect=[
            finding("thin", "Elena Rossi"),
        ],
        expect_not=["vote_conflict", "rating_conflict", "focus_gap", "weak_spot_gap"],
    ),
    scenario(
        "Senior leadership role: VP of Engineering",
        why=(
            "For a VP hire the CEO's one-liner is the most influential and least written-down "
            "view in the room; the vote splits and the VP Sales raised a red flag about how the "
            "candidate talks about sales."
        ),
        focus=("Scaling the organisation", "Technical strategy"),
        weak_spots=("Working with sales",),
        notes=[
            note(
                "Catherine Moore",
                "strong_yes",
                "Impressive. Has done this before. Let's move fast.",
                ratings={"Scaling the organisation": "strong_yes", "ownership": "yes"},
                leader=True,
            ),
            note(
                "Michael Brandt",
                "yes",
                (
                    "Strategy session on the stalled monolith split. Helena asked what the split "
                    "was meant to achieve and proposed stopping the big-bang plan in favour of "
                    "carving out the two domains with the most change. She was realistic about "
                    "org design following architecture and had a credible 90-day plan."
                ),
                ratings={
                    "Technical strategy": "yes",
                    "Scaling the organisation": "yes",
                    "reasoning": "yes",
                },
                stories=[
                    story(
                        "Carving payments out of the monolith",
                        setup=(
                            "At her last company the monolith blocked twelve teams from releasing "
                            "independently."
                        ),
                        actions=(
                            "She picked payments as the first domain, staffed a team for it and "
                            "froze new features in that area for a quarter."
                        ),
                        outcome=(
                            "Payments released daily within six months and two more domains "
                            "followed."
                        ),
                        conclusion="Pragmatic strategist who sequences the hard work.",
                    ),
                ],
                leader=True,
            ),
            note(
                "Arjun Mehta",
                "yes",
                (
                    "Product and engineering partnership. Helena wants a shared roadmap with "
                    "explicit engineering investment, and gave a concrete example of negotiating "
                    "a platform quarter with her product peer. She listened more than she talked "
                    "and asked how we decide priorities today. I would enjoy working with her, "
                    "although I want to understand how she handles sales-driven commitments."
                ),
                ratings={"Technical strategy": "yes", "signal_to_noise": "yes"},
                leader=True,
            ),
            note(
                "Robert Hale",
                "no",
                (
                    "I asked how engineering should respond to a large deal that needs a custom "
                    "feature. Helena's answer was that sales should stop selling what does not "
                    "exist, and she described sales as the people who make promises engineering "
                    "has to break. She would not engage with how to say yes to part of it. For a "
                    "company where enterprise deals fund the roadmap this worries me."
                ),
                ratings={"signal_to_noise": "no", "ownership": "no"},
                flags=[
                    flag(
                        "red",
                        (
                            "Described sales as 'the people who make promises engineering has to "
                            "break'; would not look for a partial yes."
                        ),
                        "concern",
                    ),
                ],
                leader=True,
                probes=("Working with sales",),
            ),
            note(
                "Ingrid Larsen",
                "yes",
                (
                    "Architecture conversation with a principal engineer. Helena asked for our "
                    "current system map and found the shared database as the real coupling "
                    "problem. She did not pretend to know our code and was clear about how she "
                    "would rely on principal engineers for technical decisions while owning the "
                    "sequencing herself."
                ),
                ratings={"Technical strategy": "yes", "engineering_maturity": "yes"},
            ),
            note(
                "Nadia Petrova",
                "no",
                (
                    "Behavioural round from the perspective of a manager who would report to her. "
                    "Her scaling plan was sound on paper, but when I asked about a time she got a "
                    "reorganisation wrong she described other people's resistance rather than her "
                    "own mistakes. I came away unsure how she takes feedback from below."
                ),
                ratings={"Scaling the organisation": "yes", "ownership": "no"},
            ),
        ],
        expect=[
            finding("thin", "Catherine Moore"),
            finding(
                "vote_conflict",
                "Arjun Mehta",
                "Catherine Moore",
                "Ingrid Larsen",
                "Michael Brandt",
                "Nadia Petrova",
                "Robert Hale",
            ),
            finding("red_flag", "Robert Hale"),
        ],
        expect_not=["rating_conflict", "unclear_flag", "focus_gap", "weak_spot_gap"],
    ),
]
