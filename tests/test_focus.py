from loops.rules.findings import Level
from loops.rules.focus import role_findings, suggest_focus


def test_a_backend_role_at_a_high_growth_company_suggests_both_lists():
    suggestions = suggest_focus("backend", "high_growth")
    assert suggestions[:4] == ["Storage", "Distributed systems", "API design", "Reliability"]
    assert "Fast iteration" in suggestions


def test_an_industrial_company_suggests_safety_and_traceability():
    suggestions = suggest_focus("ml", "industrial")
    assert "Production readiness" in suggestions
    assert {"Safety", "Verification", "Traceability", "Risk control"} <= set(suggestions)


def test_suggestions_leave_out_what_the_role_already_has():
    suggestions = suggest_focus("devops", "enterprise", taken=["incident response"])
    assert "Incident response" not in suggestions
    assert "Operability" in suggestions


def test_a_family_without_defaults_still_gets_the_archetype():
    assert suggest_focus("design", "enterprise") == [
        "Integration",
        "Migration",
        "Governance",
        "Long-lived systems",
    ]


def test_two_or_three_focus_competencies_and_a_weak_spot_need_no_warning():
    assert role_findings(focus_count=2, weak_spot_count=1) == []
    assert role_findings(focus_count=3, weak_spot_count=2) == []


def test_too_few_focus_competencies_is_a_warning_saying_how_many_to_add():
    (finding,) = role_findings(focus_count=1, weak_spot_count=1)
    assert finding.level is Level.WARNING
    assert finding.message.startswith("Name 1 more focus competency")
    (finding,) = role_findings(focus_count=0, weak_spot_count=1)
    assert finding.message.startswith("Name 2 more focus competencies")


def test_too_many_focus_competencies_is_a_warning_not_an_error():
    (finding,) = role_findings(focus_count=5, weak_spot_count=1)
    assert finding.level is Level.WARNING
    assert not finding.is_error
    assert "keep the 3 this role needs most" in finding.message


def test_a_role_without_weak_spots_is_asked_for_them():
    (finding,) = role_findings(focus_count=2, weak_spot_count=0)
    assert "No weak spots yet" in finding.message
